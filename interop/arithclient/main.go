// Command arithclient checks an Arith server (Go's or the TypeScript one)
// with Go's net/rpc client.
//
//	arithclient -addr HOST:PORT [-mode tcp|http] [-tls -ca FILE] [-timeout 30s]
//
// Every check prints one line to stdout; the first failed check prints
// "FAIL: ..." to stderr and exits 1.
package main

import (
	"errors"
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
	mode := flag.String("mode", "tcp", "tcp (rpc.Dial) or http (rpc.DialHTTP)")
	useTLS := flag.Bool("tls", false, "connect with TLS")
	caFile := flag.String("ca", "", "with -tls: PEM certificate(s) to trust")
	timeout := flag.Duration("timeout", 30*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	services.Watchdog(*timeout)

	var client *rpc.Client
	var err error
	if *useTLS {
		if *caFile == "" {
			services.Fail("-tls needs -ca FILE")
		}
		conf, cerr := services.TLSConfigFromCA(*caFile)
		if cerr != nil {
			services.Fail("%v", cerr)
		}
		client, err = services.Dial(*mode, *addr, conf)
	} else {
		client, err = services.Dial(*mode, *addr, nil)
	}
	if err != nil {
		services.Fail("dial %s (%s): %v", *addr, *mode, err)
	}
	defer client.Close()

	// Synchronous Multiply.
	var product int
	if err := client.Call("Arith.Multiply", &services.Args{A: 7, B: 8}, &product); err != nil {
		services.Fail("Arith.Multiply: %v", err)
	}
	if product != 56 {
		services.Fail("Arith.Multiply 7*8: got %d, want 56", product)
	}
	fmt.Printf("Arith: %d*%d=%d\n", 7, 8, product)

	// Synchronous Divide.
	var quo services.Quotient
	if err := client.Call("Arith.Divide", &services.Args{A: 7, B: 8}, &quo); err != nil {
		services.Fail("Arith.Divide: %v", err)
	}
	if quo != (services.Quotient{Quo: 0, Rem: 7}) {
		services.Fail("Arith.Divide 7/8: got %+v, want {Quo:0 Rem:7}", quo)
	}
	fmt.Printf("Arith: %d/%d=%d remainder %d\n", 7, 8, quo.Quo, quo.Rem)

	// Server-side error.
	err = client.Call("Arith.Divide", &services.Args{A: 1, B: 0}, &quo)
	if err == nil {
		services.Fail("Arith.Divide 1/0: no error")
	}
	var se rpc.ServerError
	if !errors.As(err, &se) {
		services.Fail("Arith.Divide 1/0: error %q is %T, want rpc.ServerError", err, err)
	}
	if err.Error() != "divide by zero" {
		services.Fail("Arith.Divide 1/0: error %q, want %q", err.Error(), "divide by zero")
	}
	fmt.Printf("Arith: 1/0 error: %s\n", err.Error())

	// Ten asynchronous calls in flight at once.
	calls := make([]*rpc.Call, 10)
	replies := make([]int, 10)
	for i := range calls {
		calls[i] = client.Go("Arith.Multiply", &services.Args{A: i, B: i + 1}, &replies[i], make(chan *rpc.Call, 1))
	}
	for i, c := range calls {
		done := <-c.Done
		if done.Error != nil {
			services.Fail("async Arith.Multiply %d*%d: %v", i, i+1, done.Error)
		}
		if replies[i] != i*(i+1) {
			services.Fail("async Arith.Multiply %d*%d: got %d, want %d", i, i+1, replies[i], i*(i+1))
		}
	}
	fmt.Println("Arith: 10 async calls ok")

	// Unknown method: Go's server answers with this exact text.
	const wantUnknown = "rpc: can't find method Arith.Nope"
	var dummy int
	err = client.Call("Arith.Nope", &services.Args{A: 1, B: 2}, &dummy)
	if err == nil {
		services.Fail("Arith.Nope: no error")
	}
	fmt.Printf("Arith: unknown method error: %s\n", err.Error())
	if !errors.As(err, &se) || err.Error() != wantUnknown {
		services.Fail("Arith.Nope: error %q (%T), want rpc.ServerError %q", err.Error(), err, wantUnknown)
	}

	// The connection must still work after the errors.
	if err := client.Call("Arith.Multiply", &services.Args{A: 3, B: 4}, &product); err != nil || product != 12 {
		services.Fail("Arith.Multiply after errors: %d, %v", product, err)
	}
}
