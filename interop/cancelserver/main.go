// Command cancelserver serves a Slow service with github.com/keegancsmith/rpc, the net/rpc fork
// whose server answers the request "_goRPC_.Cancel" (body struct{ Seq uint64 }) by cancelling
// the context of the call with that Seq. The TypeScript client tests use it to see a timeout or
// an abort reach the handler: Slow.Wait blocks until its context is done, then prints
//
//	cancelled ID: context canceled
//
// on stdout and returns the context's error. It lives in its own module so that the main
// interop module stays standard-library-only.
//
//	cancelserver [-addr 127.0.0.1:0]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/keegancsmith/rpc"
)

// Slow has a method that waits for cancellation and one that answers at once.
type Slow struct{}

// Wait blocks until the call's context is cancelled, reports it, and fails with its error.
func (Slow) Wait(ctx context.Context, id string, reply *string) error {
	fmt.Printf("waiting %s\n", id)
	<-ctx.Done()
	fmt.Printf("cancelled %s: %v\n", id, ctx.Err())
	return ctx.Err()
}

// Echo replies its argument, to show the connection still works after a cancellation.
func (Slow) Echo(ctx context.Context, s string, reply *string) error {
	*reply = s
	return nil
}

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	exitWithParent()
	if err := rpc.Register(Slow{}); err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", l.Addr())
	rpc.Accept(l)
}

// exitWithParent exits on SIGTERM or SIGINT, and when stdin (a pipe from the test) reaches EOF,
// as the main module's services.ExitWithParent, which this module cannot import.
func exitWithParent() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sigs
		os.Exit(0)
	}()
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) != 0 {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			os.Exit(0)
		}()
	}
}
