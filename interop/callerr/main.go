// Command callerr calls methods of a server with Go's client and prints the error text Go's
// client gives for each, one quoted line per call, to compare with what a server meant to send.
//
//	callerr -addr HOST:PORT [-mode tcp|http|jsonrpc] [-timeout 30s] Service.Method...
//
// Each call sends the int 1 and expects an int reply. A call that succeeds prints "ok <reply>";
// a call that fails prints its err.Error() quoted as Go's %q does, with "(ServerError)" after it
// when Go's client classed it as rpc.ServerError.
package main

import (
	"flag"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	client := services.DialFromFlags("tcp, http or jsonrpc", 30*time.Second)
	defer client.Close()
	for _, method := range flag.Args() {
		var reply int
		err := client.Call(method, 1, &reply)
		services.PrintOutcome(reply, err)
	}
}
