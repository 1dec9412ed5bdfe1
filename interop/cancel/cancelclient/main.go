// Command cancelclient is a github.com/keegancsmith/rpc client (net/rpc's wire format, with
// contexts) driven line by line from stdin, for the test of the TypeScript server's answer to
// `_goRPC_.Cancel`: the test starts a call, waits for its handler to run, then asks this client
// to cancel the call's context, which makes the module send `_goRPC_.Cancel{Seq}`.
//
//	cancelclient -addr HOST:PORT [-timeout 100s]
//
// It dials once and prints "connected". Then each stdin line is a command:
//
//	call ID Service.Method ARG   starts the call (string argument, string reply) under its own
//	                             context; prints "ID started", and later "ID reply "R"",
//	                             "ID server error "E"" or "ID error "E"" (with ", context.Canceled"
//	                             appended when the error is context.Canceled).
//	cancel ID                    cancels call ID's context.
//
// It exits 0 when stdin closes and every call it started has finished.
//
// It lives in its own module so that interop's main module stays standard-library-only.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/keegancsmith/rpc"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	timeout := flag.Duration("timeout", 100*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		log.Fatal("cancelclient: -addr is required")
	}
	if *timeout > 0 {
		time.AfterFunc(*timeout, func() { log.Fatalf("cancelclient: not done after %v", *timeout) })
	}

	client, err := rpc.Dial("tcp", *addr)
	if err != nil {
		log.Fatalf("cancelclient: dial %s: %v", *addr, err)
	}
	defer client.Close()
	fmt.Println("connected")

	var mu sync.Mutex // one output line at a time, and the cancel functions
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", a...)
	}
	cancels := map[string]context.CancelFunc{}
	var calls sync.WaitGroup
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.SplitN(in.Text(), " ", 4)
		switch {
		case len(f) == 4 && f[0] == "call":
			id, method, arg := f[1], f[2], f[3]
			ctx, cancel := context.WithCancel(context.Background())
			mu.Lock()
			cancels[id] = cancel
			mu.Unlock()
			calls.Add(1)
			go func() {
				defer calls.Done()
				defer cancel()
				var reply string
				err := client.Call(ctx, method, arg, &reply)
				var se rpc.ServerError
				switch {
				case err == nil:
					say("%s reply %q", id, reply)
				case errors.As(err, &se):
					say("%s server error %q", id, string(se))
				case errors.Is(err, context.Canceled):
					say("%s error %q, context.Canceled", id, err.Error())
				default:
					say("%s error %q", id, err.Error())
				}
			}()
			say("%s started", id)
		case len(f) == 2 && f[0] == "cancel":
			mu.Lock()
			cancel := cancels[f[1]]
			mu.Unlock()
			if cancel == nil {
				log.Fatalf("cancelclient: no call %s", f[1])
			}
			cancel()
		default:
			log.Fatalf("cancelclient: bad line %q", in.Text())
		}
	}
	calls.Wait()
}
