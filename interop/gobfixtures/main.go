// Command gobfixtures writes the gob golden files: for every case in
// gobcases, DIR/NAME.gob (the bytes a fresh gob.Encoder writes for the
// case's values) and DIR/NAME.json (a description with the values in tagged
// form).
//
// gob's type ids are allocated process-wide, so each case is encoded in a
// fresh process: the parent re-executes itself with -case NAME for each one.
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"

	"gobrpc/interop/internal/gobcases"
)

// docPointBytes is the worked example printed in encoding/gob's doc.go.
// It was produced when the first user type id was 65; current Go starts at
// 64, so no current encoder writes these bytes. They are a decode-only
// golden vector.
var docPointBytes = []byte{
	0x1f, 0xff, 0x81, 0x03, 0x01, 0x01, 0x05, 0x50, 0x6f, 0x69, 0x6e, 0x74, 0x01, 0xff, 0x82, 0x00,
	0x01, 0x02, 0x01, 0x01, 0x58, 0x01, 0x04, 0x00, 0x01, 0x01, 0x59, 0x01, 0x04, 0x00, 0x00, 0x00,
	0x07, 0xff, 0x82, 0x01, 0x2c, 0x01, 0x42, 0x00,
}

func main() {
	out := flag.String("out", "", "directory to write the fixtures into")
	caseName := flag.String("case", "", "write only this case (used by the re-executed child)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gobfixtures -out DIR")
		os.Exit(2)
	}
	if *caseName != "" {
		c, ok := gobcases.Lookup(*caseName)
		if !ok {
			fail(fmt.Errorf("unknown case %q", *caseName))
		}
		fail(writeCase(*out, c))
		return
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	for _, c := range gobcases.Cases {
		cmd := exec.Command(self, "-case", c.Name, "-out", *out)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fail(fmt.Errorf("case %s: %w", c.Name, err))
		}
	}
	fail(writeDocPoint(*out))
	fmt.Printf("wrote %d cases and doc_point_go_doc to %s\n", len(gobcases.Cases), *out)
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobfixtures:", err)
		os.Exit(1)
	}
}

type description struct {
	Name          string            `json:"name"`
	GoType        string            `json:"goType"`
	Description   string            `json:"description"`
	Deterministic bool              `json:"deterministic"`
	Values        []json.RawMessage `json:"values"`
}

// writeJSONFile writes d with one key per line and each value compact, so
// large cases stay reasonably small.
func writeJSONFile(path string, d description) error {
	var b bytes.Buffer
	field := func(key string, v any, last bool) {
		k, _ := json.Marshal(key)
		val, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		b.WriteString("  ")
		b.Write(k)
		b.WriteString(": ")
		b.Write(val)
		if !last {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("{\n")
	field("name", d.Name, false)
	field("goType", d.GoType, false)
	field("description", d.Description, false)
	field("deterministic", d.Deterministic, false)
	b.WriteString("  \"values\": [")
	for i, v := range d.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Write(v)
	}
	b.WriteString("]\n}\n")
	if !json.Valid(b.Bytes()) {
		return errors.New("generated invalid JSON for " + d.Name)
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// GoTypes lists the Go type of each value, comma separated.
func goTypes(values []any) string {
	var names []string
	for _, v := range values {
		names = append(names, reflect.TypeOf(v).String())
	}
	return strings.Join(names, ", ")
}

func writeCase(dir string, c gobcases.Case) error {
	values := c.Values()
	var stream bytes.Buffer
	enc := gob.NewEncoder(&stream)
	multi := false
	d := description{Name: c.Name, GoType: goTypes(values), Description: c.Description, Deterministic: c.Deterministic}
	for i, v := range values {
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("case %s value %d: %w", c.Name, i, err)
		}
		t, err := gobcases.Tag(v)
		if err != nil {
			return fmt.Errorf("case %s value %d: %w", c.Name, i, err)
		}
		d.Values = append(d.Values, t)
		multi = multi || gobcases.HasMultiEntryMap(v)
	}
	if multi == c.Deterministic {
		return fmt.Errorf("case %s: Deterministic is %v but has-multi-entry-map is %v", c.Name, c.Deterministic, multi)
	}
	if err := os.WriteFile(filepath.Join(dir, c.Name+".gob"), stream.Bytes(), 0o644); err != nil {
		return err
	}
	return writeJSONFile(filepath.Join(dir, c.Name+".json"), d)
}

func writeDocPoint(dir string) error {
	c, _ := gobcases.Lookup("point")
	t, err := gobcases.Tag(c.Values()[0])
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "doc_point_go_doc.gob"), docPointBytes, 0o644); err != nil {
		return err
	}
	return writeJSONFile(filepath.Join(dir, "doc_point_go_doc.json"), description{
		Name:   "doc_point_go_doc",
		GoType: "gobcases.Point",
		Description: "The exact bytes of doc.go's worked example for Point{22, 33}, written when user type ids started at 65; " +
			"decode-only, since current Go starts at 64.",
		Deterministic: false,
		Values:        []json.RawMessage{t},
	})
}
