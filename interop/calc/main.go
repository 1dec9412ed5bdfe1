// Command calc serves CalcService (CalcTwoNumber, GetOperators).
//
//	calc [-addr 127.0.0.1:0] [-mode tcp|http]
//
// tcp (default): rpc.Accept; http: rpc.HandleHTTP + http.Serve.
package main

import "gobrpc/interop/internal/services"

func main() {
	services.ServeMain("CalcService", new(services.CalcService))
}
