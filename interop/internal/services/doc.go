// Package services holds the RPC service types shared by the Go interop
// peers (servers and clients) so that both sides of every test agree on the
// exact Go types, method names and error texts, plus a little process
// plumbing (the "listening on" handshake, exit on stdin EOF or a signal,
// a client-side watchdog) used by every program.
package services
