// Command calcclient checks a CalcService server with Go's net/rpc client.
//
//	calcclient -addr HOST:PORT [-mode tcp|http] [-timeout 30s]
//
// Output, one line per check:
//
//	CalcService: 3+4=7
//	CalcService: 10/4=2.5
//	CalcService: 3%4 error: unsupported operator: %
//	CalcService: operators [+ - * /]
//
// On any mismatch prints "FAIL: ..." to stderr and exits 1.
package main

import (
	"errors"
	"fmt"
	"net/rpc"
	"reflect"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	client := services.DialFromFlags("tcp or http", 30*time.Second)
	defer client.Close()

	calc := func(a, b float64, op string, want float64) {
		var got float64
		args := services.CalcArgs{Number1: a, Number2: b, Operator: op}
		if err := client.Call("CalcService.CalcTwoNumber", args, &got); err != nil {
			services.Fail("CalcTwoNumber %g%s%g: %v", a, op, b, err)
		}
		if got != want {
			services.Fail("CalcTwoNumber %g%s%g: got %g, want %g", a, op, b, got, want)
		}
		fmt.Printf("CalcService: %g%s%g=%g\n", a, op, b, got)
	}
	calc(3, 4, "+", 7)
	calc(10, 4, "/", 2.5)

	var got float64
	err := client.Call("CalcService.CalcTwoNumber", services.CalcArgs{Number1: 3, Number2: 4, Operator: "%"}, &got)
	const wantErr = "unsupported operator: %"
	var se rpc.ServerError
	if err == nil || !errors.As(err, &se) || err.Error() != wantErr {
		services.Fail("CalcTwoNumber 3%%4: error %v (%T), want rpc.ServerError %q", err, err, wantErr)
	}
	fmt.Printf("CalcService: 3%%4 error: %s\n", err.Error())

	var ops []string
	if err := client.Call("CalcService.GetOperators", struct{}{}, &ops); err != nil {
		services.Fail("GetOperators: %v", err)
	}
	if !reflect.DeepEqual(ops, services.Operators) {
		services.Fail("GetOperators: got %q, want %q", ops, services.Operators)
	}
	fmt.Printf("CalcService: operators %v\n", ops)
}
