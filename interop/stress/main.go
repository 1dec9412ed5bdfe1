// Command stress hammers an Arith server with concurrent calls.
//
//	stress -addr HOST:PORT [-mode tcp|http|jsonrpc] [-goroutines 100] [-calls 50] [-clients 1] [-timeout 120s]
//
// -goroutines goroutines each make -calls sequential Arith.Multiply calls
// with distinct arguments (A = g*calls+i+1, B = g+2), sharing -clients
// connections (goroutine g uses connection g % clients; default one shared
// connection, so calls are multiplexed). Every reply is checked. Prints
// "stress: N calls ok" (N = goroutines*calls) and exits 0, or prints
// "FAIL: ..." to stderr and exits 1.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/rpc"
	"sync"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	mode := flag.String("mode", "tcp", "tcp, http or jsonrpc")
	goroutines := flag.Int("goroutines", 100, "concurrent callers")
	calls := flag.Int("calls", 50, "calls per goroutine")
	clients := flag.Int("clients", 1, "connections shared by the goroutines")
	timeout := flag.Duration("timeout", 120*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	if *goroutines < 1 || *calls < 0 || *clients < 1 {
		services.Fail("bad -goroutines/-calls/-clients")
	}
	services.Watchdog(*timeout)

	conns := make([]*rpc.Client, *clients)
	for i := range conns {
		c, err := services.Dial(*mode, *addr, nil)
		if err != nil {
			services.Fail("dial %s (%s): %v", *addr, *mode, err)
		}
		defer c.Close()
		conns[i] = c
	}

	var wg sync.WaitGroup
	errs := make(chan error, *goroutines)
	for g := 0; g < *goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			client := conns[g%len(conns)]
			for i := 0; i < *calls; i++ {
				args := services.Args{A: g**calls + i + 1, B: g + 2}
				var got int
				if err := client.Call("Arith.Multiply", &args, &got); err != nil {
					errs <- fmt.Errorf("goroutine %d call %d: %v", g, i, err)
					return
				}
				if want := args.A * args.B; got != want {
					errs <- fmt.Errorf("goroutine %d call %d: %d*%d = %d, want %d", g, i, args.A, args.B, got, want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	if err, bad := <-errs; bad {
		services.Fail("%v", err)
	}
	fmt.Printf("stress: %d calls ok\n", *goroutines**calls)
}
