// Command dialhttp dials a net/rpc HTTP server with Go's own client and
// prints what happened, for the tests to compare with Go's exact words.
//
//	dialhttp -addr HOST:PORT [-path /_goRPC_]
//
// It prints "connected" when rpc.DialHTTPPath succeeds (and then checks
// Arith.Multiply), else "error: " and the error's text; the exit status is 0
// either way, as both are answers.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/rpc"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	path := flag.String("path", rpc.DefaultRPCPath, "the CONNECT path")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	services.Watchdog(30 * time.Second)

	client, err := rpc.DialHTTPPath("tcp", *addr, *path)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return
	}
	defer client.Close()
	var product int
	if err := client.Call("Arith.Multiply", &services.Args{A: 6, B: 7}, &product); err != nil {
		fmt.Printf("call error: %v\n", err)
		return
	}
	fmt.Printf("connected: 6*7=%d\n", product)
}
