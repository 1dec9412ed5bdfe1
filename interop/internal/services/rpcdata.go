package services

import "encoding/gob"

// RPCData is the single message type of the rpcdata program's custom
// framing (see interop/rpcdata): a request carries the function name and its
// arguments; a reply carries the same name and the function's results, the
// last one being the error as a string, or a nil interface for no error.
type RPCData struct {
	Func string
	Args []interface{}
}

// User is the result of the rpcdata queryUser function (gob name
// "main.User" inside interface values).
type User struct {
	Name string
	Age  int
}

func init() {
	gob.RegisterName("main.User", User{})
}
