// Command rpcbench measures Arith.Multiply calls per second through Go's
// net/rpc client.
//
//	rpcbench [-addr HOST:PORT] [-mode tcp|http|jsonrpc] [-seconds 1.0] [-concurrency 1] [-conns 1] [-echo 0]
//
// Without -addr it first starts its own in-process Go Arith server on
// 127.0.0.1:0 (tcp: rpc.Accept; http: rpc.HandleHTTP; jsonrpc:
// jsonrpc.ServeConn), i.e. Go to Go. With -conns 1 one client connection is
// used: with -concurrency 1 the calls are sequential; with -concurrency C,
// C goroutines share that client so C calls are in flight. With -conns N,
// N clients (connections) each make sequential calls from a goroutine of
// their own (-concurrency is then ignored). With -echo N each call is
// Bytes.Echo of N bytes (checked) instead of Arith.Multiply. A warm-up (a quarter of -seconds, at most 0.5 s) runs
// first and is not counted. Every reply is checked. Prints "measuring" when the
// warm-up ends, then one JSON line when the measured calls are done:
//
//	{"callsPerSec": 12345, "concurrency": 1, "calls": 12345, "warmCalls": 3000, "cpuMicrosPerCall": 41.2}
//
// (callsPerSec rounded to an integer; warmCalls the calls of the warm-up;
// cpuMicrosPerCall this process's user and system CPU time over the measured
// calls, per call, which is all of Go's client when -addr is given and Go's
// client and server without it) and exits 0; on an error prints "FAIL: ..."
// to stderr and exits 1.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"math"
	"net"
	"net/http"
	"net/rpc"
	"net/rpc/jsonrpc"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "", "server to call; empty: start an in-process Go server")
	mode := flag.String("mode", "tcp", "tcp or http")
	seconds := flag.Float64("seconds", 1.0, "measured duration in seconds")
	concurrency := flag.Int("concurrency", 1, "calls in flight (goroutines sharing one client)")
	conns := flag.Int("conns", 1, "connections, each making sequential calls")
	echo := flag.Int("echo", 0, "call Bytes.Echo with this many bytes instead of Arith.Multiply")
	flag.Parse()
	if *concurrency < 1 || *seconds <= 0 {
		services.Fail("bad -concurrency or -seconds")
	}
	if *mode != "tcp" && *mode != "http" && *mode != "jsonrpc" {
		services.Fail("unknown -mode %q (want tcp, http or jsonrpc)", *mode)
	}
	if *conns < 1 {
		services.Fail("bad -conns")
	}
	measure := time.Duration(*seconds * float64(time.Second))
	services.Watchdog(2*measure + 60*time.Second)

	target := *addr
	if target == "" {
		target = startServer(*mode)
	}
	clients := make([]*rpc.Client, *conns)
	for i := range clients {
		c, err := services.Dial(*mode, target, nil)
		if err != nil {
			services.Fail("dial %s (%s): %v", target, *mode, err)
		}
		defer c.Close()
		clients[i] = c
	}
	if *conns > 1 {
		*concurrency = *conns
	}

	warm := measure / 4
	if warm > 500*time.Millisecond {
		warm = 500 * time.Millisecond
	}
	warmCalls, _ := run(clients, *concurrency, warm, *echo)
	// A marker for whoever measures the server meanwhile (bench/rpc.ts samples its CPU time).
	fmt.Println("measuring")
	cpu0 := cpuTime()
	calls, elapsed := run(clients, *concurrency, measure, *echo)
	cpu := cpuTime() - cpu0
	rate := float64(calls) / elapsed.Seconds()
	perCall := 0.0
	if calls > 0 {
		perCall = float64(cpu.Microseconds()) / float64(calls)
	}
	fmt.Printf("{\"callsPerSec\": %d, \"concurrency\": %d, \"calls\": %d, \"warmCalls\": %d, \"cpuMicrosPerCall\": %.2f}\n",
		int64(math.Round(rate)), *concurrency, calls, warmCalls, perCall)
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// run makes calls with `workers` goroutines until d has passed, and returns
// how many completed and how long it took until the last one finished.
// Worker w uses clients[w % len(clients)].
func run(clients []*rpc.Client, workers int, d time.Duration, echo int) (int64, time.Duration) {
	var count atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	timer := time.AfterFunc(d, func() { stop.Store(true) })
	defer timer.Stop()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			client := clients[w%len(clients)]
			if echo > 0 {
				payload := make([]byte, echo)
				for i := range payload {
					payload[i] = byte(i * 7)
				}
				for !stop.Load() {
					var got []byte
					if err := client.Call("Bytes.Echo", payload, &got); err != nil {
						services.Fail("Bytes.Echo: %v", err)
					}
					if !bytes.Equal(got, payload) {
						services.Fail("Bytes.Echo: reply differs")
					}
					count.Add(1)
				}
				return
			}
			args := services.Args{A: w + 1}
			var got int
			for i := 0; !stop.Load(); i++ {
				args.B = i
				if err := client.Call("Arith.Multiply", &args, &got); err != nil {
					services.Fail("Arith.Multiply: %v", err)
				}
				if got != args.A*args.B {
					services.Fail("Arith.Multiply %d*%d: got %d", args.A, args.B, got)
				}
				count.Add(1)
			}
		}(w)
	}
	wg.Wait()
	return count.Load(), time.Since(start)
}

// startServer runs a Go Arith server in this process and returns its
// address.
func startServer(mode string) string {
	srv := rpc.NewServer()
	if err := srv.Register(new(services.Arith)); err != nil {
		log.Fatal(err)
	}
	if err := srv.Register(services.Bytes{}); err != nil {
		log.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		services.Fail("listen: %v", err)
	}
	switch mode {
	case "http":
		mux := http.NewServeMux()
		mux.Handle(rpc.DefaultRPCPath, srv)
		go func() { _ = http.Serve(l, mux) }()
	case "jsonrpc":
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				go srv.ServeCodec(jsonrpc.NewServerCodec(conn))
			}
		}()
	default:
		go srv.Accept(l)
	}
	return l.Addr().String()
}
