package services

import "fmt"

// CalcArgs is the argument of CalcService.CalcTwoNumber.
type CalcArgs struct {
	Number1, Number2 float64
	Operator         string
}

// CalcService is registered as "CalcService".
type CalcService struct{}

// Operators is the reply of CalcService.GetOperators, in this order.
var Operators = []string{"+", "-", "*", "/"}

// CalcTwoNumber applies Operator to Number1 and Number2. Any operator other
// than + - * / gives the error "unsupported operator: <op>". Division by zero
// follows IEEE 754 (±Inf or NaN), as Go's float64 division does.
func (CalcService) CalcTwoNumber(args CalcArgs, reply *float64) error {
	switch args.Operator {
	case "+":
		*reply = args.Number1 + args.Number2
	case "-":
		*reply = args.Number1 - args.Number2
	case "*":
		*reply = args.Number1 * args.Number2
	case "/":
		*reply = args.Number1 / args.Number2
	default:
		return fmt.Errorf("unsupported operator: %s", args.Operator)
	}
	return nil
}

// GetOperators replies the supported operators. The argument is an empty
// struct (gob sends it as a struct type with no fields).
func (CalcService) GetOperators(args struct{}, reply *[]string) error {
	*reply = append([]string(nil), Operators...)
	return nil
}
