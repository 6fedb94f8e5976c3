//go:build unix

package net_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// net/http serves on a green listener (its per-connection goroutines are
// outsiders) and its client dials through a green Dialer: keep-alive,
// chunked bodies both ways, 100 requests at once.
func TestHTTPOverGreen(t *testing.T) {
	clean(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var newConns atomic.Int32
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			// No Content-Length and a flush: the response is chunked.
			fmt.Fprintf(w, "%s:", r.URL.Path)
			w.(http.Flusher).Flush()
			w.Write(bytes.ToUpper(body))
		}),
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateNew {
				if _, ok := c.(*net.TCPConn); !ok {
					t.Errorf("server conn is %T, want a green *net.TCPConn", c)
				}
				newConns.Add(1)
			}
		},
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 100}
	client := &http.Client{Transport: tr}

	var reused atomic.Int32
	do := func(i int) error {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			if info.Reused {
				reused.Add(1)
			}
		}}
		ctx := httptrace.WithClientTrace(context.Background(), trace)
		// A body of unknown length goes out chunked.
		body := io.MultiReader(strings.NewReader("hello "), strings.NewReader(fmt.Sprint(i)))
		req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+ln.Addr().String()+"/p", body)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		got, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		if want := fmt.Sprintf("/p:HELLO %d", i); string(got) != want {
			return fmt.Errorf("got %q, want %q", got, want)
		}
		if len(resp.TransferEncoding) == 0 || resp.TransferEncoding[0] != "chunked" {
			return fmt.Errorf("response not chunked: %v", resp.TransferEncoding)
		}
		return nil
	}
	// Two rounds of 100 concurrent requests: the second reuses conns.
	for round := 0; round < 2; round++ {
		var wg sync.WaitGroup
		errs := make(chan error, 100)
		for i := 0; i < 100; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := do(i); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}
	if reused.Load() == 0 {
		t.Error("no connection was reused: keep-alive did not work")
	}
	if n := newConns.Load(); n >= 200 {
		t.Errorf("%d conns for 200 requests", n)
	}
	tr.CloseIdleConnections()
	srv.Close()
	if err := <-served; err != http.ErrServerClosed {
		t.Error(err)
	}
}

func testCert(t testing.TB) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "greenify test"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// crypto/tls client and server over green conns, both sides green threads.
func TestTLSOverGreen(t *testing.T) {
	clean(t)
	cert := testCert(t)
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	green(t, func() {
		srv := hub.Spawn(func() (string, error) {
			tc := tls.Server(s, &tls.Config{Certificates: []tls.Certificate{cert}})
			defer tc.Close()
			if err := tc.Handshake(); err != nil {
				return "", err
			}
			buf := make([]byte, 64)
			n, err := tc.Read(buf)
			if err != nil {
				return "", err
			}
			_, err = tc.Write(bytes.ToUpper(buf[:n]))
			return string(buf[:n]), err
		})
		tc := tls.Client(c, &tls.Config{RootCAs: pool, ServerName: "localhost"})
		defer tc.Close()
		if err := tc.Handshake(); err != nil {
			t.Fatal(err)
		}
		if !tc.ConnectionState().HandshakeComplete {
			t.Fatal("handshake not complete")
		}
		tc.Write([]byte("secret"))
		buf := make([]byte, 64)
		n, err := tc.Read(buf)
		if err != nil || string(buf[:n]) != "SECRET" {
			t.Fatalf("client read %q, %v", buf[:n], err)
		}
		if got, err := srv.Wait(); err != nil || got != "secret" {
			t.Fatalf("server: %q, %v", got, err)
		}
	})
}
