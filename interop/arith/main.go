// Command arith serves the canonical net/rpc Arith service (Multiply,
// Divide) for the TypeScript client tests.
//
//	arith [-addr 127.0.0.1:0] [-mode http|tcp|jsonrpc|tls|certgen] [-bytes] [-certout FILE] [-keyout FILE]
//
// http: rpc.HandleHTTP + http.Serve, so CONNECT /_goRPC_ and GET /debug/rpc
// exist. tcp: rpc.Accept. jsonrpc: jsonrpc.ServeConn per connection. tls: a self-signed ECDSA certificate for
// 127.0.0.1 is generated at start-up and written as PEM to -certout (before
// the handshake line), then rpc.Accept on a TLS listener.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/rpc"
	"net/rpc/jsonrpc"
	"os"
	"time"

	"gobrpc/interop/internal/services"
)

func main() {
	log.SetFlags(0)
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	mode := flag.String("mode", "http", "http, tcp or tls")
	certOut := flag.String("certout", "", "tls and certgen modes: write the server certificate (PEM) to this file")
	keyOut := flag.String("keyout", "", "certgen mode: write the certificate's private key (PKCS #8 PEM) to this file")
	bytesSvc := flag.Bool("bytes", false, "also register Bytes.Echo (for make bench)")
	flag.Parse()
	services.ExitWithParent()
	if *bytesSvc {
		if err := rpc.Register(services.Bytes{}); err != nil {
			log.Fatal(err)
		}
	}

	if err := rpc.Register(new(services.Arith)); err != nil {
		log.Fatal(err)
	}
	switch *mode {
	case "http":
		l := listen(*addr)
		rpc.HandleHTTP()
		services.Announce(l)
		log.Fatal(http.Serve(l, nil))
	case "tcp":
		l := listen(*addr)
		services.Announce(l)
		rpc.Accept(l)
	case "jsonrpc":
		l := listen(*addr)
		services.Announce(l)
		for {
			conn, err := l.Accept()
			if err != nil {
				log.Fatal(err)
			}
			go jsonrpc.ServeConn(conn)
		}
	case "tls":
		if *certOut == "" {
			log.Fatal("tls mode needs -certout FILE")
		}
		cert, certPEM, err := selfSigned()
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*certOut, certPEM, 0o644); err != nil {
			log.Fatal(err)
		}
		l, err := tls.Listen("tcp", *addr, &tls.Config{Certificates: []tls.Certificate{cert}})
		if err != nil {
			log.Fatal(err)
		}
		services.Announce(l)
		rpc.Accept(l)
	case "certgen":
		// For TypeScript TLS servers under test: a certificate and key that Go clients trust
		// through -ca, written out, then exit.
		if *certOut == "" || *keyOut == "" {
			log.Fatal("certgen mode needs -certout FILE and -keyout FILE")
		}
		cert, certPEM, err := selfSigned()
		if err != nil {
			log.Fatal(err)
		}
		der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*certOut, certPEM, 0o644); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(*keyOut, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
			log.Fatal(err)
		}
	default:
		log.Fatalf("unknown -mode %q (want http, tcp, tls or certgen)", *mode)
	}
}

func listen(addr string) net.Listener {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	return l
}

// selfSigned makes a P-256 certificate for 127.0.0.1, ::1 and localhost that
// is its own CA, so a client can trust exactly this certificate.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "127.0.0.1", Organization: []string{"gobrpc interop"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, certPEM, nil
}
