// Command matrix serves the Matrix service (Echo, EchoMany, Big, Sum, Fail,
// Sleep, Crash), which echoes the whole gob type matrix; see
// internal/services/matrix.go for the types and method contracts.
//
//	matrix [-addr 127.0.0.1:0] [-mode tcp|http]
//
// tcp (default): rpc.Accept; http: rpc.HandleHTTP + http.Serve.
// Matrix.Crash(code) makes this process exit with status code at once.
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"net/rpc"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	mode := flag.String("mode", "tcp", "tcp or http")
	flag.Parse()
	services.ExitWithParent()

	if err := rpc.RegisterName("Matrix", new(services.Matrix)); err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	switch *mode {
	case "tcp":
		services.Announce(l)
		rpc.Accept(l)
	case "http":
		rpc.HandleHTTP()
		services.Announce(l)
		log.Fatal(http.Serve(l, nil))
	default:
		log.Fatalf("unknown -mode %q (want tcp or http)", *mode)
	}
}
