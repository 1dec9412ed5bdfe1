// Package gobcases is the shared table of encoding/gob test cases: the
// golden files (gobfixtures), the interop peer (gobpeer) and anything else
// that needs "the values of case X" all read it from here.
package gobcases

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Case is one named gob stream: the values are encoded in order on a single
// fresh gob.Encoder.
type Case struct {
	Name          string // snake_case; used as the fixture file name
	Description   string // one sentence
	Deterministic bool   // false when any map in the values has 2+ entries
	Values        func() []any
}

func one(v any) func() []any { return func() []any { return []any{v} } }

func many(vs ...any) func() []any { return func() []any { return vs } }

func ptr[T any](v T) *T { return &v }

func bigFromString(s string) *big.Int {
	x, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("bad big.Int literal " + s)
	}
	return x
}

var (
	utcTime = time.Date(2024, time.March, 15, 12, 30, 45, 123456789, time.UTC)
	istTime = time.Date(2024, time.March, 15, 18, 0, 45, 500, time.FixedZone("IST", 5*3600+30*60))
	// Offset 1h30m17s is not a whole number of minutes, so time writes its
	// version-2 binary form with an extra byte of seconds.
	lmtTime = time.Date(1850, time.June, 1, 0, 0, 0, 0, time.FixedZone("LMT", 3600+1800+17))
)

func allKinds() AllKinds {
	return AllKinds{
		B: true, I8: -100, I16: -30000, I32: -2000000000, I64: -9000000000000000000, I: 123456789,
		U8: 200, U16: 60000, U32: 4000000000, U64: 18000000000000000000, U: 42, UP: 0xdeadbeef,
		F32: 3.14, F64: -2.718281828459045, C64: complex(1, -2), C128: complex(-0.5, 3.25),
		S: "kinds", Bytes: []byte{0, 1, 254, 255},
	}
}

func composite() Composite {
	c := Composite{
		Points:  []Point{{1, 2}, {3, 4}},
		ByName:  map[string]Point{"origin": {0, 0}},
		Pair:    [2]int{7, -7},
		Timeout: 1500 * time.Millisecond,
		List:    IntList{10, 20, 30},
		Temp:    Celsius(-40.5),
	}
	c.Anon.A = 99
	c.Anon.B = "anon"
	return c
}

func tree() *Tree {
	return &Tree{Val: 1, Children: []*Tree{
		{Val: 2, Children: []*Tree{{Val: 4}, {Val: 5}}},
		{Val: 3, Children: []*Tree{{Val: 6}}},
	}}
}

func marshalers() Marshalers {
	return Marshalers{
		When:     utcTime,
		Amount:   NewMoney(-1999, "EUR"),
		Ver:      NewVersion(1, 22, 3),
		Big:      bigFromString("-123456789012345678901234567890"),
		Prices:   []Money{NewMoney(100, "USD"), NewMoney(0, "JPY")},
		Versions: []Version{NewVersion(0, 0, 1), NewVersion(2, 0, 0)},
		Bigs:     []*big.Int{big.NewInt(0), big.NewInt(255), big.NewInt(-256)},
		Times:    []time.Time{utcTime, istTime, lmtTime},
	}
}

// BenchItem is item i of the benchmark corpus (the TypeScript side builds
// the same corpus from the same rules).
func BenchItem(i int) Item {
	it := Item{
		ID:    int64(i) * 7919,
		Name:  "item-" + strconv.Itoa(i),
		Price: float64(i) * 1.25,
		Tags:  []string{"t" + strconv.Itoa(i%5), "t" + strconv.Itoa(i%7), "red"},
		Attrs: map[string]int{"a": i, "b": i * 2},
		Data:  make([]byte, 32),
	}
	it.Pos.X, it.Pos.Y = i, -i
	for j := range it.Data {
		it.Data[j] = byte((i + j) % 256)
	}
	return it
}

// oneAttrItem is a benchmark-style item whose Attrs has a single entry, so
// its encoding is deterministic.
func oneAttrItem(i int) Item {
	it := BenchItem(i)
	it.Attrs = map[string]int{"a": i}
	return it
}

// Cases is the full table, in a stable order.
var Cases = []Case{
	// ---- singletons ----
	{"bool_true", "The boolean true at top level.", true, one(true)},
	{"bool_false", "The boolean false at top level (zero values are still sent at top level).", true, one(false)},
	{"int_0", "The int 0 at top level.", true, one(0)},
	{"int_1", "The int 1.", true, one(1)},
	{"int_neg1", "The int -1.", true, one(-1)},
	{"int_127", "The int 127, the largest value whose zigzag form fits one byte.", true, one(127)},
	{"int_128", "The int 128, the first needing a multi-byte unsigned form after zigzag.", true, one(128)},
	{"int_neg129", "The int -129.", true, one(-129)},
	{"int_256", "The int 256.", true, one(256)},
	{"int_max", "The largest int64 as an int.", true, one(math.MaxInt64)},
	{"int_min", "The smallest int64 as an int.", true, one(math.MinInt64)},
	{"int64_max", "The largest int64 with Go type int64 (same wire type as int).", true, one(int64(math.MaxInt64))},
	{"int8_extremes", "int8 -128 then 127 on one encoder.", true, many(int8(math.MinInt8), int8(math.MaxInt8))},
	{"int16_extremes", "int16 -32768 then 32767 on one encoder.", true, many(int16(math.MinInt16), int16(math.MaxInt16))},
	{"int32_extremes", "int32 -2147483648 then 2147483647 on one encoder.", true, many(int32(math.MinInt32), int32(math.MaxInt32))},
	{"uint8_255", "The uint8 255.", true, one(uint8(255))},
	{"uint16_max", "The uint16 65535.", true, one(uint16(math.MaxUint16))},
	{"uint32_max", "The uint32 4294967295.", true, one(uint32(math.MaxUint32))},
	{"uint64_max", "The uint64 2^64-1.", true, one(uint64(math.MaxUint64))},
	{"uint_7", "The uint 7.", true, one(uint(7))},
	{"uintptr_value", "A uintptr (sent as an unsigned integer).", true, one(uintptr(0xdeadbeef))},
	{"float64_zero", "The float64 0.0.", true, one(0.0)},
	{"float64_neg_zero", "The float64 -0.0 (sign bit set, so not a zero on the wire).", true, one(math.Copysign(0, -1))},
	{"float64_17", "The float64 17.0 (doc.go's byte-reversal example).", true, one(17.0)},
	{"float64_1_5", "The float64 1.5.", true, one(1.5)},
	{"float64_neg_2_25", "The float64 -2.25.", true, one(-2.25)},
	{"float64_1e300", "The float64 1e300.", true, one(1e300)},
	{"float64_min_subnormal", "The smallest positive subnormal float64, 5e-324.", true, one(5e-324)},
	{"float64_nan", "Go's math.NaN() (bits 7ff8000000000001).", true, one(math.NaN())},
	{"float64_pos_inf", "Positive infinity.", true, one(math.Inf(1))},
	{"float64_neg_inf", "Negative infinity.", true, one(math.Inf(-1))},
	{"float32_3_14", "The float32 3.14 (sent widened to float64).", true, one(float32(3.14))},
	{"complex64_value", "The complex64 1+2i.", true, one(complex64(complex(1, 2)))},
	{"complex128_value", "The complex128 -0.5-3i.", true, one(complex(-0.5, -3))},
	{"string_empty", "The empty string.", true, one("")},
	{"string_hello", "The string hello.", true, one("hello")},
	{"string_unicode", "A string with 2-, 3- and 4-byte UTF-8 sequences.", true, one("héllo, 世界 🎉")},
	{"bytes_empty", "An empty non-nil []byte.", true, one([]byte{})},
	{"bytes_values", "The []byte 00 01 02 ff.", true, one([]byte{0, 1, 2, 255})},

	// ---- composites ----
	{"slice_int", "The []int 1, 2, 3.", true, one([]int{1, 2, 3})},
	{"slice_string", "A []string including an empty string.", true, one([]string{"a", "", "gob"})},
	{"slice_int_nil", "A nil []int at top level (sent as an empty slice).", true, one([]int(nil))},
	{"slice_bool", "A []bool.", true, one([]bool{true, false, true})},
	{"slice_float64", "A []float64 with zero, negative zero, NaN and infinity.", true,
		one([]float64{0, math.Copysign(0, -1), 1.5, math.NaN(), math.Inf(-1)})},
	{"slice_uint16", "A []uint16.", true, one([]uint16{0, 1, 65535})},
	{"slice_int_wide", "A []int of values of every width up to 2^53, both signs.", true,
		one([]int{0, 1, -1, 63, -64, 64, 127, -128, 255, 256, -257, 1<<31 - 1, -1 << 31, 1 << 40, 1<<53 - 1, -(1<<53 - 1)})},
	{"slice_int64_extremes", "A []int64 with the extremes (past 2^53: exact only as bigint).", true,
		one([]int64{math.MinInt64, math.MaxInt64, 0, -1})},
	{"slice_uint64_extremes", "A []uint64 with its maximum.", true, one([]uint64{0, 1, math.MaxUint64})},
	{"slice_int8_edges", "A []int8 with its extremes.", true, one([]int8{math.MinInt8, math.MaxInt8, 0, -1})},
	{"slice_int32_edges", "A []int32 with its extremes.", true, one([]int32{math.MinInt32, math.MaxInt32, 0, -1, 200})},
	{"struct_same_shapes", "Fields of different Go types with one wire shape ([]int32 and []int): one type id each.", true,
		one(SameShapes{I32: []int32{1}, I: []int{2}, I8: []int8{3}, Temps: []Celsius{-40.5}, F: []float64{1.5},
			M32: map[string]int32{"a": 1}, M: map[string]int{"b": 2}, List: IntList{4},
			P32: []*int32{ptr(int32(5))}, MP: map[string]*int{"c": ptr(3)}})},
	{"struct_singles", "float32 and complex64 values in a slice, a map, an array, an interface and a field.", true,
		one(Singles{S: []float32{0.1, 3.14, math.SmallestNonzeroFloat32, math.MaxFloat32, float32(math.Copysign(0, -1)), 1e-7, 16777216},
			M: map[string]float32{"a": 0.3}, C: []complex64{complex(0.1, -0.2)}, V: float32(0.7), A: [2]float32{1.1, 2.2}, F: 0.1})},
	{"slice_uint32_edges", "A []uint32 with its maximum.", true, one([]uint32{0, 1, 255, 256, math.MaxUint32})},
	{"slice_float32_values", "A []float32 with its largest value, negative zero and infinity.", true,
		one([]float32{0, float32(math.Copysign(0, -1)), -1.25, math.MaxFloat32, math.SmallestNonzeroFloat32, float32(math.Inf(1))})},
	{"slice_float64_nans", "A []float64 of NaNs with payloads, as Go sends their bits.", true,
		one([]float64{math.NaN(), math.Float64frombits(0x7ff0000000000001), math.Float64frombits(0xfff8000000000abc), 1e-310})},
	{"array_int3", "The [3]int 1, 2, 3.", true, one([3]int{1, 2, 3})},
	{"array_point2", "A [2]Point.", true, one([2]Point{{1, 2}, {0, 0}})},
	{"array_int0", "A [0]int.", true, one([0]int{})},
	{"array_byte4", "A [4]byte (sent as an array of uints, not as bytes).", true, one([4]byte{1, 2, 3, 255})},
	{"slice_slice_int", "A [][]int including an empty inner slice.", true, one([][]int{{1}, {}, {2, 3}})},
	{"slice_point", "A []Point at top level.", true, one([]Point{{1, 2}, {3, 4}})},
	{"map_string_int_one", "A map[string]int with one entry.", true, one(map[string]int{"one": 1})},
	{"map_string_int_three", "A map[string]int with three entries (order varies).", false, one(map[string]int{"a": 1, "b": 2, "c": 3})},
	{"map_point_string", "A map with a struct key.", true, one(map[Point]string{{1, 2}: "p"})},
	{"map_float64_bool", "A map[float64]bool with one entry.", true, one(map[float64]bool{2.5: true})},
	{"map_int_slice_string", "A map[int][]string with one entry.", true, one(map[int][]string{7: {"x", "y"}})},
	{"map_empty", "An empty non-nil map[string]int.", true, one(map[string]int{})},

	// ---- structs ----
	{"point", "doc.go's Point{22, 33}.", true, one(Point{22, 33})},
	{"point_zero", "Point{} with every field zero (all fields omitted).", true, one(Point{})},
	{"point_ptr", "A *Point at top level (pointers are flattened).", true, one(&Point{5, -5})},
	{"all_kinds", "A struct with a non-zero field of every basic kind.", true, one(allKinds())},
	{"all_kinds_zero", "The all-kinds struct with every field zero.", true, one(AllKinds{})},
	{"nested_struct", "A struct holding two Point fields, one of them zero.", true, one(Line{From: Point{1, 2}, Label: "l"})},
	{"unexported_ignored", "A struct whose unexported, chan and func fields are not sent.", true,
		one(Secretive{Name: "visible", hidden: 5, secret: "x", Ch: make(chan int), Fn: func() int { return 1 }, Count: 3})},
	{"empty_struct", "An empty struct value.", true, one(Empty{})},
	{"embedded_struct", "A struct embedding another; the field is named after the type.", true,
		one(Derived{Base: Base{ID: 9, Tag: "base"}, Extra: "more"})},
	{"pointers", "Pointer fields: *int, **string, nil *int, *Point and nil *Point.", true,
		one(Pointers{P: ptr(42), PP: ptr(ptr("pp")), S: &Point{5, 6}})},
	{"composite_fields", "Fields of []Point, map[string]Point, [2]int, an anonymous struct, time.Duration, a named slice and a named float.", true,
		one(composite())},
	{"map_fields", "A nil map field is omitted, an empty non-nil one is sent; nil and empty slices are both omitted.", true,
		one(MapFields{EmptyMap: map[string]int{}, EmptySlice: []int{}, After: 1})},

	// ---- recursive ----
	{"linked_list", "A three-node linked list.", true, one(&Node{1, &Node{2, &Node{3, nil}}})},
	{"tree", "A tree of depth 3.", true, one(tree())},
	{"mutual_recursion", "Mutually recursive A and B types.", true,
		one(A{Name: "a1", B: &B{Count: 1, A: &A{Name: "a2", B: &B{Count: 2}}}})},

	// ---- recursive without a struct (golang/go#10415) ----
	{"recursive_slice", "type Rec []Rec: Rec{Rec{}, nil}.", true, one(Rec{Rec{}, nil})},
	{"recursive_slice_deep", "A Rec nested four deep beside empty ones.", true, one(Rec{Rec{Rec{Rec{}}, nil}, Rec{}, Rec{Rec{}}})},
	{"recursive_map", "type RecMap map[string]RecMap: RecMap{\"a\": nil}.", true, one(RecMap{"a": nil})},
	{"recursive_map_nested", "A RecMap holding a one-entry RecMap holding an empty one.", true, one(RecMap{"a": RecMap{"b": RecMap{}}})},
	{"recursive_array", "type RecArray [2][]RecArray: the array takes its id after the slice inside it.", true,
		one(RecArray{{RecArray{}}, nil})},
	{"recursive_map_slice", "type RecMapSlice map[string][]RecMapSlice: the map takes its id after the slice.", true,
		one(RecMapSlice{"x": {RecMapSlice{}, nil}})},
	{"mutual_map_slice", "MutMap and MutSlice recursive through each other, the map encoded first, then the slice.", true,
		many(MutMap{"a": MutSlice{MutMap{}, nil}}, MutSlice{MutMap{"b": nil}})},
	{"recursive_fields", "A struct with fields of type Rec, RecMap and []Rec.", true,
		one(RecFields{R: Rec{nil, Rec{}}, M: RecMap{"k": RecMap{}}, List: []Rec{{Rec{}}, nil}, N: 3})},
	{"recursive_iface", "Interface values holding Rec and RecMap.", true,
		one(Holder{V: Rec{Rec{}, Rec{Rec{}}}, L: []any{RecMap{"m": nil}, Rec{}}})},

	// ---- interfaces ----
	{"iface_registered", "Interface fields holding main.Point, *main.Inner, []int, int, string and map[string]int.", true,
		one(Holder{
			V: Point{1, 2},
			L: []any{&Inner{Msg: "in", N: 6}, []int{3, 4}, 5, "six"},
			M: map[string]any{"k": map[string]int{"x": 1}},
		})},
	{"iface_nil", "A struct whose interface fields are all nil (omitted).", true, one(Holder{})},
	{"iface_nil_element", "A []any holding a nil interface (sent as an empty name) between values.", true,
		one(Holder{L: []any{7, nil, "x"}})},
	{"iface_nested", "An interface holding main.Wrapper, whose own interface field holds main.Point.", true,
		one(Holder{V: Wrapper{Label: "w", Inner: Point{7, 8}}})},
	{"iface_reuse", "Two Holders on one encoder, both holding main.Point: the second sends no type definitions.", true,
		many(Holder{V: Point{1, 1}}, Holder{V: Point{2, 2}})},
	{"iface_basics", "An []any of predeclared types, including zero values.", true,
		one(Holder{L: []any{true, false, int8(-8), uint16(16), 0, 2.5, 0.0, complex(1, 1), "", "s", []byte("by"), []string{"a"}, uintptr(1)}})},
	{"iface_marshalers", "Interface values holding GobEncoder and BinaryMarshaler types.", true,
		one(Holder{L: []any{NewMoney(5, "GBP"), NewVersion(3, 2, 1)}})},
	{"iface_map_three", "A map[string]any with three entries (order varies).", false,
		one(Holder{M: map[string]any{"a": 1, "b": "two", "c": Point{3, 3}}})},
	{"iface_top_level", "A *any at top level, so the stream carries an interface value itself.", true,
		one(ptr[any](Point{3, 4}))},
	{"any_slice_top", "A []any at top level.", true, one([]any{1, "two", Point{3, 4}})},

	// ---- marshalers ----
	{"time_utc", "A time.Time in UTC with nanoseconds.", true, one(utcTime)},
	{"time_ist", "A time.Time in a fixed +05:30 zone.", true, one(istTime)},
	{"time_lmt", "A time.Time in a fixed zone of +01:30:17 (version-2 binary form).", true, one(lmtTime)},
	{"time_zero_top", "The zero time.Time at top level (sent, since top-level values always are).", true, one(time.Time{})},
	{"time_in_struct", "A struct holding a non-zero time.Time.", true, one(Stamped{When: utcTime, Label: "set"})},
	{"time_zero_field", "A struct holding a zero time.Time (the field is omitted).", true, one(Stamped{Label: "never"})},
	{"time_slice", "A []time.Time in three zones.", true, one([]time.Time{utcTime, istTime, lmtTime})},
	{"bigint_pos", "A positive *big.Int.", true, one(big.NewInt(1234567890))},
	{"bigint_neg", "A negative *big.Int.", true, one(big.NewInt(-42))},
	{"bigint_zero", "A zero *big.Int.", true, one(big.NewInt(0))},
	{"bigint_huge", "A *big.Int above 2^200.", true, one(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 200), big.NewInt(12345)))},
	{"gobencoder_top", "A user type implementing GobEncoder at top level.", true, one(NewMoney(1999, "USD"))},
	{"binarymarshaler_top", "A user type implementing only BinaryMarshaler at top level.", true, one(NewVersion(1, 2, 3))},
	{"marshalers_struct", "A struct with time, GobEncoder, BinaryMarshaler and *big.Int fields, alone and in slices.", true, one(marshalers())},

	// ---- multi-value streams ----
	{"stream_points", "Point, Point, []Point, Point on one encoder: each type is defined once.", true,
		many(Point{1, 2}, Point{3, 4}, []Point{{5, 6}}, Point{7, 8})},
	{"stream_mixed", "Ints, strings and structs interleaved on one encoder.", true,
		many(1, "two", Point{3, 4}, 5, "six", Line{From: Point{7, 8}, To: Point{9, 10}, Label: "line"}, Point{11, 12}, int8(-13))},
	{"stream_field_then_top", "A struct whose field type was already defined, then that type at top level.", true,
		many(Line{From: Point{1, 1}, To: Point{2, 2}}, Point{3, 3})},

	// ---- strings that are not UTF-8 (a Go string is bytes) ----
	{"string_not_utf8", "Strings that are not UTF-8: a lone byte, a truncated sequence, a surrogate half, past U+10FFFF, an overlong form; and a leading BOM.", true,
		many("\xff", "\xc3", "a\x80b", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\ufeffx", strings.Repeat("\xfe", 100)+"x")},
	{"map_string_int_not_utf8", "map[string]int{\"\\xff\": 1, \"\\xfe\": 2}: keys that differ only in bytes that are not UTF-8 (order varies).", false,
		one(map[string]int{"\xff": 1, "\xfe": 2})},
	{"byte_strings_struct", "Strings that are not UTF-8 in a field, a []string, a map key and value, and inside interfaces.", true,
		one(ByteStrings{
			ID: "\x00\xff\x10binary", Tags: []string{"\xc3", "é", ""}, ByKey: map[string]string{"\x9f\x86\xd0\x81": "\xff"},
			V: "\xf4\x90\x80\x80", L: []any{"\xfe", []string{"\xff", "ok"}},
		})},
	{"iface_name_not_utf8", "An interface holding main.Raw, registered under a name that is not UTF-8.", true,
		one(Holder{V: Raw{B: "\xff"}})},

	// ---- large ----
	{"large_ints", "A []int of 100,000 varied values.", true, func() []any {
		s := make([]int, 100000)
		for i := range s {
			s[i] = (i*7919)%1000003 - 500000
		}
		return []any{s}
	}},
	{"large_string", "A 1 MiB string.", true, one(strings.Repeat("0123456789abcdef", 65536))},
	{"large_points", "A []Point of 10,000.", true, func() []any {
		s := make([]Point, 10000)
		for i := range s {
			s[i] = Point{i, -2 * i}
		}
		return []any{s}
	}},
	{"large_map", "A map[int]int with 1,000 entries (order varies).", false, func() []any {
		m := make(map[int]int, 1000)
		for i := 0; i < 1000; i++ {
			m[i] = i * i
		}
		return []any{m}
	}},

	// ---- long rows: the codec's fast paths ----
	// Rows long enough for the paths the TypeScript codec takes only for them (strings joined
	// into one text to encode, read as one shared text; runs of integers, floats and bools; the
	// long number arrays), with the values at which those paths fall back or change width.
	{"long_strings_ascii", "A []string of 300 ASCII strings with empty ones and strings of 127 and 128 bytes between them, across two blocks of 256.", true,
		one(longASCIIStrings())},
	{"long_strings_utf8", "A []string of 200 UTF-8 strings with 2-, 3- and 4-byte characters, most beginning with one, including strings of 127 and 128 bytes.", true,
		one(longUTF8Strings())},
	{"long_strings_late_utf8", "A []string of 300 strings, ASCII but for a few from the 271st on (the second block of 256 not ASCII after its start).", true,
		one(longLateUTF8Strings())},
	{"long_strings_not_utf8", "Three []string of 100: strings that are not UTF-8 past the first 64, in the first 64, and a valid U+FFFD past the first 64.", true,
		many(longBrokenStrings(70, 85), longBrokenStrings(5, 85), longReplacementStrings())},
	{"long_bools", "A []bool of 9,000 in an irregular pattern.", true, one(longBools())},
	{"long_float64s", "A []float64 of 1,500: integers, halves, tenths, negative zero, subnormals, huge values, infinities and a NaN near the end.", true,
		one(longFloat64s())},
	{"long_float32s", "A []float32 of 2,000: tenths, integers, negative zero, extremes and infinities.", true, one(longFloat32s())},
	{"long_int64s", "A []int64 of 1,300: runs of 7-byte values (near 1.7×10^15, -10^15 and 10^15) between values of 1 to 7 bytes, up to ±(2^53-1).", true,
		one(longInt64s())},
	{"long_ints", "A []int of 1,300, the values of long_int64s.", true, func() []any {
		v := longInt64s()
		s := make([]int, len(v))
		for i, x := range v {
			s[i] = int(x)
		}
		return []any{s}
	}},
	{"long_int64s_past_2_53", "A []int64 of 150 and a []uint64 of 100: runs of 7-byte values broken by values past 2^53 and the extremes.", true,
		many(longInt64sPast253(), longUint64sPast253())},
	{"long_uint64s", "A []uint64 of 1,500: runs of 7-byte values near 2^50 between values of 1 to 7 bytes, up to 2^53-1.", true,
		one(longUint64s())},
	{"long_int32s", "A []int32 of 3,000 values of 1 to 4 bytes, the extremes included.", true, one(longInt32s())},
	{"long_int16s", "A []int16 of 400 values of 1 and 2 bytes, the extremes included.", true, one(longInt16s())},
	{"long_int8s", "A []int8 of 400 values, the extremes included.", true, one(longInt8s())},
	{"long_uint16s", "A []uint16 of 400 values of 1 and 2 bytes, the maximum included.", true, one(longUint16s())},
	{"long_uint32s", "A []uint32 of 400 values of 1 to 4 bytes, the maximum included.", true, one(longUint32s())},
	{"long_map_string_string", "A map[string]string of 1,000 entries, values ASCII, UTF-8, empty and 128 bytes long (order varies).", false,
		one(longStringMap())},
	{"long_rows_struct", "A struct whose fields are long rows of strings, floats, integers and bools.", true, one(longRows())},

	// ---- benchmark type ----
	{"item", "One benchmark Item whose Attrs has a single entry.", true, one(oneAttrItem(3))},
	{"items_stream", "Three benchmark Items on one encoder, each with a single attribute.", true,
		many(oneAttrItem(0), oneAttrItem(1), oneAttrItem(2))},
}

// Lookup returns the case with the given name.
func Lookup(name string) (Case, bool) {
	for _, c := range Cases {
		if c.Name == name {
			return c, true
		}
	}
	return Case{}, false
}

// LongRows holds long rows of each kind the TypeScript codec reads and writes
// in runs, so that they are reached through a struct's generated code too.
type LongRows struct {
	Names   []string
	Labels  []string
	Samples []float64
	Micros  []int64
	Flags   []bool
	Counts  []int32
	Ratios  []float32
	Sizes   []uint64
}

// filler is n characters of lower-case ASCII starting from letter i.
func filler(i, n int) string {
	b := make([]byte, n)
	for j := range b {
		b[j] = byte('a' + (i+j)%26)
	}
	return string(b)
}

// sampled is string i of a row: long for the first 16 strings (with a
// number and the suffix), which the encoder measures to choose to join a
// row's blocks (at 12 characters or more on average), and short after them,
// so that the fixture stays small.
func sampled(i int, prefix, suffix string) string {
	if i < 16 {
		return prefix + strconv.Itoa(1000+i) + "-" + filler(i, 8+i%5) + suffix
	}
	return prefix + filler(i, i%4)
}

// longASCIIStrings begins with long enough strings that the encoder joins
// its blocks, with empty strings and strings of 127 bytes (a one-byte count)
// and 128 bytes (a two-byte count, which ends a run) here and there, one of
// them the first of the second block of 256.
func longASCIIStrings() []string {
	s := make([]string, 300)
	for i := range s {
		s[i] = sampled(i, "", "")
	}
	for _, i := range []int{40, 101, 255, 299} {
		s[i] = ""
	}
	for _, i := range []int{41, 200} {
		s[i] = filler(i, 127)
	}
	for _, i := range []int{100, 256} {
		s[i] = filler(i, 128)
	}
	return s
}

// longUTF8Strings are valid UTF-8 with characters of 2, 3 and 4 bytes, most
// beginning with one; at 100 to 104 strings whose byte length (127 or 128)
// is not their length in characters.
func longUTF8Strings() []string {
	prefixes := []string{"é-", "世界-", "🎉-", "ascii-", "ǅ-ß-"}
	s := make([]string, 200)
	for i := range s {
		s[i] = sampled(i, prefixes[i%len(prefixes)], "Ω€𝄞")
	}
	s[100] = strings.Repeat("世", 42) + "a" // 127 bytes, 43 characters
	s[101] = strings.Repeat("🎉", 32)       // 128 bytes, 64 UTF-16 units
	s[102] = strings.Repeat("é", 64)       // 128 bytes
	s[103] = strings.Repeat("é", 63) + "a" // 127 bytes
	s[104] = strings.Repeat("世", 38)       // 114 bytes, 38 characters
	s[150] = ""
	return s
}

// sampledRow is a row of n sampled strings with prefix, but for the strings
// set gives by index.
func sampledRow(n int, prefix string, set map[int]string) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = sampled(i, prefix, "")
	}
	for i, v := range set {
		s[i] = v
	}
	return s
}

// longLateUTF8Strings are ASCII up to 270, so the encoder's first block of
// 256 is joined and its second begins with ASCII, then hold 2-, 3- and 4-byte
// characters inside strings that begin with ASCII.
func longLateUTF8Strings() []string {
	return sampledRow(300, "", map[int]string{270: "naïve-270", 280: "x世y-280", 290: "x🎉y-290", 299: "end-ß"})
}

// longBrokenStrings are 100 ASCII strings but for ones that are not UTF-8
// (a lone byte, a truncated sequence, a surrogate half) at a, b and b+1.
func longBrokenStrings(a, b int) []string {
	return sampledRow(100, "row-", map[int]string{a: "\xff\xfe-bytes", b: "ok-\xc3", b + 1: "\xed\xa0\x80"})
}

// longReplacementStrings are 100 valid strings, one of them holding U+FFFD
// itself past the first 64.
func longReplacementStrings() []string {
	return sampledRow(100, "fffd-", map[int]string{80: "has \ufffd itself"})
}

func longBools() []bool {
	s := make([]bool, 9000)
	for i := range s {
		s[i] = (i%3 == 0) != (i%7 == 0) || i%100 < 10
	}
	return s
}

// longFloat64s cycles through values that take every byte width on the
// wire (integers and halves few, tenths eight), with a NaN near the end.
func longFloat64s() []float64 {
	s := make([]float64, 1500)
	for i := range s {
		x := float64(i)
		switch i % 12 {
		case 0:
			s[i] = x
		case 1:
			s[i] = -x - 0.5
		case 2:
			s[i] = x * 0.1
		case 3:
			s[i] = math.Copysign(0, -1)
		case 4:
			s[i] = x * 5e-324
		case 5:
			s[i] = x * 1e300
		case 6:
			s[i] = -x * 1024
		case 7:
			s[i] = 1 / (x + 3)
		case 8:
			s[i] = math.Ldexp(1, i%2000-1000)
		case 9:
			s[i] = float64(int64(1)<<52) + x
		case 10:
			s[i] = 0
		default:
			s[i] = -x * x * 0.001
		}
	}
	s[500] = math.MaxFloat64
	s[501] = math.SmallestNonzeroFloat64
	s[502] = math.Inf(1)
	s[503] = math.Inf(-1)
	s[1490] = math.NaN()
	return s
}

func longFloat32s() []float32 {
	s := make([]float32, 2000)
	for i := range s {
		x := float32(i)
		switch i % 6 {
		case 0:
			s[i] = x * 0.1
		case 1:
			s[i] = -x
		case 2:
			s[i] = x / 3
		case 3:
			s[i] = float32(math.Copysign(0, -1))
		case 4:
			s[i] = x * 16777216
		default:
			s[i] = -x * 1e-30
		}
	}
	s[600] = math.MaxFloat32
	s[601] = math.SmallestNonzeroFloat32
	s[602] = -math.MaxFloat32
	s[603] = float32(math.Inf(1))
	s[604] = float32(math.Inf(-1))
	return s
}

// longInt64s holds runs of values whose zigzag form takes seven bytes
// (Unix microseconds, ids near 10^15, both signs) between values of one to
// seven bytes, up to ±(2^53-1) and ±2^52, whose zigzag forms are seven bytes
// too but above 2^53.
func longInt64s() []int64 {
	widths := []int64{0, 1, -1, 63, -64, 64, 200, -300, 70000, -70000, 1 << 31, -1 << 31, 1 << 40, -1 << 40,
		1 << 48, -1 << 48, 1 << 52, -1 << 52, 1<<53 - 1, -(1<<53 - 1)}
	s := make([]int64, 1300)
	for i := range s {
		switch b := i / 25 % 4; {
		case b == 0:
			s[i] = 1_700_000_000_000_000 + int64(i)*1_000_003
		case b == 1:
			s[i] = -1_000_000_000_000_000 - int64(i)*7
		case b == 2 && i%2 == 0:
			s[i] = 999_999_999_999_999 - int64(i)
		default:
			// Nudged towards zero, so that none passes ±(2^53-1).
			w := widths[i%len(widths)]
			if w > 0 {
				w -= int64(i % 3)
			} else if w < 0 {
				w += int64(i % 3)
			}
			s[i] = w
		}
	}
	return s
}

// longInt64sPast253 is longInt64s's first 150 with values past 2^53 put in
// its runs of seven bytes: 2^53 (seven bytes, past the double's integers),
// wider ones of eight bytes, and the extremes.
func longInt64sPast253() []int64 {
	s := longInt64s()[:150]
	for i, v := range []int64{1 << 53, -(1 << 53) - 1, 1<<53 + 1, 1<<60 + 1, -(1 << 62), math.MinInt64, math.MaxInt64, 1 << 55, -(1 << 55)} {
		s[3+i*16] = v
	}
	return s
}

func longUint64sPast253() []uint64 {
	s := make([]uint64, 100)
	for i := range s {
		s[i] = 1<<50 + uint64(i)*1_000_003
	}
	for i, v := range []uint64{1 << 53, 1<<53 + 1, 1 << 56, 1 << 63, math.MaxUint64, 0, 1} {
		s[5+i*13] = v
	}
	return s
}

// longUint64s holds runs of values near 2^50 (seven bytes) between values of
// one to seven bytes, up to 2^53-1.
func longUint64s() []uint64 {
	widths := []uint64{0, 1, 127, 128, 255, 256, 65535, 65536, 1 << 24, 1<<32 - 1, 1 << 32, 1 << 40, 1 << 48, 1<<53 - 1}
	s := make([]uint64, 1500)
	for i := range s {
		if i/30%2 == 0 {
			s[i] = 1<<50 + uint64(i)*999_983
		} else {
			s[i] = widths[i%len(widths)] - uint64(i%2)*min(widths[i%len(widths)], 1)
		}
	}
	return s
}

func longInt32s() []int32 {
	widths := []int32{0, -1, 63, -64, 64, 127, -128, 255, 256, -257, 32767, -32768, 65536, 1 << 23, -1 << 23, math.MaxInt32, math.MinInt32}
	s := make([]int32, 3000)
	for i := range s {
		w := widths[i%len(widths)]
		if w != math.MaxInt32 && w != math.MinInt32 {
			w += int32(i % 5)
		}
		s[i] = w
	}
	return s
}

func longInt16s() []int16 {
	s := make([]int16, 400)
	for i := range s {
		s[i] = int16(i*i*37 - i*911)
	}
	s[7], s[8] = math.MinInt16, math.MaxInt16
	return s
}

func longInt8s() []int8 {
	s := make([]int8, 400)
	for i := range s {
		s[i] = int8(i * 13)
	}
	s[9], s[10] = math.MinInt8, math.MaxInt8
	return s
}

func longUint16s() []uint16 {
	s := make([]uint16, 400)
	for i := range s {
		s[i] = uint16(i * i * 61)
	}
	s[11] = math.MaxUint16
	return s
}

func longUint32s() []uint32 {
	s := make([]uint32, 400)
	for i := range s {
		s[i] = uint32(i) * uint32(i) * uint32(i) * 3203
	}
	s[12] = math.MaxUint32
	return s
}

func longStringMap() map[string]string {
	m := make(map[string]string, 1000)
	for i := 0; i < 1000; i++ {
		k := "key-" + strconv.Itoa(10000+i)
		switch i % 5 {
		case 0:
			m[k] = "value-" + filler(i, i%17)
		case 1:
			m[k] = "välue-世界-🎉-" + strconv.Itoa(i)
		case 2:
			m[k] = ""
		case 3:
			m[k] = filler(i, 128)
		default:
			m[k] = strconv.Itoa(i * i)
		}
	}
	return m
}

func longRows() LongRows {
	return LongRows{
		Names:   longASCIIStrings()[:70],
		Labels:  longUTF8Strings()[:64],
		Samples: longFloat64s()[:24],
		Micros:  longInt64s()[:30],
		Flags:   longBools()[:64],
		Counts:  longInt32s()[:32],
		Ratios:  longFloat32s()[:16],
		Sizes:   longUint64s()[:32],
	}
}
