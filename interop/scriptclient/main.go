// Command scriptclient is a net/rpc client driven line by line from stdin, for the tests of the
// TypeScript server's graceful shutdown: the test decides when each call starts, so it can start
// one while the server drains, and reads each outcome as a line, with no sleep or timing bound.
//
//	scriptclient -addr HOST:PORT [-codec gob|jsonrpc|http] [-timeout 100s]
//
// It dials once (-codec http: rpc.DialHTTP; jsonrpc: jsonrpc.Dial) and prints "connected", or
// exits 1 printing "dial error "E"" when the dial fails. Then each stdin line is a command:
//
//	call ID Service.Method ARG   starts the call with a string argument and a string reply;
//	                             prints "ID started", and later "ID reply "R"" or
//	                             "ID server error "E"" (an rpc.ServerError) or "ID error "E"".
//	cancel ID                    sends `_goRPC_.Cancel` with body struct{ Seq uint64 } naming
//	                             call ID's sequence number (what github.com/keegancsmith/rpc's
//	                             client sends; net/rpc numbers calls 0, 1, ... and its jsonrpc
//	                             codec sends that number as the JSON id); prints
//	                             "ID cancel reply false" or "ID cancel server error "E"".
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
	"net/rpc/jsonrpc"
	"os"
	"strings"
	"sync"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	codec := flag.String("codec", "gob", "gob, jsonrpc, or http (gob over HTTP CONNECT)")
	timeout := flag.Duration("timeout", 100*time.Second, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	services.Watchdog(*timeout)

	var client *rpc.Client
	var err error
	switch *codec {
	case "gob":
		client, err = rpc.Dial("tcp", *addr)
	case "jsonrpc":
		client, err = jsonrpc.Dial("tcp", *addr)
	case "http":
		client, err = rpc.DialHTTP("tcp", *addr)
	default:
		services.Fail("bad -codec %q", *codec)
	}
	if err != nil {
		fmt.Printf("dial error %q\n", err.Error())
		os.Exit(1)
	}
	fmt.Println("connected")
	// The sequence number of each call by ID: net/rpc numbers the calls of a client 0, 1, ...
	// and every call is started from this goroutine, so counting them here matches.
	seqs := map[string]uint64{}
	var nextSeq uint64

	var mu sync.Mutex // one output line at a time
	say := func(format string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Printf(format+"\n", a...)
	}
	var calls sync.WaitGroup
	// Prints how `call` ended, once it has: "<what> reply ...", "<what> server error ..." or "<what> error ...".
	awaitCall := func(call *rpc.Call, what string, reply func() string) {
		calls.Add(1)
		go func() {
			defer calls.Done()
			<-call.Done
			var se rpc.ServerError
			switch {
			case call.Error == nil:
				say("%s %s", what, reply())
			case errors.As(call.Error, &se):
				say("%s server error %q", what, string(se))
			default:
				say("%s error %q", what, call.Error.Error())
			}
		}()
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.SplitN(in.Text(), " ", 4)
		switch {
		case len(f) == 4 && f[0] == "call":
			id, method, arg := f[1], f[2], f[3]
			call := client.Go(method, arg, new(string), make(chan *rpc.Call, 1))
			seqs[id] = nextSeq
			nextSeq++
			say("%s started", id)
			awaitCall(call, id, func() string { return fmt.Sprintf("reply %q", *call.Reply.(*string)) })
		case len(f) == 2 && f[0] == "cancel":
			id := f[1]
			args := struct{ Seq uint64 }{seqs[id]}
			call := client.Go("_goRPC_.Cancel", &args, new(bool), make(chan *rpc.Call, 1))
			nextSeq++
			awaitCall(call, id+" cancel", func() string { return fmt.Sprintf("reply %v", *call.Reply.(*bool)) })
		case len(f) == 1 && f[0] == "close":
			say("closed %v", client.Close())
		default:
			services.Fail("bad line %q", in.Text())
		}
	}
	calls.Wait()
}
