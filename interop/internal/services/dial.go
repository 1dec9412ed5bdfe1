package services

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
)

// Dial connects an rpc.Client to addr. mode is "tcp" (gob over a plain
// connection, rpc.Dial), "http" (CONNECT /_goRPC_ then gob, rpc.DialHTTP)
// or "jsonrpc" (jsonrpc.Dial). With a non-nil tlsConf the connection is
// TLS; for "http" the CONNECT handshake then runs inside TLS.
func Dial(mode, addr string, tlsConf *tls.Config) (*rpc.Client, error) {
	if tlsConf == nil {
		switch mode {
		case "tcp":
			return rpc.Dial("tcp", addr)
		case "http":
			return rpc.DialHTTP("tcp", addr)
		case "jsonrpc":
			return jsonrpc.Dial("tcp", addr)
		}
		return nil, fmt.Errorf("unknown mode %q", mode)
	}
	conn, err := tls.Dial("tcp", addr, tlsConf)
	if err != nil {
		return nil, err
	}
	switch mode {
	case "tcp":
		return rpc.NewClient(conn), nil
	case "jsonrpc":
		return jsonrpc.NewClient(conn), nil
	case "http":
		if err := connectHTTP(conn, rpc.DefaultRPCPath); err != nil {
			conn.Close()
			return nil, err
		}
		return rpc.NewClient(conn), nil
	}
	conn.Close()
	return nil, fmt.Errorf("unknown mode %q", mode)
}

// connectHTTP performs the net/rpc HTTP handshake on conn: a CONNECT
// request for path, answered by "200 Connected to Go RPC".
func connectHTTP(conn net.Conn, path string) error {
	if _, err := io.WriteString(conn, "CONNECT "+path+" HTTP/1.0\n\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: "CONNECT"})
	if err != nil {
		return err
	}
	if resp.Status != "200 Connected to Go RPC" {
		return errors.New("unexpected HTTP response: " + resp.Status)
	}
	return nil
}

// TLSConfigFromCA returns a client TLS config trusting only the PEM
// certificates in caFile.
func TLSConfigFromCA(caFile string) (*tls.Config, error) {
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("no PEM certificate in %s", caFile)
	}
	return &tls.Config{RootCAs: pool}, nil
}
