// Command gobmatrix is Go's side of the workload matrix in `make bench`
// (bench/matrix.ts): Go's encoding/gob on the same values the TypeScript
// side builds, timed round by round on request so that the two sides
// alternate and share the machine's load.
//
//	gobmatrix -dump NAME -file F  write Go's stream of workload NAME to F
//	gobmatrix -dir DIR            serve timing requests on stdin
//	gobmatrix -mem NAME -file F   decode F once, print peak RSS (NAME "none": nothing)
//	gobmatrix -fresh N            time mapping fresh memory N times (see fresh)
//
// -dump encodes the workload as the process's first stream, so its type ids
// are those of a fresh stream (Go numbers types per process). -dir decodes
// each workload's stream from DIR/NAME.gob (written by -dump), prints one
// JSON line {"goVersion": ..., "workloads": [...]}, then answers each line
// read from stdin:
//
//	time NAME enc|dec SECONDS  -> {"ops": N, "seconds": S}  (repeats one op for at least SECONDS)
//	check NAME FILE            -> "ok", or "FAIL: ..." (FILE decodes to Go's own value)
//
// One op of a workload is one whole stream: a new Encoder (or Decoder) and
// every value of the workload through it, type definitions included. It
// exits when stdin closes.
package main

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gobrpc/interop/internal/gobcases"
)

// Point is the struct inside the []interface{} workload, sent as "main.Mixed"
// (gobcases already registers a different "main.Point").
type Point struct{ X, Y int }

// Node is the binary tree workload's node.
type Node struct {
	Val         int
	Left, Right *Node
}

// Tiny is the small-message workload's value.
type Tiny struct{ A, B int }

// Rec is the element of the []Rec shape: a record with a string slice.
type Rec struct {
	ID    int64
	Name  string
	Score float64
	OK    bool
	Tags  []string
}

// workload is one row of the matrix: its values (one per message), and a
// function giving a fresh pointer to decode one message into.
type workload struct {
	name   string
	values []any
	fresh  func() any
}

const (
	million = 1_000_000
)

func tree(depth, val int) *Node {
	n := &Node{Val: val}
	if depth > 1 {
		n.Left = tree(depth-1, 2*val)
		n.Right = tree(depth-1, 2*val+1)
	}
	return n
}

// builders makes every workload's values exactly as bench/matrix.ts does,
// one function per workload so that a process can build only the one it
// needs.
var builders = []struct {
	name  string
	build func() workload
}{
	{"ints", func() workload {
		ints := make([]int, million)
		for i := range ints {
			ints[i] = i % 100
		}
		return workload{"ints", []any{&ints}, func() any { return new([]int) }}
	}},
	{"floats", func() workload {
		floats := make([]float64, million)
		for i := range floats {
			floats[i] = float64(i) * 0.001
		}
		return workload{"floats", []any{&floats}, func() any { return new([]float64) }}
	}},
	{"map", func() workload {
		m := make(map[string]string, 100_000)
		for i := 0; i < 100_000; i++ {
			m["k"+strconv.Itoa(i)] = "v" + strconv.Itoa(i*7)
		}
		return workload{"map", []any{&m}, func() any { return new(map[string]string) }}
	}},
	{"tree", func() workload {
		return workload{"tree", []any{tree(20, 1)}, func() any { return new(Node) }}
	}},
	{"mixed", func() workload {
		mixed := make([]any, 100_000)
		for i := range mixed {
			switch i % 5 {
			case 0:
				mixed[i] = i
			case 1:
				mixed[i] = "s" + strconv.Itoa(i)
			case 2:
				mixed[i] = float64(i) + 0.5
			case 3:
				mixed[i] = i%2 == 0
			case 4:
				mixed[i] = Point{X: i, Y: -i}
			}
		}
		return workload{"mixed", []any{&mixed}, func() any { return new([]any) }}
	}},
	{"bytes", func() workload {
		blob := make([]byte, 50*million)
		for i := range blob {
			blob[i] = byte(i * 31)
		}
		return workload{"bytes", []any{&blob}, func() any { return new([]byte) }}
	}},
	{"tiny", func() workload {
		tiny := make([]any, million)
		for i := range tiny {
			tiny[i] = &Tiny{A: i, B: 2 * i}
		}
		return workload{"tiny", tiny, func() any { return new(Tiny) }}
	}},
	{"int64s", func() workload {
		ints := make([]int64, million)
		for i := range ints {
			ints[i] = int64(i) * 1_000_000_007
		}
		return workload{"int64s", []any{&ints}, func() any { return new([]int64) }}
	}},
	{"strings", func() workload {
		strs := make([]string, 100_000)
		for i := range strs {
			strs[i] = ("str-" + strconv.Itoa(i) + "-abcdefghijklmnopqrstuvwxyz0123456789")[:9+i%23]
		}
		return workload{"strings", []any{&strs}, func() any { return new([]string) }}
	}},
	{"bools", func() workload {
		bools := make([]bool, million)
		for i := range bools {
			bools[i] = i%3 == 0
		}
		return workload{"bools", []any{&bools}, func() any { return new([]bool) }}
	}},
	// The shapes outside the matrix (bench/matrix.ts SHAPE_NAMES), run by
	// `node build/bench/run.js shapes`.
	{"f32", func() workload {
		v := make([]float32, million)
		for i := range v {
			v[i] = float32(i) * 0.5
		}
		return workload{"f32", []any{&v}, func() any { return new([]float32) }}
	}},
	{"i32", func() workload {
		v := make([]int32, million)
		for i := range v {
			v[i] = int32(i*37 - 500000)
		}
		return workload{"i32", []any{&v}, func() any { return new([]int32) }}
	}},
	{"mapint", func() workload {
		m := make(map[int]int, 100_000)
		for i := 0; i < 100_000; i++ {
			m[i*3] = i
		}
		return workload{"mapint", []any{&m}, func() any { return new(map[int]int) }}
	}},
	{"mapany", func() workload {
		m := make(map[string]any, 10_000)
		for i := 0; i < 10_000; i++ {
			k := "key" + strconv.Itoa(i)
			switch i % 3 {
			case 0:
				m[k] = i
			case 1:
				m[k] = "val" + strconv.Itoa(i)
			default:
				m[k] = float64(i) / 4
			}
		}
		return workload{"mapany", []any{&m}, func() any { return new(map[string]any) }}
	}},
	{"recs", func() workload {
		v := make([]Rec, 100_000)
		for i := range v {
			v[i] = Rec{ID: int64(i) * 1001, Name: "rec-" + strconv.Itoa(i), Score: float64(i) / 8, OK: i%2 == 0, Tags: []string{"a", "b" + strconv.Itoa(i%10)}}
		}
		return workload{"recs", []any{&v}, func() any { return new([]Rec) }}
	}},
	{"nested", func() workload {
		v := make([][]int, 100_000)
		for i := range v {
			v[i] = []int{i, i + 1, i + 2}
		}
		return workload{"nested", []any{&v}, func() any { return new([][]int) }}
	}},
	{"ptrs", func() workload {
		v := make([]*Point, 100_000)
		for i := range v {
			v[i] = &Point{X: i, Y: i * 2}
		}
		return workload{"ptrs", []any{&v}, func() any { return new([]*Point) }}
	}},
	{"utf", func() workload {
		v := make([]string, 100_000)
		for i := range v {
			v[i] = "héllo wörld " + strconv.Itoa(i) + " 日本語"
		}
		return workload{"utf", []any{&v}, func() any { return new([]string) }}
	}},
	{"u64", func() workload {
		v := make([]uint64, million)
		for i := range v {
			v[i] = uint64(i)*1_000_000_007 + 1<<50
		}
		return workload{"u64", []any{&v}, func() any { return new([]uint64) }}
	}},
	{"longstr", func() workload {
		v := make([]string, 10_000)
		for i := range v {
			v[i] = strings.Repeat("lorem ipsum dolor sit amet ", 4+i%4) + strconv.Itoa(i)
		}
		return workload{"longstr", []any{&v}, func() any { return new([]string) }}
	}},
	{"times", func() workload {
		v := make([]time.Time, 100_000)
		for i := range v {
			v[i] = time.Unix(1_700_000_000+int64(i), int64(i)*1000).UTC()
		}
		return workload{"times", []any{&v}, func() any { return new([]time.Time) }}
	}},
	{"items", func() workload {
		items := make([]any, 1000)
		for i := range items {
			it := gobcases.BenchItem(i)
			items[i] = &it
		}
		return workload{"items", items, func() any { return new(gobcases.Item) }}
	}},
}

func encode(w workload, buf *bytes.Buffer) {
	buf.Reset()
	enc := gob.NewEncoder(buf)
	for _, v := range w.values {
		if err := enc.Encode(v); err != nil {
			fail(err)
		}
	}
}

func decode(w workload, stream []byte) []any {
	dec := gob.NewDecoder(bytes.NewReader(stream))
	out := make([]any, len(w.values))
	for i := range out {
		p := w.fresh()
		if err := dec.Decode(p); err != nil {
			fail(err)
		}
		out[i] = p
	}
	return out
}

// build makes the workload called name.
func build(name string) (workload, bool) {
	for _, b := range builders {
		if b.name == name {
			return b.build(), true
		}
	}
	return workload{}, false
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gobmatrix:", err)
	os.Exit(1)
}

func main() {
	dir := flag.String("dir", "", "serve timing requests on stdin, decoding the streams DIR/NAME.gob")
	dump := flag.String("dump", "", "encode this workload as this process's first stream and write it to -file")
	mem := flag.String("mem", "", "decode -file as this workload once and print peak RSS in KiB (none: decode nothing)")
	file := flag.String("file", "", "the stream for -dump and -mem")
	freshRuns := flag.Int("fresh", 0, "time mapping, touching and unmapping 8 MiB this many times")
	flag.Parse()
	gob.RegisterName("main.Mixed", Point{})
	var buf bytes.Buffer
	switch {
	case *freshRuns > 0:
		fresh(*freshRuns)
		return
	case *mem != "":
		memory(*mem, *file)
		return
	case *dump != "":
		// Go numbers types per process, in the order they are first sent, so only a process's
		// first stream has the ids a fresh stream from the TypeScript side has.
		w, ok := build(*dump)
		if !ok {
			fail(fmt.Errorf("unknown workload %q", *dump))
		}
		encode(w, &buf)
		if err := os.WriteFile(*file, buf.Bytes(), 0o644); err != nil {
			fail(err)
		}
		return
	case *dir == "":
		fail(fmt.Errorf("need -dir, -dump or -mem"))
	}
	var names []string
	for _, b := range builders {
		names = append(names, b.name)
	}
	hello, _ := json.Marshal(map[string]any{"goVersion": runtime.Version(), "workloads": names})
	fmt.Println(string(hello))

	// One workload in memory at a time, as on the TypeScript side: a heap holding all of them
	// would make every collection cost more than the workload alone does.
	var w workload
	var stream []byte
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		if len(f) == 0 {
			continue
		}
		if w.name != f[1] {
			w, stream = workload{}, nil
			runtime.GC()
			var ok bool
			if w, ok = build(f[1]); !ok {
				fail(fmt.Errorf("unknown workload %q", f[1]))
			}
			s, err := os.ReadFile(*dir + "/" + w.name + ".gob")
			if err != nil {
				fail(err)
			}
			stream = s
		}
		switch f[0] {
		case "time":
			secs, _ := strconv.ParseFloat(f[3], 64)
			var op func()
			if f[2] == "enc" {
				op = func() { encode(w, &buf) }
			} else {
				op = func() { decode(w, stream) }
			}
			ops, el := timeOps(op, time.Duration(secs*float64(time.Second)))
			fmt.Printf("{\"ops\": %d, \"seconds\": %.9f}\n", ops, el.Seconds())
		case "check":
			fmt.Println(check(w, f[2]))
		default:
			fail(fmt.Errorf("unknown request %q", f[0]))
		}
	}
}

// timeOps runs op until d has passed (at least once) and returns how many
// ops ran in how long.
func timeOps(op func(), d time.Duration) (int, time.Duration) {
	start := time.Now()
	for n := 1; ; n++ {
		op()
		if el := time.Since(start); el >= d {
			return n, el
		}
	}
}

// check decodes the stream in file and compares it with Go's own values.
func check(w workload, file string) string {
	s, err := os.ReadFile(file)
	if err != nil {
		return "FAIL: " + err.Error()
	}
	got := decode(w, s)
	for i, v := range w.values {
		if !reflect.DeepEqual(reflect.ValueOf(got[i]).Elem().Interface(), reflect.ValueOf(v).Elem().Interface()) {
			return fmt.Sprintf("FAIL: value %d of %s differs", i, w.name)
		}
	}
	return "ok"
}

// fresh prints, as JSON, the median, least and most milliseconds of n rounds
// of mapping 8 MiB of anonymous memory, writing a byte to each 4 KiB page and
// unmapping it: the machine's price for fresh memory, which V8 pays for each
// new JavaScript array of 10^6 elements (its 8 MB are mapped anew each time)
// and Go's heap, reused from one op to the next, does not.
func fresh(n int) {
	const size = 8 << 20
	ms := make([]float64, n)
	for i := range ms {
		start := time.Now()
		b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			fail(err)
		}
		for p := 0; p < size; p += 4096 {
			b[p] = 1
		}
		if err := syscall.Munmap(b); err != nil {
			fail(err)
		}
		ms[i] = float64(time.Since(start).Nanoseconds()) / 1e6
	}
	slices.Sort(ms)
	out, _ := json.Marshal(map[string]float64{"medianMs": ms[n/2], "minMs": ms[0], "maxMs": ms[n-1]})
	fmt.Println(string(out))
}

// memory decodes one stream the way the timed runs do and prints the
// process's peak RSS (VmHWM, KiB; Linux only); with name
// "none" it prints the baseline of a Go process that decodes nothing.
func memory(name, file string) {
	var keep any
	if name != "none" {
		s, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		var w workload
		switch name {
		case "ints":
			w = workload{name, []any{nil}, func() any { return new([]int) }}
		case "map":
			w = workload{name, []any{nil}, func() any { return new(map[string]string) }}
		default:
			fail(fmt.Errorf("-mem %s: only ints and map", name))
		}
		keep = decode(w, s)
	}
	// VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child
	// of a big process would report its parent's peak.
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		fail(err)
	}
	m := regexp.MustCompile(`VmHWM:\s*(\d+) kB`).FindSubmatch(status)
	if m == nil {
		fail(fmt.Errorf("no VmHWM in /proc/self/status"))
	}
	fmt.Printf("{\"maxRssKiB\": %s}\n", m[1])
	runtime.KeepAlive(keep)
}
