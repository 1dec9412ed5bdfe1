// Command gobhostile is the Go end of the hostile-input tests: it decodes corrupted or hand-made
// gob streams and prints what Go's Decoder made of each, so the TypeScript decoder's outcome can
// be compared with it exactly.
//
//	gobhostile CASE   for each line of hex on stdin, a fresh Decoder decodes the case's values,
//	                  each into a new value of the case's Go type (as gobpeer check), then one
//	                  Decode(nil) after the last
//	gobhostile nil    for each line of hex on stdin, a fresh Decoder calls Decode(nil) until an error
//
// One JSON line per input line: {"values": [tagged values decoded before the end], "error":
// "the first error's text, or empty", "after": "the final Decode(nil)'s error, or empty"}.
// A value that failed is not printed: Go leaves it partly filled.
package main

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"

	"gobrpc/interop/internal/gobcases"
)

type outcome struct {
	Values []json.RawMessage `json:"values"`
	Error  string            `json:"error"`
	After  string            `json:"after"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gobhostile CASE | nil  (hex streams on stdin, one per line)")
		os.Exit(2)
	}
	var types []reflect.Type
	if os.Args[1] != "nil" {
		c, ok := gobcases.Lookup(os.Args[1])
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown case %q\n", os.Args[1])
			os.Exit(2)
		}
		for _, v := range c.Values() {
			types = append(types, reflect.TypeOf(v))
		}
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 64<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		b, err := hex.DecodeString(in.Text())
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad hex:", err)
			os.Exit(2)
		}
		o := run(b, types)
		line, err := json.Marshal(o)
		if err != nil {
			fmt.Fprintln(os.Stderr, "json:", err)
			os.Exit(1)
		}
		out.Write(line)
		out.WriteByte('\n')
	}
}

// run decodes one stream; a panic inside gob (none is expected) is reported as an error line.
func run(b []byte, types []reflect.Type) (o outcome) {
	o.Values = []json.RawMessage{}
	defer func() {
		if p := recover(); p != nil {
			o.Error = fmt.Sprintf("panic: %v", p)
		}
	}()
	dec := gob.NewDecoder(bytes.NewReader(b))
	if types == nil {
		for n := 0; ; n++ {
			if err := dec.DecodeValue(reflect.Value{}); err != nil {
				o.Error = err.Error()
				o.Values = append(o.Values, json.RawMessage(fmt.Sprint(n)))
				return
			}
		}
	}
	for _, t := range types {
		p := reflect.New(t)
		if err := dec.DecodeValue(p); err != nil {
			o.Error = err.Error()
			return
		}
		v, err := gobcases.Tag(p.Elem().Interface())
		if err != nil {
			o.Error = "tag: " + err.Error()
			return
		}
		o.Values = append(o.Values, v)
	}
	if err := dec.DecodeValue(reflect.Value{}); err != nil {
		o.After = err.Error()
	}
	return
}
