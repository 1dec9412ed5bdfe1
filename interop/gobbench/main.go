// Command gobbench measures Go's own encoding/gob on the benchmark corpus
// (1,000 gobcases.Item values, built by gobcases.BenchItem) and prints one
// line of JSON: encode and decode throughput in items per second, the size
// of the 1,000-item stream and the Go version.
package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"gobrpc/interop/internal/gobcases"
)

const corpusSize = 1000

func corpus() []gobcases.Item {
	items := make([]gobcases.Item, corpusSize)
	for i := range items {
		items[i] = gobcases.BenchItem(i)
	}
	return items
}

// encodeRound encodes every item, one Encode call each, on one encoder.
func encodeRound(items []gobcases.Item, buf *bytes.Buffer) {
	buf.Reset()
	enc := gob.NewEncoder(buf)
	for i := range items {
		if err := enc.Encode(&items[i]); err != nil {
			fail(err)
		}
	}
}

// decodeRound decodes the whole stream with a new decoder.
func decodeRound(stream []byte) {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	for i := 0; i < corpusSize; i++ {
		var it gobcases.Item
		if err := dec.Decode(&it); err != nil {
			fail(err)
		}
	}
}

// measure runs round once to warm up, then repeatedly for at least d, and
// returns items per second.
func measure(d time.Duration, round func()) float64 {
	round()
	start := time.Now()
	rounds := 0
	for {
		round()
		rounds++
		if el := time.Since(start); el >= d {
			return float64(rounds*corpusSize) / el.Seconds()
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gobbench:", err)
	os.Exit(1)
}

func main() {
	seconds := flag.Float64("seconds", 1.0, "minimum measuring time for each of encode and decode")
	dump := flag.String("dump", "", "write the 1,000-item stream to this file")
	flag.Parse()

	items := corpus()
	var buf bytes.Buffer
	encodeRound(items, &buf)
	stream := append([]byte(nil), buf.Bytes()...)
	if *dump != "" {
		if err := os.WriteFile(*dump, stream, 0o644); err != nil {
			fail(err)
		}
	}

	d := time.Duration(*seconds * float64(time.Second))
	encRate := measure(d, func() { encodeRound(items, &buf) })
	decRate := measure(d, func() { decodeRound(stream) })

	out, err := json.Marshal(struct {
		Encode      int64  `json:"encodeItemsPerSec"`
		Decode      int64  `json:"decodeItemsPerSec"`
		StreamBytes int    `json:"streamBytes"`
		GoVersion   string `json:"goVersion"`
	}{int64(encRate), int64(decRate), len(stream), runtime.Version()})
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}
