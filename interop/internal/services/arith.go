package services

import "errors"

// Args is the argument of Arith.Multiply and Arith.Divide.
type Args struct {
	A, B int
}

// Quotient is the reply of Arith.Divide.
type Quotient struct {
	Quo, Rem int
}

// Arith is the canonical net/rpc example service (registered as "Arith").
type Arith int

// Multiply replies A*B.
func (t *Arith) Multiply(args *Args, reply *int) error {
	*reply = args.A * args.B
	return nil
}

// Divide replies A/B and A%B, or the error "divide by zero" when B is 0.
func (t *Arith) Divide(args *Args, quo *Quotient) error {
	if args.B == 0 {
		return errors.New("divide by zero")
	}
	quo.Quo = args.A / args.B
	quo.Rem = args.A % args.B
	return nil
}
