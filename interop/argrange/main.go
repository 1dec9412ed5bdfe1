// Command argrange calls a server with arguments whose numbers do not fit the server's types,
// and prints the error text Go's client gives for each call, one line per call, for the tests
// of what a TypeScript server sends back (and logs) when a call's arguments fail to decode.
//
//	argrange -addr HOST:PORT [-mode tcp|jsonrpc] [-timeout 30s]
//
// The calls, in order (the server decides which fields are narrower than Go's int):
//
//	Range.Args  Args{A: 1 << 60, B: 1}                   A is past 2^53
//	Range.Args  Args{A: 3, B: 1 << 40}                   B is past 2^31
//	Range.Batch Batch{Items: {{"a", 1}, {"b", 1 << 40}}} Items[1].Count is past 2^31
//	Range.Args  Args{A: 3, B: 4}                         fits: the connection goes on
//
// A call that succeeds prints "ok <reply>"; one that fails prints err.Error() quoted as %q,
// with " (ServerError)" after it when Go's client classed it as rpc.ServerError.
package main

import (
	"time"

	"gobrpc/interop/internal/services"
)

// Args has Go's 64-bit ints, which the server may declare narrower.
type Args struct{ A, B int }

// Item is an element of Batch.
type Item struct {
	Name  string
	Count int
}

// Batch nests Items, so that a failure has a path below the top level.
type Batch struct{ Items []Item }

func main() {
	client := services.DialFromFlags("tcp or jsonrpc", 30*time.Second)
	defer client.Close()
	calls := []struct {
		method string
		args   any
	}{
		{"Range.Args", &Args{A: 1 << 60, B: 1}},
		{"Range.Args", &Args{A: 3, B: 1 << 40}},
		{"Range.Batch", &Batch{Items: []Item{{"a", 1}, {"b", 1 << 40}}}},
		{"Range.Args", &Args{A: 3, B: 4}},
	}
	for _, c := range calls {
		var reply int
		err := client.Call(c.method, c.args, &reply)
		services.PrintOutcome(reply, err)
	}
}
