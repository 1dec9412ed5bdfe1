// Command timejson reads JSON texts, one per line on stdin, and prints what Go's json.Unmarshal
// makes of each as a time.Time, so tests can check that the JSON codec reads times as Go does.
//
//	timejson
//
// One line per input: "ok", the Unix seconds, the nanoseconds and the zone offset in seconds,
// or "error" and Go's error text. Local is UTC, so that an offset the text gives is never
// taken for the machine's zone.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

func main() {
	time.Local = time.UTC
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var t time.Time
		if err := json.Unmarshal(in.Bytes(), &t); err != nil {
			fmt.Fprintf(out, "error %s\n", err)
			continue
		}
		_, offset := t.Zone()
		fmt.Fprintf(out, "ok %d %d %d\n", t.Unix(), t.Nanosecond(), offset)
	}
}
