// Command goodclient is a well-behaved net/rpc client driven one call at a time, for the
// hostile-peer tests: while a bad peer misbehaves against the TypeScript server, the test asks
// this client for a call and waits for its answer, so no sleep or timing bound is needed.
//
//	goodclient -addr HOST:PORT [-mode tcp|http|jsonrpc] [-timeout 100s]
//
// It dials once and prints "connected". Then, for each line "A B" read from stdin, it calls
// Arith.Multiply(&Args{A, B}) over that one connection and prints "A*B=R", or "error: ..." if
// the call failed. It exits 0 when stdin closes; -timeout is a hang guard for the whole run.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	mode := flag.String("mode", "tcp", "tcp, http or jsonrpc")
	timeout := flag.Duration("timeout", 100*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	services.Watchdog(*timeout)

	client, err := services.Dial(*mode, *addr, nil)
	if err != nil {
		services.Fail("dial %s (%s): %v", *addr, *mode, err)
	}
	defer client.Close()
	fmt.Println("connected")

	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var args services.Args
		if _, err := fmt.Sscan(in.Text(), &args.A, &args.B); err != nil {
			services.Fail("bad line %q: %v", in.Text(), err)
		}
		var reply int
		if err := client.Call("Arith.Multiply", &args, &reply); err != nil {
			fmt.Printf("error: %v\n", err)
			continue
		}
		fmt.Printf("%d*%d=%d\n", args.A, args.B, reply)
	}
}
