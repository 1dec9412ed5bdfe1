// Command helloclient checks a HelloService server with Go's clients.
//
//	helloclient -addr HOST:PORT [-mode tcp|http|jsonrpc] [-timeout 30s]
//
// tcp = rpc.Dial, http = rpc.DialHTTP, jsonrpc = jsonrpc.Dial. Prints the
// reply of a synchronous call ("Hello, world") and of a client.Go call
// ("Hello, async"); on any mismatch prints "FAIL: ..." to stderr, exits 1.
package main

import (
	"fmt"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	client := services.DialFromFlags("tcp, http or jsonrpc", 30*time.Second)
	defer client.Close()

	var reply string
	if err := client.Call("HelloService.Hello", "world", &reply); err != nil {
		services.Fail("HelloService.Hello: %v", err)
	}
	if reply != "Hello, world" {
		services.Fail("HelloService.Hello: got %q, want %q", reply, "Hello, world")
	}
	fmt.Println(reply)

	var asyncReply string
	call := <-client.Go("HelloService.Hello", "async", &asyncReply, nil).Done
	if call.Error != nil {
		services.Fail("HelloService.Hello (Go): %v", call.Error)
	}
	if asyncReply != "Hello, async" {
		services.Fail("HelloService.Hello (Go): got %q, want %q", asyncReply, "Hello, async")
	}
	fmt.Println(asyncReply)
}
