// Command rpcdata is a hand-made RPC over gob with its own framing (not
// net/rpc), as in the jsonrpc issue's example.
//
//	rpcdata -mode server [-addr 127.0.0.1:0]
//	rpcdata -mode client -addr HOST:PORT [-timeout 30s]
//
// WIRE FORMAT (both directions, over one TCP connection):
//
//	frame   = length payload
//	length  = 4-byte big-endian unsigned length of payload (max 64 MiB)
//	payload = a complete gob stream written by a FRESH gob.Encoder holding
//	          exactly one value of
//	            type RPCData struct { Func string; Args []interface{} }
//
// Because the encoder is fresh, every payload repeats the type definitions
// (RPCData, and the struct type of any interface value such as User); a
// reader must decode each payload with a fresh gob.Decoder too.
//
// Request: Func is the function name, Args its arguments, each in an
// interface. queryUser takes one argument: gob name "int" (the uid).
//
// Reply: Func is the same name; Args holds the function's results in order,
// each in an interface, and always ends with the error: a "string"
// interface value with the error text, or a nil interface (empty type name)
// when there is no error. queryUser replies [main.User, error]:
//
//	queryUser(0)  -> ["main.User"{Name:"Alice", Age:30}, nil]
//	queryUser(99) -> ["main.User"{} (zero), "user not found: 99"]
//
// An unknown function or wrong arguments give a reply whose Args is just
// the error string ("unknown function: NAME", "queryUser: ...").
// User is struct{ Name string; Age int }, registered as "main.User".
// Users: 0 Alice 30, 1 Bob 25, 2 Carol 41.
//
// The requests on one connection are answered one at a time, in order.
// The client prints
//
//	queryUser(0) = {Alice 30} <nil>
//	queryUser(99) error: user not found: 99
//
// and exits 0, or prints "FAIL: ..." to stderr and exits 1.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"reflect"
	"time"

	"gobrpc/interop/internal/services"
)

const maxFrame = 64 << 20

// writeFrame sends d as one length-prefixed gob stream.
func writeFrame(w io.Writer, d services.RPCData) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(d); err != nil {
		return err
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(buf.Len()))
	if _, err := w.Write(append(hdr[:], buf.Bytes()...)); err != nil {
		return err
	}
	return nil
}

// readFrame reads one length-prefixed gob stream.
func readFrame(r io.Reader) (services.RPCData, error) {
	var d services.RPCData
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return d, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrame {
		return d, fmt.Errorf("frame of %d bytes is too large", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return d, err
	}
	err := gob.NewDecoder(bytes.NewReader(body)).Decode(&d)
	return d, err
}

var users = map[int]services.User{
	0: {Name: "Alice", Age: 30},
	1: {Name: "Bob", Age: 25},
	2: {Name: "Carol", Age: 41},
}

func queryUser(uid int) (services.User, error) {
	if u, ok := users[uid]; ok {
		return u, nil
	}
	return services.User{}, fmt.Errorf("user not found: %d", uid)
}

// funcs maps wire names to Go functions whose last result is an error.
var funcs = map[string]any{
	"queryUser": queryUser,
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// call runs the named function and builds its reply.
func call(req services.RPCData) services.RPCData {
	reply := services.RPCData{Func: req.Func}
	f, ok := funcs[req.Func]
	if !ok {
		reply.Args = []any{"unknown function: " + req.Func}
		return reply
	}
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if len(req.Args) != ft.NumIn() {
		reply.Args = []any{fmt.Sprintf("%s: got %d arguments, want %d", req.Func, len(req.Args), ft.NumIn())}
		return reply
	}
	in := make([]reflect.Value, len(req.Args))
	for i, a := range req.Args {
		want := ft.In(i)
		v := reflect.ValueOf(a)
		switch {
		case !v.IsValid():
			reply.Args = []any{fmt.Sprintf("%s: argument %d is nil, want %s", req.Func, i, want)}
			return reply
		case v.Type().AssignableTo(want):
		case isNumber(v.Kind()) && isNumber(want.Kind()):
			v = v.Convert(want)
		default:
			reply.Args = []any{fmt.Sprintf("%s: argument %d is %s, want %s", req.Func, i, v.Type(), want)}
			return reply
		}
		in[i] = v
	}
	out := fv.Call(in)
	for i, o := range out {
		if i == len(out)-1 && ft.Out(i) == errorType {
			if o.IsNil() {
				reply.Args = append(reply.Args, nil)
			} else {
				reply.Args = append(reply.Args, o.Interface().(error).Error())
			}
			continue
		}
		reply.Args = append(reply.Args, o.Interface())
	}
	return reply
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

func serveConn(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		req, err := readFrame(r)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				log.Printf("%s: %v", conn.RemoteAddr(), err)
			}
			return
		}
		if err := writeFrame(conn, call(req)); err != nil {
			log.Printf("%s: %v", conn.RemoteAddr(), err)
			return
		}
	}
}

func server(addr string) {
	services.ExitWithParent()
	services.ServeConns(addr, serveConn)
}

// clientCall sends one request and reads its reply.
func clientCall(conn net.Conn, r io.Reader, name string, args ...any) []any {
	if err := writeFrame(conn, services.RPCData{Func: name, Args: args}); err != nil {
		services.Fail("%s: send: %v", name, err)
	}
	reply, err := readFrame(r)
	if err != nil {
		services.Fail("%s: receive: %v", name, err)
	}
	if reply.Func != name {
		services.Fail("%s: reply is for %q", name, reply.Func)
	}
	return reply.Args
}

// userResult splits a queryUser reply into its User and error.
func userResult(res []any) (services.User, error) {
	if len(res) != 2 {
		services.Fail("queryUser: reply has %d values %v, want 2", len(res), res)
	}
	u, ok := res[0].(services.User)
	if !ok {
		services.Fail("queryUser: first reply value is %T, want main.User", res[0])
	}
	switch e := res[1].(type) {
	case nil:
		return u, nil
	case string:
		return u, errors.New(e)
	default:
		services.Fail("queryUser: error value is %T, want string or nil", res[1])
	}
	return u, nil
}

func client(addr string) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		services.Fail("dial %s: %v", addr, err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)

	u, err := userResult(clientCall(conn, r, "queryUser", 0))
	if err != nil || u != (services.User{Name: "Alice", Age: 30}) {
		services.Fail("queryUser(0) = %v %v, want {Alice 30} <nil>", u, err)
	}
	fmt.Println("queryUser(0) =", u, err)

	_, err = userResult(clientCall(conn, r, "queryUser", 99))
	if err == nil || err.Error() != "user not found: 99" {
		services.Fail("queryUser(99): error %v, want %q", err, "user not found: 99")
	}
	fmt.Println("queryUser(99) error:", err)
}

func main() {
	log.SetFlags(0)
	mode := flag.String("mode", "server", "server or client")
	addr := flag.String("addr", "", "server: listen address (default 127.0.0.1:0); client: server address")
	timeout := flag.Duration("timeout", 30*time.Second, "client: fail if not done after this long (0: never)")
	flag.Parse()
	switch *mode {
	case "server":
		if *addr == "" {
			*addr = "127.0.0.1:0"
		}
		server(*addr)
	case "client":
		if *addr == "" {
			services.Fail("-addr is required")
		}
		services.Watchdog(*timeout)
		client(*addr)
	default:
		log.Fatalf("unknown -mode %q (want server or client)", *mode)
	}
}
