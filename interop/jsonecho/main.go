// Command jsonecho serves and calls EchoService over net/rpc/jsonrpc. Its
// methods reply their argument unchanged, so a client sees whether the
// server kept nil slices, []byte and maps apart from empty ones, as
// encoding/json does (nil is null; empty is [], "" or {}).
//
//	jsonecho -mode server [-addr 127.0.0.1:0]
//	jsonecho -mode client -addr HOST:PORT [-timeout 30s]
//
// server: an accept loop with go jsonrpc.ServeConn(conn) per connection.
// client: jsonrpc.Dial, then one call per case in order, printing a line
// "NAME ARGS -> REPLY" per call, where ARGS and REPLY are json.Marshal's
// text of the argument and the reply, or "NAME ARGS -> error: TEXT". The
// last call, Ints(nil), gets the reply {"result":null,"error":null}, which
// Go's client refuses ("invalid error <nil>") by closing the connection.
// On a reply that differs from its argument it prints "FAIL: ..." to
// stderr and exits 1.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/rpc"
	"net/rpc/jsonrpc"
	"time"

	"gobrpc/interop/internal/services"
)

// Slices holds one nil-able value of each kind encoding/json tells apart.
type Slices struct {
	Ints []int
	B    []byte
	M    map[string]int
}

// Nested holds nil and empty slices inside arrays, slices, maps and
// behind a pointer.
type Nested struct {
	A  [2][]int
	SS [][]int
	MS map[string][]int
	BS [][]byte
	P  *[]int
}

// EchoService is registered under the name "EchoService".
type EchoService struct{}

// Slices replies its argument.
func (EchoService) Slices(args Slices, reply *Slices) error {
	*reply = args
	return nil
}

// Nested replies its argument.
func (EchoService) Nested(args Nested, reply *Nested) error {
	*reply = args
	return nil
}

// Ints replies its argument.
func (EchoService) Ints(args []int, reply *[]int) error {
	*reply = args
	return nil
}

// Bytes replies its argument.
func (EchoService) Bytes(args []byte, reply *[]byte) error {
	*reply = args
	return nil
}

func main() {
	log.SetFlags(0)
	mode := flag.String("mode", "server", "server or client")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (server) or server address (client)")
	limit := flag.Duration("timeout", 30*time.Second, "client: fail if not done after this long (0: never)")
	flag.Parse()
	switch *mode {
	case "server":
		serve(*addr)
	case "client":
		services.Watchdog(*limit)
		client(*addr)
	default:
		log.Fatalf("unknown -mode %q (want server or client)", *mode)
	}
}

func serve(addr string) {
	services.ExitWithParent()
	if err := rpc.RegisterName("EchoService", new(EchoService)); err != nil {
		log.Fatal(err)
	}
	services.ServeConns(addr, func(conn net.Conn) { jsonrpc.ServeConn(conn) })
}

func client(addr string) {
	c, err := jsonrpc.Dial("tcp", addr)
	if err != nil {
		services.Fail("dial %s: %v", addr, err)
	}
	defer c.Close()
	ints := []int{}
	call(c, "Slices", Slices{}, new(Slices))
	call(c, "Slices", Slices{Ints: []int{}, B: []byte{}, M: map[string]int{}}, new(Slices))
	call(c, "Slices", Slices{Ints: []int{1, 2}, B: []byte{0, 255}, M: map[string]int{"a": 1}}, new(Slices))
	call(c, "Nested", Nested{}, new(Nested))
	call(c, "Nested", Nested{
		A:  [2][]int{nil, {}},
		SS: [][]int{nil, {}, {1}},
		MS: map[string][]int{"a": nil, "b": {}},
		BS: [][]byte{nil, {}, {1}},
		P:  &ints,
	}, new(Nested))
	call(c, "Ints", []int{}, new([]int))
	call(c, "Bytes", []byte{}, new([]byte))
	call(c, "Ints", []int(nil), new([]int))
}

// call makes one call, prints its line, and checks the reply is the argument.
func call(c *rpc.Client, method string, args, reply any) {
	in, err := json.Marshal(args)
	if err != nil {
		services.Fail("%s: %v", method, err)
	}
	if err := c.Call("EchoService."+method, args, reply); err != nil {
		fmt.Printf("%s %s -> error: %v\n", method, in, err)
		return
	}
	out, err := json.Marshal(reply)
	if err != nil {
		services.Fail("%s: %v", method, err)
	}
	fmt.Printf("%s %s -> %s\n", method, in, out)
	if !bytes.Equal(in, out) {
		services.Fail("%s: sent %s, got back %s", method, in, out)
	}
}
