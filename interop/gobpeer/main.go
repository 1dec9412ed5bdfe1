// Command gobpeer is the Go end of the TypeScript gob interop tests.
//
//	gobpeer list          print the case names, one per line
//	gobpeer encode CASE   write the case's gob stream to stdout
//	gobpeer check CASE    decode a gob stream from stdin and compare it with the case
//	gobpeer decode CASE   decode a gob stream from stdin and print the values (%#v), for debugging
//
// Each invocation is a fresh process, so gob type ids match the fixtures.
package main

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"

	"gobrpc/interop/internal/gobcases"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gobpeer list | encode CASE | check CASE | decode CASE")
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	if os.Args[1] == "list" {
		for _, c := range gobcases.Cases {
			fmt.Println(c.Name)
		}
		return
	}
	if len(os.Args) != 3 {
		usage()
	}
	c, ok := gobcases.Lookup(os.Args[2])
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown case %q\n", os.Args[2])
		os.Exit(2)
	}
	switch os.Args[1] {
	case "encode":
		encode(c)
	case "check":
		check(c)
	case "decode":
		decode(c)
	default:
		usage()
	}
}

func encode(c gobcases.Case) {
	w := bufio.NewWriter(os.Stdout)
	enc := gob.NewEncoder(w)
	for i, v := range c.Values() {
		if err := enc.Encode(v); err != nil {
			fmt.Fprintf(os.Stderr, "encode error in value %d: %v\n", i, err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "write error:", err)
		os.Exit(1)
	}
}

// decodeAll decodes one value per expected value, each into a fresh value
// of the expected value's Go type, then requires a clean end of stream.
func decodeAll(c gobcases.Case) (got, want []any, err error) {
	want = c.Values()
	dec := gob.NewDecoder(bufio.NewReader(os.Stdin))
	for i, w := range want {
		p := reflect.New(reflect.TypeOf(w))
		if err := dec.DecodeValue(p); err != nil {
			return got, want, fmt.Errorf("value %d: %w", i, err)
		}
		got = append(got, p.Elem().Interface())
	}
	if err := dec.DecodeValue(reflect.Value{}); err != io.EOF {
		if err == nil {
			err = errors.New("unexpected extra value after the last one")
		}
		return got, want, fmt.Errorf("after value %d, want io.EOF: %w", len(want)-1, err)
	}
	return got, want, nil
}

func check(c gobcases.Case) {
	got, want, err := decodeAll(c)
	if err != nil {
		fmt.Fprintf(os.Stderr, "decode error: %v\n", err)
		os.Exit(1)
	}
	for k := range want {
		if !gobcases.Equal(got[k], want[k]) {
			fmt.Fprintf(os.Stderr, "mismatch in value %d: got %#v want %#v\n", k, got[k], want[k])
			os.Exit(1)
		}
	}
	fmt.Println("ok", c.Name)
}

func decode(c gobcases.Case) {
	got, _, err := decodeAll(c)
	for k, v := range got {
		fmt.Printf("value %d: %#v\n", k, v)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "decode error: %v\n", err)
		os.Exit(1)
	}
}
