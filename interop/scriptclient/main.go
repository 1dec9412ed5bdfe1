// Command scriptclient is a net/rpc client driven line by line from stdin, for the tests of the
// TypeScript server's graceful shutdown: the test decides when each call starts, so it can start
// one while the server drains, and reads each outcome as a line, with no sleep or timing bound.
//
//	scriptclient -addr HOST:PORT [-timeout 100s]
//
// It dials once and prints "connected". Then each stdin line is a command:
//
//	call ID Service.Method ARG   starts the call with a string argument and a string reply;
//	                             prints "ID started", and later "ID reply "R"" or
//	                             "ID server error "E"" (an rpc.ServerError) or "ID error "E"".
//	close                        closes the client and prints "closed <error>".
//
// It exits 0 when stdin closes and every call it started has finished.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/rpc"
	"os"
	"strings"
	"sync"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	timeout := flag.Duration("timeout", 100*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	services.Watchdog(*timeout)

	client, err := rpc.Dial("tcp", *addr)
	if err != nil {
		services.Fail("dial %s: %v", *addr, err)
	}
	fmt.Println("connected")

	var mu sync.Mutex // one output line at a time
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", a...)
	}
	var calls sync.WaitGroup
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.SplitN(in.Text(), " ", 4)
		switch {
		case len(f) == 4 && f[0] == "call":
			id, method, arg := f[1], f[2], f[3]
			call := client.Go(method, arg, new(string), make(chan *rpc.Call, 1))
			say("%s started", id)
			calls.Add(1)
			go func() {
				defer calls.Done()
				<-call.Done
				var se rpc.ServerError
				switch {
				case call.Error == nil:
					say("%s reply %q", id, *call.Reply.(*string))
				case errors.As(call.Error, &se):
					say("%s server error %q", id, string(se))
				default:
					say("%s error %q", id, call.Error.Error())
				}
			}()
		case len(f) == 1 && f[0] == "close":
			say("closed %v", client.Close())
		default:
			services.Fail("bad line %q", in.Text())
		}
	}
	calls.Wait()
}
