//go:build unix

package tls_test

import (
	"bufio"
	"context"
	stdtls "crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	greennet "github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/green/tls"
	"github.com/greenify/greenify/runtime/hub"
)

// echoOnce reads one line from c and writes it back upper-cased.
func echoOnce(c io.ReadWriter) error {
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	_, err = io.WriteString(c, strings.ToUpper(line))
	return err
}

// roundTrip writes a line on c and reads the reply.
func roundTrip(c io.ReadWriter, msg string) (string, error) {
	if _, err := io.WriteString(c, msg+"\n"); err != nil {
		return "", err
	}
	return bufio.NewReader(c).ReadString('\n')
}

// crypto/tls's own Client and Server over a pair of green conns, both
// ends green threads of one hub: the handshake waits in the hub.
func TestStdTLSOverGreenConns(t *testing.T) {
	clean(t)
	p := newPKI(t)
	hub.Run(func() {
		ln, err := greennet.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Error(err)
			return
		}
		defer ln.Close()
		srv := hub.Spawn(func() (stdtls.ConnectionState, error) {
			c, err := ln.Accept()
			if err != nil {
				return stdtls.ConnectionState{}, err
			}
			if _, ok := c.(*greennet.TCPConn); !ok {
				t.Errorf("accepted %T, want a green *TCPConn", c)
			}
			tc := stdtls.Server(c, p.server)
			defer tc.Close()
			if err := echoOnce(tc); err != nil {
				return stdtls.ConnectionState{}, err
			}
			return tc.ConnectionState(), nil
		})
		raw, err := greennet.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		cfg := p.client.Clone()
		cfg.ServerName = "127.0.0.1"
		tc := stdtls.Client(raw, cfg)
		defer tc.Close()
		got, err := roundTrip(tc, "hello")
		if err != nil || got != "HELLO\n" {
			t.Errorf("round trip: %q, %v", got, err)
		}
		st, err := srv.Wait()
		if err != nil {
			t.Errorf("server: %v", err)
		} else if !st.HandshakeComplete || st.Version != stdtls.VersionTLS13 {
			t.Errorf("server state: complete=%v version=%x", st.HandshakeComplete, st.Version)
		}
	})
}

// green/tls's Listen, Dial, DialWithDialer and Dialer, from green threads
// and from an outsider (the test goroutine).
func TestDialListen(t *testing.T) {
	clean(t)
	p := newPKI(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", p.server)
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	const clients = 4
	served := make(chan error, clients)
	hub.Go(func() {
		for range clients {
			c, err := ln.Accept()
			if err != nil {
				served <- err
				return
			}
			hub.Go(func() {
				defer c.Close()
				if _, ok := c.(*tls.Conn); !ok {
					served <- fmt.Errorf("accepted %T, want *tls.Conn", c)
					return
				}
				served <- echoOnce(c)
			})
		}
	})

	dialers := []struct {
		name string
		dial func() (io.ReadWriteCloser, error)
	}{
		{"Dial", func() (io.ReadWriteCloser, error) { return tls.Dial("tcp", addr, p.client) }},
		{"DialWithDialer", func() (io.ReadWriteCloser, error) {
			return tls.DialWithDialer(&greennet.Dialer{Timeout: 10 * time.Second}, "tcp", addr, p.client)
		}},
		{"Dialer.DialContext", func() (io.ReadWriteCloser, error) {
			d := &tls.Dialer{Config: p.client}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return d.DialContext(ctx, "tcp", addr)
		}},
	}
	for _, d := range dialers {
		hub.Run(func() {
			c, err := d.dial()
			if err != nil {
				t.Errorf("%s (green): %v", d.name, err)
				return
			}
			defer c.Close()
			if got, err := roundTrip(c, d.name); err != nil || got != strings.ToUpper(d.name)+"\n" {
				t.Errorf("%s (green): %q, %v", d.name, got, err)
			}
		})
	}
	// The test goroutine is an outsider: it blocks in the hub's waits
	// without being a green thread.
	c, err := (&tls.Dialer{NetDialer: &greennet.Dialer{}, Config: p.client}).Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.(*tls.Conn).NetConn().(*greennet.TCPConn); !ok {
		t.Errorf("dialed over %T, want a green *TCPConn", c.(*tls.Conn).NetConn())
	}
	if got, err := roundTrip(c, "outsider"); err != nil || got != "OUTSIDER\n" {
		t.Errorf("outsider: %q, %v", got, err)
	}
	c.Close()
	for range clients {
		if err := <-served; err != nil {
			t.Errorf("server: %v", err)
		}
	}
	ln.Close()
}

// A certificate the client does not trust fails the handshake with the
// standard verification error and leaves no conn open.
func TestDialUntrusted(t *testing.T) {
	clean(t)
	p := newPKI(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", p.server)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hub.Go(func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.(*tls.Conn).Handshake() // fails: the client hangs up
	})
	hub.Run(func() {
		c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{}) // no roots
		var verr *tls.CertificateVerificationError
		if !errors.As(err, &verr) {
			t.Errorf("Dial with an untrusted cert: %v, %v; want a *CertificateVerificationError", c, err)
		}
	})
}

// Listen refuses a config without a certificate, as crypto/tls does.
func TestListenNeedsCert(t *testing.T) {
	clean(t)
	if _, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{}); err == nil {
		t.Error("Listen without a certificate succeeded")
	}
	if _, err := tls.Listen("tcp", "127.0.0.1:0", nil); err == nil {
		t.Error("Listen with a nil config succeeded")
	}
}

// A dial whose context ends before the server answers the handshake
// returns the context's error.
func TestDialContextCanceled(t *testing.T) {
	clean(t)
	ln, err := greennet.Listen("tcp", "127.0.0.1:0") // accepts, never speaks TLS
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	held := make(chan io.Closer, 1)
	hub.Go(func() {
		if c, err := ln.Accept(); err == nil {
			held <- c
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	d := &tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true}}
	if _, err := d.DialContext(ctx, "tcp", ln.Addr().String()); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("DialContext: %v, want context.DeadlineExceeded", err)
	}
	(<-held).Close()
}

// net/http serves HTTPS on a green TLS listener; its client dials through
// the green tls.Dialer; 100 requests at once over keep-alive conns.
func TestHTTPSOverGreenTLS(t *testing.T) {
	clean(t)
	p := newPKI(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", p.server)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.URL.Path, body)
	})}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	d := &tls.Dialer{NetDialer: &greennet.Dialer{Timeout: 10 * time.Second}, Config: p.client}
	tr := &http.Transport{DialTLSContext: d.DialContext, MaxIdleConnsPerHost: 20, ForceAttemptHTTP2: false}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	url := "https://" + ln.Addr().String()
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			resp, err := client.Post(fmt.Sprintf("%s/r%d", url, i), "text/plain", strings.NewReader("body"))
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if want := fmt.Sprintf("POST /r%d body", i); err != nil || string(b) != want || resp.TLS == nil {
				errs <- fmt.Errorf("request %d: %q, %v, tls=%v", i, b, err, resp.TLS != nil)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tr.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Error(err)
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve: %v", err)
	}
}
