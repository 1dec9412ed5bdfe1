// Command hello serves HelloService.Hello (reply "Hello, " + request).
//
//	hello [-addr 127.0.0.1:0] [-mode tcp|jsonrpc|httpjsonrpc|http]
//
// Modes:
//   - tcp: accept loop, go rpc.ServeConn(conn) per connection (gob).
//   - jsonrpc: accept loop, go jsonrpc.ServeConn(conn) per connection.
//   - httpjsonrpc: HTTP server; every request to /jsonrpc is one JSON-RPC
//     call: its body is the request, the response body is the reply
//     (rpc.ServeRequest with a jsonrpc server codec).
//   - http: gob over HTTP CONNECT /_goRPC_ (rpc.HandleHTTP), for
//     helloclient -mode http.
package main

import (
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"net/rpc"
	"net/rpc/jsonrpc"

	"gobrpc/interop/internal/services"
)

// bodyConn joins an HTTP request body and its response writer into the
// io.ReadWriteCloser a server codec wants.
type bodyConn struct {
	io.ReadCloser
	io.Writer
}

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	mode := flag.String("mode", "tcp", "tcp, jsonrpc, httpjsonrpc or http")
	flag.Parse()
	services.ExitWithParent()

	if err := rpc.RegisterName("HelloService", new(services.HelloService)); err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}

	switch *mode {
	case "tcp", "jsonrpc":
		serve := rpc.ServeConn
		if *mode == "jsonrpc" {
			serve = jsonrpc.ServeConn
		}
		services.Announce(l)
		for {
			conn, err := l.Accept()
			if err != nil {
				log.Fatal("accept: ", err)
			}
			go serve(conn)
		}
	case "httpjsonrpc":
		mux := http.NewServeMux()
		mux.HandleFunc("/jsonrpc", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			conn := bodyConn{ReadCloser: r.Body, Writer: w}
			if err := rpc.ServeRequest(jsonrpc.NewServerCodec(conn)); err != nil {
				log.Printf("jsonrpc over http: %v", err)
			}
		})
		services.Announce(l)
		log.Fatal(http.Serve(l, mux))
	case "http":
		rpc.HandleHTTP()
		services.Announce(l)
		log.Fatal(http.Serve(l, nil))
	default:
		log.Fatalf("unknown -mode %q (want tcp, jsonrpc, httpjsonrpc or http)", *mode)
	}
}
