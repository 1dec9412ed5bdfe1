// Command badbody serves a net/rpc service whose argument types a client can
// get wrong, so that tests can record what Go's server does with a request
// body that does not decode: a remote type that does not fit the argument
// type, or a body that fails part of the way through its message.
//
//	badbody [-addr 127.0.0.1:0] [-mode tcp|http]
//
// Service "Svc" (P is struct{ X int }, Small is struct{ X int8 }); every
// reply is an int:
//
//	Slice([]P)          -> len(args)
//	Map(map[string]P)   -> len(args)
//	Ptrs([]*P)          -> len(args)
//	Ints([]int)         -> len(args)
//	Point(P)            -> args.X
//	Small(Small)        -> args.X
//	Echo(int)           -> args
package main

import "gobrpc/interop/internal/services"

// P is the struct the element and argument types are made of.
type P struct{ X int }

// Small holds a field that a larger remote value overflows.
type Small struct{ X int8 }

// Svc is the service; its methods only report what arrived.
type Svc struct{}

func (Svc) Slice(args []P, reply *int) error {
	*reply = len(args)
	return nil
}

func (Svc) Map(args map[string]P, reply *int) error {
	*reply = len(args)
	return nil
}

func (Svc) Ptrs(args []*P, reply *int) error {
	*reply = len(args)
	return nil
}

func (Svc) Ints(args []int, reply *int) error {
	*reply = len(args)
	return nil
}

func (Svc) Point(args P, reply *int) error {
	*reply = args.X
	return nil
}

func (Svc) Small(args Small, reply *int) error {
	*reply = int(args.X)
	return nil
}

func (Svc) Echo(args int, reply *int) error {
	*reply = args
	return nil
}

func main() {
	services.ServeMain("Svc", Svc{})
}
