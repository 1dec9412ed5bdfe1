// Command basics checks gob's pre-registered interface names (type.go's
// registerBasics) against the TypeScript encoder and decoder. It registers
// nothing itself, so every name it accepts is one Go registers for it.
//
//	basics encode   write a gob stream of one []interface{} holding a value
//	                of every pre-registered type (Values, in order) to stdout
//	basics check    decode one []interface{} from stdin and compare it with
//	                Values; print "ok" and exit 0, or print each difference
//	                and exit 1
package main

import (
	"encoding/gob"
	"fmt"
	"os"
	"reflect"
)

// Values holds one value of each of the 34 types Go registers itself, in
// registerBasics order ([]byte and []uint8 are one type).
var Values = []any{
	int(-1), int8(-8), int16(-16), int32(-32), int64(1 << 60),
	uint(1), uint8(8), uint16(16), uint32(32), uint64(1 << 63),
	float32(1.5), float64(2.5), complex64(1 + 2i), complex128(3 + 4i),
	uintptr(7), true, "x",
	[]byte("by"),
	[]int{1, -1}, []int8{-8}, []int16{-16}, []int32{-32}, []int64{-(1 << 62)},
	[]uint{1}, []uint16{16}, []uint32{32}, []uint64{1<<64 - 1},
	[]float32{0.5}, []float64{0.25}, []complex64{1i}, []complex128{2i},
	[]uintptr{9}, []bool{true, false}, []string{"a", "b"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: basics encode | check")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "encode":
		if err := gob.NewEncoder(os.Stdout).Encode(Values); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			os.Exit(1)
		}
	case "check":
		var got []any
		if err := gob.NewDecoder(os.Stdin).Decode(&got); err != nil {
			fmt.Println("FAIL: decode:", err)
			os.Exit(1)
		}
		ok := len(got) == len(Values)
		if !ok {
			fmt.Printf("FAIL: %d values, want %d\n", len(got), len(Values))
		}
		for i := 0; i < len(got) && i < len(Values); i++ {
			if !reflect.DeepEqual(got[i], Values[i]) {
				ok = false
				fmt.Printf("FAIL: value %d: got %T %#v, want %T %#v\n", i, got[i], got[i], Values[i], Values[i])
			}
		}
		if !ok {
			os.Exit(1)
		}
		fmt.Println("ok")
	default:
		fmt.Fprintln(os.Stderr, "usage: basics encode | check")
		os.Exit(2)
	}
}
