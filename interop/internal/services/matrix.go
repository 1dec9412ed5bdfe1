package services

import (
	"encoding/gob"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"
)

// Inner is sent inside interface values under the gob name "main.Inner".
type Inner struct {
	Label  string
	Weight float64
}

// Node is a singly linked list (recursive pointer type).
type Node struct {
	Val  int
	Next *Node
}

// Tree is a recursive type through a slice of pointers.
type Tree struct {
	Val      int
	Children []*Tree
}

// Key is a struct used as a map key (registered as "main.Key").
type Key struct {
	X, Y int
}

// Payload exercises every kind of gob value.
type Payload struct {
	Ints   []int
	Big    uint64
	Neg    int64
	F32    float32
	C      complex128
	Bytes  []byte
	Names  map[string]int
	ByKey  map[Key]string
	List   *Node
	Tree   *Tree
	Any    any
	Anys   []any
	When   time.Time
	Dur    time.Duration
	Num    *big.Int
	Fixed  [3]uint8
	Nested map[string][]Inner
}

func init() {
	// The TypeScript side uses these names when it sends or expects these
	// types inside interface values.
	gob.RegisterName("main.Inner", Inner{})
	gob.RegisterName("main.Key", Key{})
	// Already registered by encoding/gob under these default names ("int",
	// "string", "[]int"); repeated here to document what Any/Anys may hold.
	gob.Register(int(0))
	gob.Register("")
	gob.Register([]int(nil))
}

// IST is the fixed +05:30 zone used for Payload.When.
var IST = time.FixedZone("IST", 5*3600+30*60)

// MakePayload returns the deterministic payload number i (i >= 0) that
// Matrix.EchoMany sends; every field is non-zero and depends on i:
//
//	Ints   = [i, i+1, -(i+2)]
//	Big    = 2^64-1 - i
//	Neg    = -1e12 - i
//	F32    = i + 0.5
//	C      = complex(i, -(i+0.25))
//	Bytes  = "payload-<i>"
//	Names  = {"i": i, "double": 2i}
//	ByKey  = {Key{i, i+1}: "k<i>"}
//	List   = i -> i+1
//	Tree   = {i, [{i+1}, {i+2}]}
//	Any    = main.Inner{"inner-<i>", i+0.125}
//	Anys   = [int i, string "s<i>", []int{i, i}]
//	When   = Unix(1700000000+i, 123456789+i) in +05:30
//	Dur    = (i+1) ms
//	Num    = 2^100 + i
//	Fixed  = [i, i+1, i+2] (mod 256)
//	Nested = {"n": [{"a", i}, {"b", i+1}]}
func MakePayload(i int) Payload {
	num := new(big.Int).Lsh(big.NewInt(1), 100)
	num.Add(num, big.NewInt(int64(i)))
	return Payload{
		Ints:   []int{i, i + 1, -(i + 2)},
		Big:    ^uint64(0) - uint64(i),
		Neg:    -1_000_000_000_000 - int64(i),
		F32:    float32(i) + 0.5,
		C:      complex(float64(i), -(float64(i) + 0.25)),
		Bytes:  []byte(fmt.Sprintf("payload-%d", i)),
		Names:  map[string]int{"i": i, "double": 2 * i},
		ByKey:  map[Key]string{{X: i, Y: i + 1}: fmt.Sprintf("k%d", i)},
		List:   &Node{Val: i, Next: &Node{Val: i + 1}},
		Tree:   &Tree{Val: i, Children: []*Tree{{Val: i + 1}, {Val: i + 2}}},
		Any:    Inner{Label: fmt.Sprintf("inner-%d", i), Weight: float64(i) + 0.125},
		Anys:   []any{i, fmt.Sprintf("s%d", i), []int{i, i}},
		When:   time.Unix(1_700_000_000+int64(i), 123_456_789+int64(i)).In(IST),
		Dur:    time.Duration(i+1) * time.Millisecond,
		Num:    num,
		Fixed:  [3]uint8{uint8(i), uint8(i + 1), uint8(i + 2)},
		Nested: map[string][]Inner{"n": {{Label: "a", Weight: float64(i)}, {Label: "b", Weight: float64(i + 1)}}},
	}
}

// Matrix echoes gob values (registered as "Matrix").
type Matrix struct{}

// Echo replies its argument unchanged.
func (Matrix) Echo(p Payload, reply *Payload) error {
	*reply = p
	return nil
}

// EchoMany replies MakePayload(0) ... MakePayload(n-1).
func (Matrix) EchoMany(n int, reply *[]Payload) error {
	if n < 0 {
		return errors.New("negative count")
	}
	out := make([]Payload, n)
	for i := range out {
		out[i] = MakePayload(i)
	}
	*reply = out
	return nil
}

// BigByte is byte i of the Matrix.Big reply.
func BigByte(i int) byte { return byte(i % 251) }

// Big replies n bytes, byte i being i%251.
func (Matrix) Big(n int, reply *[]byte) error {
	if n < 0 {
		return errors.New("negative size")
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = BigByte(i)
	}
	*reply = b
	return nil
}

// Sum replies the sum of xs (wrapping on overflow).
func (Matrix) Sum(xs []int64, reply *int64) error {
	var s int64
	for _, x := range xs {
		s += x
	}
	*reply = s
	return nil
}

// Fail always returns errors.New(msg).
func (Matrix) Fail(msg string, reply *int) error {
	return errors.New(msg)
}

// Sleep waits ms milliseconds, then replies ms.
func (Matrix) Sleep(ms int, reply *int) error {
	time.Sleep(time.Duration(ms) * time.Millisecond)
	*reply = ms
	return nil
}

// Crash terminates the whole server process with exit status code, without
// replying.
func (Matrix) Crash(code int, reply *int) error {
	os.Exit(code)
	return nil
}
