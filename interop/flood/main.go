// Command flood is a hostile net/rpc peer: it pipelines requests and never reads a reply, as a
// client that would have the server hold every reply for it.
//
//	flood -addr HOST:PORT [-mode tcp|http|jsonrpc] [-conns 2] [-calls 512] [-method Flood.Big] [-arg 1048576] [-rcvbuf 0]
//
// It dials -conns connections and on each writes -calls requests for -method with the int
// argument -arg: with -mode tcp as net/rpc's client writes them (a gob rpc.Request, then the
// argument), with -mode http the same after rpc.DialHTTP's CONNECT handshake, with -mode
// jsonrpc as net/rpc/jsonrpc's ({"method":..,"params":[arg],"id":n}). Apart from the
// handshake's answer, nothing is ever read. -rcvbuf, when not 0, sets each connection's receive buffer
// (SO_RCVBUF), so that the kernel absorbs fewer replies. Prints "connected N" once every
// connection is up and "sent N" once every request has been written (a server that stops
// reading may keep it from ever printing that), then waits until stdin closes or it is
// killed. Any failure prints "FAIL: ..." to stderr and exits 1.
package main

import (
	"bufio"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/rpc"
	"sync"

	"gobrpc/interop/internal/services"
)

// conns holds every connection for the life of the process. A connection nothing refers to
// any more is closed by the garbage collector (the finalizer of its file descriptor), and
// closing a socket with unread replies makes the kernel reset it: a local slice, dead once
// the writers are done, let a collection reset a connection the tests expect to stay
// backed up, whenever the other connection's encoding happened to trigger one.
var conns []net.Conn

func main() {
	addr := flag.String("addr", "", "server address HOST:PORT")
	mode := flag.String("mode", "tcp", "tcp, http or jsonrpc")
	nconns := flag.Int("conns", 2, "connections")
	calls := flag.Int("calls", 512, "requests per connection")
	method := flag.String("method", "Flood.Big", "Service.Method of every request")
	arg := flag.Int("arg", 1<<20, "the int argument of every request")
	rcvbuf := flag.Int("rcvbuf", 0, "SO_RCVBUF of each connection (0: the system's)")
	flag.Parse()
	if *addr == "" {
		services.Fail("-addr is required")
	}
	if *mode != "tcp" && *mode != "http" && *mode != "jsonrpc" {
		services.Fail("unknown -mode %q (want tcp, http or jsonrpc)", *mode)
	}
	services.ExitWithParent()

	conns = make([]net.Conn, *nconns)
	for i := range conns {
		c, err := net.Dial("tcp", *addr)
		if err != nil {
			services.Fail("dial %s: %v", *addr, err)
		}
		if *rcvbuf > 0 {
			if err := c.(*net.TCPConn).SetReadBuffer(*rcvbuf); err != nil {
				services.Fail("SetReadBuffer: %v", err)
			}
		}
		if *mode == "http" {
			connect(c)
		}
		conns[i] = c
	}
	fmt.Printf("connected %d\n", *nconns)

	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			w := bufio.NewWriter(c)
			var err error
			if *mode != "jsonrpc" {
				enc := gob.NewEncoder(w)
				for seq := 0; seq < *calls && err == nil; seq++ {
					if err = enc.Encode(&rpc.Request{ServiceMethod: *method, Seq: uint64(seq)}); err == nil {
						err = enc.Encode(*arg)
					}
				}
			} else {
				enc := json.NewEncoder(w)
				for seq := 0; seq < *calls && err == nil; seq++ {
					err = enc.Encode(map[string]any{"method": *method, "params": []any{*arg}, "id": seq})
				}
			}
			if err == nil {
				err = w.Flush()
			}
			if err != nil {
				services.Fail("write: %v", err)
			}
		}(c)
	}
	wg.Wait()
	fmt.Printf("sent %d\n", *nconns**calls)
	select {} // ExitWithParent ends the process when stdin closes.
}

// connect performs rpc.DialHTTP's handshake on c: CONNECT /_goRPC_, answered by
// "200 Connected to Go RPC". The server sends nothing more until it replies to a request, so
// the reader holds no byte of the RPC stream.
func connect(c net.Conn) {
	if _, err := io.WriteString(c, "CONNECT "+rpc.DefaultRPCPath+" HTTP/1.0\n\n"); err != nil {
		services.Fail("CONNECT: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: "CONNECT"})
	if err != nil {
		services.Fail("CONNECT: %v", err)
	}
	if resp.Status != "200 Connected to Go RPC" {
		services.Fail("CONNECT: unexpected HTTP response: %s", resp.Status)
	}
}
