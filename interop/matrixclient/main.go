// Command matrixclient checks a Matrix server with Go's net/rpc client.
//
//	matrixclient -addr HOST:PORT [-mode tcp|http] [-timeout 60s]
//
// Output, one line per passed check:
//
//	ok Echo
//	ok EchoMany 5
//	ok Big 5242880
//	ok Sum
//	ok Fail boom
//	ok Sleep 20
//
// On the first failure prints "FAIL: ..." to stderr and exits 1.
package main

import (
	"errors"
	"fmt"
	"math/big"
	"net/rpc"
	"time"

	"gobrpc/interop/internal/services"
)

// richPayload has every field non-zero, interface values of every
// registered kind, a +05:30 time with nanoseconds, a big.Int above 2^100 and
// a 1 MiB byte slice.
func richPayload() services.Payload {
	p := services.MakePayload(7)
	bytes := make([]byte, 1<<20)
	for i := range bytes {
		bytes[i] = byte(i*7 + i>>8)
	}
	p.Bytes = bytes
	p.Any = services.Inner{Label: "rich", Weight: -2.75}
	p.Anys = []any{-42, "héllo, 世界", []int{1, -2, 3}, services.Inner{Label: "in-slice", Weight: 1e-9}}
	p.When = time.Date(2024, 3, 15, 12, 34, 56, 789_012_345, services.IST)
	num, _ := new(big.Int).SetString("1267650600228229401496703205376123456789", 10) // > 2^130
	p.Num = num
	p.Names = map[string]int{"zero": 0, "min": -1 << 63, "max": 1<<63 - 1}
	p.ByKey = map[services.Key]string{{X: 1, Y: 2}: "a", {X: -3, Y: 4}: "b"}
	p.C = complex(1.5, -2.25)
	p.F32 = 3.1415927
	p.Big = 1<<64 - 1
	p.Neg = -1 << 63
	p.Dur = 90*time.Minute + 5*time.Nanosecond
	return p
}

func main() {
	client := services.DialFromFlags("tcp or http", 60*time.Second)
	defer client.Close()

	// Echo.
	sent := richPayload()
	var echoed services.Payload
	if err := client.Call("Matrix.Echo", sent, &echoed); err != nil {
		services.Fail("Matrix.Echo: %v", err)
	}
	if d := services.PayloadDiff(sent, echoed); d != "" {
		services.Fail("Matrix.Echo: %s", d)
	}
	fmt.Println("ok Echo")

	// EchoMany.
	const many = 5
	var list []services.Payload
	if err := client.Call("Matrix.EchoMany", many, &list); err != nil {
		services.Fail("Matrix.EchoMany: %v", err)
	}
	if len(list) != many {
		services.Fail("Matrix.EchoMany: got %d payloads, want %d", len(list), many)
	}
	for i, p := range list {
		if d := services.PayloadDiff(services.MakePayload(i), p); d != "" {
			services.Fail("Matrix.EchoMany[%d]: %s", i, d)
		}
	}
	fmt.Printf("ok EchoMany %d\n", many)

	// Big.
	const size = 5 << 20
	var blob []byte
	if err := client.Call("Matrix.Big", size, &blob); err != nil {
		services.Fail("Matrix.Big: %v", err)
	}
	if len(blob) != size {
		services.Fail("Matrix.Big: got %d bytes, want %d", len(blob), size)
	}
	for i, b := range blob {
		if b != services.BigByte(i) {
			services.Fail("Matrix.Big: byte %d is %d, want %d", i, b, services.BigByte(i))
		}
	}
	fmt.Printf("ok Big %d\n", size)

	// Sum.
	xs := []int64{1, -2, 3, 1 << 40, -(1 << 40), 1<<62 + 5}
	var sum int64
	if err := client.Call("Matrix.Sum", xs, &sum); err != nil {
		services.Fail("Matrix.Sum: %v", err)
	}
	if want := int64(1<<62 + 7); sum != want {
		services.Fail("Matrix.Sum: got %d, want %d", sum, want)
	}
	fmt.Println("ok Sum")

	// Fail.
	var n int
	err := client.Call("Matrix.Fail", "boom", &n)
	var se rpc.ServerError
	if err == nil || !errors.As(err, &se) || err.Error() != "boom" {
		services.Fail("Matrix.Fail: error %v (%T), want rpc.ServerError \"boom\"", err, err)
	}
	fmt.Println("ok Fail boom")

	// Sleep: a reply that comes later than others; only its value is checked, since the two
	// processes' clocks and timers do not agree to the microsecond.
	if err := client.Call("Matrix.Sleep", 20, &n); err != nil {
		services.Fail("Matrix.Sleep: %v", err)
	}
	if n != 20 {
		services.Fail("Matrix.Sleep(20): reply %d", n)
	}
	fmt.Println("ok Sleep 20")
}
