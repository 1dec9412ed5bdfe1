// Command matrix serves the Matrix service (Echo, EchoMany, Big, Sum, Fail,
// Sleep, Crash), which echoes the whole gob type matrix; see
// internal/services/matrix.go for the types and method contracts.
//
//	matrix [-addr 127.0.0.1:0] [-mode tcp|http]
//
// tcp (default): rpc.Accept; http: rpc.HandleHTTP + http.Serve.
// Matrix.Crash(code) makes this process exit with status code at once.
package main

import "gobrpc/interop/internal/services"

func main() {
	services.ServeMain("Matrix", new(services.Matrix))
}
