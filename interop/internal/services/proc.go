package services

import (
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Announce prints the single handshake line "listening on HOST:PORT" for l
// to stdout. os.Stdout is unbuffered in Go, so the line is written to the
// pipe before Announce returns.
func Announce(l net.Listener) {
	if _, err := fmt.Fprintf(os.Stdout, "listening on %s\n", l.Addr().String()); err != nil {
		log.Fatalf("writing handshake: %v", err)
	}
	_ = os.Stdout.Sync() // not supported on pipes; harmless
}

// ExitWithParent makes a server exit with status 0 on SIGTERM or SIGINT, and
// when stdin reaches EOF (the parent test closed its end or died). Stdin is
// watched only when it is a pipe or socket: a terminal or /dev/null (for
// instance stdio "ignore" in Node) would otherwise end the server at once.
func ExitWithParent() {
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

// Fail prints "FAIL: <message>" to stderr and exits with status 1.
func Fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// Watchdog makes a client fail ("FAIL: timeout after D") if it is still
// running after d, so a peer that never answers cannot hang a test.
// d <= 0 disables it.
func Watchdog(d time.Duration) {
	if d <= 0 {
		return
	}
	time.AfterFunc(d, func() { Fail("timeout after %v", d) })
}
