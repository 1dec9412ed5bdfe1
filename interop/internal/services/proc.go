package services

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/rpc"
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

// ServeConns listens on addr, announces the address, and serves every
// connection it accepts with serve, each on its own goroutine.
func ServeConns(addr string, serve func(net.Conn)) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	Announce(l)
	for {
		conn, err := l.Accept()
		if err != nil {
			log.Fatal("accept: ", err)
		}
		go serve(conn)
	}
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

// ServeMain is the whole of a server program that offers one service under
// name: flags -addr (default 127.0.0.1:0) and -mode tcp|http, the handshake
// line, then rpc.Accept (tcp) or rpc.HandleHTTP and http.Serve (http).
func ServeMain(name string, rcvr any) {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	mode := flag.String("mode", "tcp", "tcp or http")
	flag.Parse()
	ExitWithParent()
	if err := rpc.RegisterName(name, rcvr); err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	switch *mode {
	case "tcp":
		Announce(l)
		rpc.Accept(l)
	case "http":
		rpc.HandleHTTP()
		Announce(l)
		log.Fatal(http.Serve(l, nil))
	default:
		log.Fatalf("unknown -mode %q (want tcp or http)", *mode)
	}
}

// DialFromFlags is the start of a client program: flags -addr (required),
// -mode (modes lists what Dial accepts) and -timeout (a watchdog, default
// timeout), then the dialled client. Any failure exits with "FAIL: ...".
func DialFromFlags(modes string, timeout time.Duration) *rpc.Client {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server address HOST:PORT")
	mode := flag.String("mode", "tcp", modes)
	limit := flag.Duration("timeout", timeout, "fail if not done after this long (0: never)")
	flag.Parse()
	if *addr == "" {
		Fail("-addr is required")
	}
	Watchdog(*limit)
	client, err := Dial(*mode, *addr, nil)
	if err != nil {
		Fail("dial %s (%s): %v", *addr, *mode, err)
	}
	return client
}
