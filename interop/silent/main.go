// Command silent is the peer that accepts connections and never answers: the
// tests' stand-in for a server that hangs during a handshake (TCP accepted,
// then no TLS ServerHello, no HTTP response, nothing).
//
//	silent [-addr 127.0.0.1:0] [-read]
//
// It prints "accepted N" for the Nth connection. Without -read it does not
// even read, so what a client writes piles up in the kernel's buffers and
// then in the client's; with -read it reads, prints "read N: %q" for each
// chunk, and "closed N" when the client closes the connection. Connections
// stay open until the client closes them or the program exits.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	read := flag.Bool("read", false, "read and discard what clients send")
	flag.Parse()
	services.ExitWithParent()

	l, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	services.Announce(l)
	var held []net.Conn // kept reachable so that no finalizer closes them
	for n := 1; ; n++ {
		c, err := l.Accept()
		if err != nil {
			log.Fatal(err)
		}
		held = append(held, c)
		fmt.Printf("accepted %d\n", n)
		if *read {
			go readAll(n, c)
		}
	}
}

// readAll reports what connection n sends until the client closes it.
func readAll(n int, c net.Conn) {
	buf := make([]byte, 64*1024)
	for {
		k, err := c.Read(buf)
		if k > 0 {
			fmt.Printf("read %d: %q\n", n, buf[:k])
		}
		if err != nil {
			fmt.Printf("closed %d\n", n)
			return
		}
	}
}
