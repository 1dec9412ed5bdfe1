package gobcases

import (
	"encoding/binary"
	"encoding/gob"
	"errors"
	"math/big"
	"reflect"
	"time"
)

// The Go types used by the cases. They live in this package (not in package
// main), which matters in two places:
//
//   - Names given to gob.Register: gob.Register would call Point
//     "gobcases.Point". Every type that travels inside an interface is
//     therefore registered with an explicit gob.RegisterName("main.X", ...)
//     so the names on the wire read "main.Point", "*main.Inner" and so on,
//     the same as if the types had been declared in a main package. The
//     TypeScript side registers the same names.
//   - Type names inside wire type definitions: a struct field whose type is
//     unnamed (for example []Point or map[string]Point) is described with
//     reflect's String() of that type, which includes the package name
//     ("[]gobcases.Point"). Named types are described with their bare name
//     ("Point"), so they are not affected.

// Point is doc.go's example type.
type Point struct {
	X, Y int
}

// AllKinds has one field of every basic kind gob can send.
type AllKinds struct {
	B     bool
	I8    int8
	I16   int16
	I32   int32
	I64   int64
	I     int
	U8    uint8
	U16   uint16
	U32   uint32
	U64   uint64
	U     uint
	UP    uintptr
	F32   float32
	F64   float64
	C64   complex64
	C128  complex128
	S     string
	Bytes []byte
}

// Line nests Point twice.
type Line struct {
	From  Point
	To    Point
	Label string
}

// Secretive has fields gob does not send: unexported ones, a chan and a func.
type Secretive struct {
	Name   string
	hidden int
	secret string
	Ch     chan int
	Fn     func() int
	Count  int
}

// Empty is a struct with no fields at all (allowed, unlike a struct whose
// fields are all unexported).
type Empty struct{}

// Base is embedded in Derived; gob names the field "Base".
type Base struct {
	ID  int
	Tag string
}

// Derived embeds Base as an anonymous field.
type Derived struct {
	Base
	Extra string
}

// Pointers has pointer fields; gob flattens pointers and omits nil ones.
type Pointers struct {
	P  *int
	PP **string
	N  *int
	S  *Point
	NS *Point
}

// IntList is a named slice type.
type IntList []int

// Celsius is a named basic type.
type Celsius float64

// Composite has fields of composite and named types.
type Composite struct {
	Points []Point
	ByName map[string]Point
	Pair   [2]int
	Anon   struct {
		A int
		B string
	}
	Timeout time.Duration
	List    IntList
	Temp    Celsius
}

// SameShapes has fields whose wire types look alike (a slice or map of gob's int or float) but
// are different Go types, each of which Go defines under an id of its own.
type SameShapes struct {
	I32   []int32
	I     []int
	I8    []int8
	Temps []Celsius
	F     []float64
	M32   map[string]int32
	M     map[string]int
	List  IntList
	P32   []*int32
	MP    map[string]*int
}

// Singles holds float32 and complex64 values where the stream names their type (slice, array
// and map types, an interface value) and one where it does not (F, a field: its wire type is
// float, as float64's).
type Singles struct {
	S []float32
	M map[string]float32
	C []complex64
	V interface{}
	A [2]float32
	F float32
}

// MapFields distinguishes a nil map field (omitted) from an empty non-nil one
// (sent with count 0), and likewise for slices (both omitted).
type MapFields struct {
	NilMap     map[string]int
	EmptyMap   map[string]int
	NilSlice   []int
	EmptySlice []int
	After      int
}

// Node is a singly linked list.
type Node struct {
	Val  int
	Next *Node
}

// Tree is a recursive tree through a slice of pointers.
type Tree struct {
	Val      int
	Children []*Tree
}

// A and B are mutually recursive.
type A struct {
	Name string
	B    *B
}

// B is the other half of the A/B mutual recursion.
type B struct {
	Count int
	A     *A
}

// Rec is a slice of itself, with no struct in between (Go's TestRecursiveSlice type).
type Rec []Rec

// RecMap is a map whose values are the map type itself (Go's TestRecursiveMap type).
type RecMap map[string]RecMap

// RecArray is an array of slices of itself: an array cannot hold itself directly.
type RecArray [2][]RecArray

// RecMapSlice is a map whose values are slices of the map type.
type RecMapSlice map[string][]RecMapSlice

// MutMap and MutSlice are mutually recursive through a map and a slice. Encoded
// map first, Go gives both types their element ids; encoded slice first, Go's
// type.go records the map's element id as 0 (see test/gob-recursive.test.ts).
type MutMap map[string]MutSlice

// MutSlice is the other half of the MutMap/MutSlice pair.
type MutSlice []MutMap

// RecFields holds the recursive types as struct fields, under their names.
type RecFields struct {
	R    Rec
	M    RecMap
	List []Rec
	N    int
}

// Holder has interface-typed fields.
type Holder struct {
	V any
	L []any
	M map[string]any
}

// ByteStrings holds strings that are not UTF-8 everywhere a string can
// be: a field, slice elements, map keys and values, and inside interfaces.
type ByteStrings struct {
	ID    string
	Tags  []string
	ByKey map[string]string
	V     any
	L     []any
}

// Raw is registered under a name that is not UTF-8 ("main.\xffRaw").
type Raw struct {
	B string
}

// Inner is registered as a pointer ("*main.Inner").
type Inner struct {
	Msg string
	N   int
}

// Wrapper is registered as "main.Wrapper" and itself holds an interface.
type Wrapper struct {
	Label string
	Inner any
}

// Stamped holds a time.Time field; a zero time is omitted on the wire.
type Stamped struct {
	When  time.Time
	Label string
}

// Money implements GobEncoder/GobDecoder. Its fields are unexported, so gob
// could not send it any other way. Wire form: one byte length of the
// currency code, the code, then the units as 8 bytes big-endian two's
// complement.
type Money struct {
	units    int64
	currency string
}

// NewMoney builds a Money (its fields are unexported).
func NewMoney(units int64, currency string) Money {
	return Money{units: units, currency: currency}
}

// GobEncode implements gob.GobEncoder.
func (m Money) GobEncode() ([]byte, error) {
	if len(m.currency) > 255 {
		return nil, errors.New("currency code too long")
	}
	b := make([]byte, 0, 1+len(m.currency)+8)
	b = append(b, byte(len(m.currency)))
	b = append(b, m.currency...)
	b = binary.BigEndian.AppendUint64(b, uint64(m.units))
	return b, nil
}

// GobDecode implements gob.GobDecoder.
func (m *Money) GobDecode(b []byte) error {
	if len(b) < 1 || len(b) != 1+int(b[0])+8 {
		return errors.New("bad Money encoding")
	}
	n := int(b[0])
	m.currency = string(b[1 : 1+n])
	m.units = int64(binary.BigEndian.Uint64(b[1+n:]))
	return nil
}

// Version implements only encoding.BinaryMarshaler/BinaryUnmarshaler.
// Wire form: major, minor, patch as 2 bytes big-endian each.
type Version struct {
	major, minor, patch uint16
}

// NewVersion builds a Version (its fields are unexported).
func NewVersion(major, minor, patch uint16) Version {
	return Version{major, minor, patch}
}

// MarshalBinary implements encoding.BinaryMarshaler.
func (v Version) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 6)
	b = binary.BigEndian.AppendUint16(b, v.major)
	b = binary.BigEndian.AppendUint16(b, v.minor)
	b = binary.BigEndian.AppendUint16(b, v.patch)
	return b, nil
}

// UnmarshalBinary implements encoding.BinaryUnmarshaler.
func (v *Version) UnmarshalBinary(b []byte) error {
	if len(b) != 6 {
		return errors.New("bad Version encoding")
	}
	v.major = binary.BigEndian.Uint16(b)
	v.minor = binary.BigEndian.Uint16(b[2:])
	v.patch = binary.BigEndian.Uint16(b[4:])
	return nil
}

// Marshalers holds marshaler-implementing types as fields, in slices and
// behind pointers.
type Marshalers struct {
	When     time.Time
	Amount   Money
	Ver      Version
	Big      *big.Int
	NilBig   *big.Int
	Prices   []Money
	Versions []Version
	Bigs     []*big.Int
	Times    []time.Time
}

// Item is the benchmark type.
type Item struct {
	ID    int64
	Name  string
	Price float64
	Tags  []string
	Attrs map[string]int
	Pos   struct{ X, Y int }
	Data  []byte
}

// registered maps a base (pointer-stripped) type to the name it was
// registered under, for the names gob.Register would have used and for the
// explicit main.* names below.
var registered = map[reflect.Type]string{}

func registerName(name string, v any) {
	gob.RegisterName(name, v)
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	registered[t] = name
}

func init() {
	// Every process (gobfixtures children, gobpeer, gobmatrix) runs exactly
	// these registrations, so names are identical everywhere.
	registerName("main.Point", Point{})
	registerName("*main.Inner", &Inner{})
	registerName("main.Wrapper", Wrapper{})
	registerName("main.Money", Money{})
	registerName("main.Version", Version{})
	// Unnamed type: gob.Register would call it "map[string]int" too.
	registerName("map[string]int", map[string]int{})
	// Go accepts any bytes as a registered name; this one is not UTF-8.
	registerName("main.\xffRaw", Raw{})
	registerName("main.Rec", Rec{})
	registerName("main.RecMap", RecMap{})
}

// RegisteredName returns the name gob sends for a concrete value of type t
// stored in an interface: an explicit registration from init above, or the
// name gob's own registerBasics gives the predeclared types and their
// slices (reflect's String()).
func RegisteredName(t reflect.Type) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n, ok := registered[t]; ok {
		return n, true
	}
	if t.PkgPath() != "" {
		return "", false
	}
	k := t.Kind()
	if k == reflect.Slice {
		k = t.Elem().Kind()
		if t.Elem().PkgPath() != "" {
			return "", false
		}
	}
	switch k {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		return t.String(), true
	}
	return "", false
}
