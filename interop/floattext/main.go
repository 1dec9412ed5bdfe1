// Command floattext prints how Go formats a table of float32 and float64 values, so tests can
// check that the command line prints floats with Go's digits.
//
//	floattext
//
// One line per value: "f32" or "f64", the value's bits (hex), fmt's %v of it, and its
// json.Marshal text. The float32 values are every normal power of two with its neighbours, the
// subnormals' edges, ties such as 2097152.25, and seeded random bit patterns; the float64
// values are the edges of %v's exponent form and random bit patterns. No NaN or infinity
// (json.Marshal refuses them).
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"math"
	"math/rand"
)

func main() {
	log.SetFlags(0)
	var singles []uint32
	for e := uint32(1); e < 255; e++ {
		for _, d := range []int32{-2, -1, 0, 1, 2} {
			if b := uint32(int32(e<<23) + d); b != 0 && b < 0x7f800000 {
				singles = append(singles, b)
			}
		}
	}
	singles = append(singles, 1, 2, 0x007fffff, math.Float32bits(2097152.25), math.Float32bits(186839.125), math.Float32bits(0.1))
	rng := rand.New(rand.NewSource(11))
	for len(singles) < 6000 {
		if b := rng.Uint32() & 0x7fffffff; b>>23 != 0xff && b != 0 {
			singles = append(singles, b)
		}
	}
	for _, b := range singles {
		f := math.Float32frombits(b)
		j, err := json.Marshal(f)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("f32 %08x %v %s\n", b, f, j)
	}
	doubles := []float64{1e6, 999999, 999999.5, 1234567, 1e-4, 1e-5, 0.00012, 1e20, 1e21, 1e22, 123456.7, 5e-324, math.MaxFloat64}
	for len(doubles) < 3000 {
		if f := math.Float64frombits(rng.Uint64() &^ (1 << 63)); !math.IsNaN(f) && !math.IsInf(f, 0) && f != 0 {
			doubles = append(doubles, f)
		}
	}
	for _, f := range doubles {
		j, err := json.Marshal(f)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("f64 %016x %v %s\n", math.Float64bits(f), f, j)
	}
}
