// Command cliserver is the Go peer of the gobrpc command's tests for cases the Arith server
// does not reach: replies holding time.Time and marshalers held by pointer, integer arguments
// of every range, and gob streams whose Go types the command must name.
//
//	cliserver [-addr 127.0.0.1:0] [-mode tcp|http]   serve the Misc service
//	cliserver -stream NAME                           write the gob stream NAME to stdout
//
// Streams: pointer-marshalers (a struct of *Ver, *big.Rat and *big.Int fields, which Go sends
// without type names, then a struct's []*big.Int and an interface holding a *big.Int, which name the
// type); global-names (structs named as TypeScript's globals, one not ASCII, and a []Shape of
// a named interface); bytes (a []byte of -size bytes); list (a Node list -size long, nested as
// deep as gob allows).
package main

import (
	"bytes"
	"encoding/gob"
	"flag"
	"log"
	"math/big"
	"os"
	"time"

	"gobrpc/interop/internal/services"
)

// Ver sends its version as two bytes; its pointer is what a struct holds.
type Ver struct{ Major, Minor uint8 }

func (v Ver) GobEncode() ([]byte, error) { return []byte{v.Major, v.Minor}, nil }
func (v *Ver) GobDecode(b []byte) error {
	v.Major, v.Minor = b[0], b[1]
	return nil
}

// Held has marshalers held by pointer: Go names none of their types on the wire.
type Held struct {
	P *Ver
	R *big.Rat
	B *big.Int
}

// Bigs names its element type: Go spells a struct field's unnamed type out ("[]*big.Int").
type Bigs struct{ L []*big.Int }

// Structs named as globals of JavaScript and TypeScript, which a generated module must not shadow.
type (
	Map        struct{ A int }
	Array      struct{ A int }
	Uint8Array struct{ A int }
	Set        struct{ A int }
	Date       struct{ A int }
	Promise    struct{ A int }
	Error      struct{ A int }
	Object     struct{ A int }
	String     struct{ A int }
	Number     struct{ A int }
	Boolean    struct{ A int }
	BigInt     struct{ A int }
	Symbol     struct{ A int }
	Ärger      struct{ Ñ int }
)

// Shape is a named interface: Go's name for []Shape is "[]main.Shape", not "[]interface {}".
type Shape interface{ Area() float64 }

// Circle is a Shape.
type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

// Globals holds one of each.
type Globals struct {
	M   Map
	A   Array
	U8  Uint8Array
	S   Set
	D   Date
	P   Promise
	E   Error
	O   Object
	Str String
	N   Number
	B   Boolean
	BI  BigInt
	Sym Symbol
	Ä   Ärger
	Shs []Shape
	Arr []Array
	Ms  map[string]Map
}

// Misc answers with values the command prints without a schema.
type Misc int

// Stamp holds a time.Time, which Go names "Time" on the wire.
type Stamp struct {
	When time.Time
	Seq  int
}

// Now replies with a Stamp of a fixed time.
func (*Misc) Now(seq int, r *Stamp) error {
	*r = Stamp{When: time.Date(2024, 3, 15, 12, 30, 45, 123456789, time.FixedZone("", 5*3600+1800)), Seq: seq}
	return nil
}

// Third replies with the *big.Rat 1/3 (sent without a type name).
func (*Misc) Third(_ int, r *big.Rat) error {
	r.SetFrac64(1, 3)
	return nil
}

// I64 echoes an int64.
func (*Misc) I64(x int64, r *int64) error {
	*r = x
	return nil
}

// U64 echoes a uint64.
func (*Misc) U64(x uint64, r *uint64) error {
	*r = x
	return nil
}

// Node is one cell of a linked list: each one is a nesting level for the decoder and printers.
type Node struct {
	V    int
	Next *Node
}

// list returns the list n-1, n-2, ..., 0.
func list(n int) *Node {
	var l *Node
	for i := 0; i < n; i++ {
		l = &Node{i, l}
	}
	return l
}

// Strs is an argument with a slice field, which the command leaves out when given [].
type Strs struct {
	S []string
	N int
}

// Count replies with N plus the number of strings.
func (*Misc) Count(a Strs, r *int) error {
	*r = a.N + len(a.S)
	return nil
}

// Sum replies with the sum of the numbers.
func (*Misc) Sum(a []float64, r *float64) error {
	*r = 0
	for _, x := range a {
		*r += x
	}
	return nil
}

// List replies with the list n-1, ..., 0 (see list).
func (*Misc) List(n int, r *Node) error {
	*r = *list(n)
	return nil
}

func main() {
	stream := flag.String("stream", "", "write this gob stream to stdout instead of serving")
	size := flag.Int("size", 1<<20, "the length of the bytes stream's []byte")
	if len(os.Args) > 1 && os.Args[1] != "-stream" {
		services.ServeMain("Misc", new(Misc))
		return
	}
	flag.Parse()
	log.SetFlags(0)
	gob.Register(Circle{})
	gob.Register(big.NewInt(0))
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	var values []any
	switch *stream {
	case "pointer-marshalers":
		var big7 any = big.NewInt(7)
		values = []any{Held{P: &Ver{1, 2}, R: big.NewRat(1, 3), B: big.NewInt(7)}, Bigs{[]*big.Int{big.NewInt(-5)}}, &big7}
	case "global-names":
		values = []any{Globals{M: Map{1}, Ä: Ärger{2}, Shs: []Shape{Circle{1}}, Arr: []Array{{3}}, Ms: map[string]Map{"k": {4}}}}
	case "bytes":
		values = []any{bytes.Repeat([]byte("x"), *size)}
	case "list":
		values = []any{list(*size)}
	default:
		log.Fatalf("unknown -stream %q", *stream)
	}
	for _, v := range values {
		if err := enc.Encode(v); err != nil {
			log.Fatal(err)
		}
	}
	if _, err := os.Stdout.Write(buf.Bytes()); err != nil {
		log.Fatal(err)
	}
}
