//go:build linux

// linux: the backlog check reads TCP_INFO, which only Linux reports for a
// listening socket.

package net_test

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// syncBuf is a goroutine-safe sink for the hub's ErrorLog.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func captureErrorLog(t *testing.T) *syncBuf {
	sb := &syncBuf{}
	hub.Default().ErrorLog = log.New(sb, "", 0)
	return sb
}

func sendLine(t *testing.T, c net.Conn, line string) string {
	t.Helper()
	if _, err := io.WriteString(c, line+"\n"); err != nil {
		t.Fatalf("write %q: %v", line, err)
	}
	got, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("reply to %q: %q, %v", line, got, err)
	}
	return strings.TrimSuffix(got, "\n")
}

func TestConnect(t *testing.T) {
	clean(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hub.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			hub.Go(func() { defer c.Close(); io.Copy(c, c) })
		}
	})
	hub.Run(func() {
		c, err := net.Connect(ln.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		if _, ok := c.(*net.TCPConn); !ok {
			t.Errorf("Connect gave %T, want a green *TCPConn", c)
		}
		if got := sendLine(t, c, "plain"); got != "plain" {
			t.Errorf("echo: %q", got)
		}
		// eventlet.connect's bind argument.
		b, err := net.Connect(ln.Addr().String(), net.ConnectOptions{Network: "tcp4", Bind: "127.0.0.1:0", Timeout: 10 * time.Second})
		if err != nil {
			t.Error(err)
			return
		}
		defer b.Close()
		if la := b.LocalAddr().(*net.TCPAddr); !la.IP.Equal(net.IPv4(127, 0, 0, 1)) || la.Port == 0 {
			t.Errorf("bound to %v", la)
		}
		if got := sendLine(t, b, "bound"); got != "bound" {
			t.Errorf("echo: %q", got)
		}
	})
	if _, err := net.Connect(ln.Addr().String(), net.ConnectOptions{}, net.ConnectOptions{}); err == nil {
		t.Error("Connect with two ConnectOptions succeeded")
	}
	if _, err := net.Connect(ln.Addr().String(), net.ConnectOptions{Bind: "not an address"}); err == nil {
		t.Error("Connect with a bad Bind succeeded")
	}
}

// listenBacklog reads the accept-queue limit of a listening TCP socket:
// for a socket in LISTEN, Linux reports it in tcpi_sacked.
func listenBacklog(t *testing.T, l net.Listener) int {
	t.Helper()
	rc, err := l.(*net.TCPListener).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var info *unix.TCPInfo
	var gerr error
	rc.Control(func(fd uintptr) { info, gerr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO) })
	if gerr != nil {
		t.Skipf("TCP_INFO: %v", gerr)
	}
	return int(info.Sacked)
}

func TestListenWith(t *testing.T) {
	clean(t)
	// ReusePort: two listeners share one port; without it the second
	// bind fails.
	a, err := net.ListenWith("127.0.0.1:0", net.ListenOptions{ReusePort: true, Backlog: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if got := listenBacklog(t, a); got != 7 {
		t.Errorf("backlog %d, want 7", got)
	}
	b, err := net.ListenWith(a.Addr().String(), net.ListenOptions{Network: "tcp4", ReusePort: true})
	if err != nil {
		t.Fatalf("second SO_REUSEPORT listener: %v", err)
	}
	defer b.Close()
	if _, err := net.ListenWith(a.Addr().String(), net.ListenOptions{}); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("third listener without ReusePort: %v, want EADDRINUSE", err)
	}
	// The default backlog is what Listen uses (the system maximum).
	d, err := net.ListenWith("127.0.0.1:0", net.ListenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := listenBacklog(t, d); got <= 7 {
		t.Errorf("default backlog %d", got)
	}
	if _, ok := d.(*net.TCPListener); !ok {
		t.Errorf("ListenWith gave %T, want a green *TCPListener", d)
	}
}

// Serve: a green thread per conn, never more than concurrency at once,
// errors and panics logged while the server goes on, ErrStopServe ends it.
func TestServe(t *testing.T) {
	clean(t)
	logged := captureErrorLog(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const limit = 2
	running, peak := 0, 0 // green threads only: no lock needed
	handle := func(c net.Conn) error {
		if !hub.IsGreen() {
			t.Error("handler is not a green thread")
		}
		running++
		peak = max(peak, running)
		defer func() { running-- }()
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return nil // client hung up
			}
			switch line = strings.TrimSpace(line); line {
			case "panic":
				panic("handler panics on purpose")
			case "fail":
				return errors.New("handler fails on purpose")
			case "stop":
				io.WriteString(c, "stopping\n")
				return net.ErrStopServe
			}
			fmt.Fprintf(c, "%s\n", line)
		}
	}
	done := hub.Spawn(func() (struct{}, error) { return struct{}{}, net.Serve(ln, handle, limit) })

	addr := ln.Addr().String()
	conns := make([]net.Conn, 5)
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
		if _, err := fmt.Fprintf(c, "c%d\n", i); err != nil {
			t.Fatal(err)
		}
	}
	// Replies come as slots free up: each hang-up lets the next conn in.
	// A conn is hung up only once the next one has its reply, so two
	// handlers are known to be alive at once whatever order the hub
	// learns of the hang-up and of the next conn in.
	for i, c := range conns {
		got, err := bufio.NewReader(c).ReadString('\n')
		if want := fmt.Sprintf("c%d\n", i); err != nil || got != want {
			t.Fatalf("conn %d: %q, %v", i, got, err)
		}
		if i > 0 {
			conns[i-1].Close()
		}
	}
	conns[len(conns)-1].Close()
	// A panicking and a failing handler die alone; the next client is served.
	for _, bad := range []string{"panic", "fail"} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, bad+"\n")
		if n, err := c.Read(make([]byte, 1)); err != io.EOF {
			t.Errorf("%s: read %d, %v; want EOF (Serve closes the conn)", bad, n, err)
		}
		c.Close()
	}
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if got := sendLine(t, c, "still here"); got != "still here" {
		t.Errorf("after a panic: %q", got)
	}
	if got := sendLine(t, c, "stop"); got != "stopping" {
		t.Errorf("stop: %q", got)
	}
	c.Close()
	if _, err := done.Wait(); err != nil {
		t.Errorf("Serve returned %v, want nil after ErrStopServe", err)
	}
	if peak != limit {
		t.Errorf("peak concurrency %d, want %d", peak, limit)
	}
	out := logged.String()
	for _, want := range []string{"handler panics on purpose", "handler fails on purpose"} {
		if !strings.Contains(out, want) {
			t.Errorf("ErrorLog lacks %q:\n%s", want, out)
		}
	}
	// The listener stays open and usable after ErrStopServe.
	if tl, ok := ln.(*net.TCPListener); ok {
		hub.Go(func() {
			if c, err := tl.Accept(); err == nil {
				c.Close()
			}
		})
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c.Read(make([]byte, 1))
		c.Close()
	}
}

// Serve from an outsider goroutine returns the accept error once the
// listener is closed.
func TestServeListenerClosed(t *testing.T) {
	clean(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- net.Serve(ln, func(c net.Conn) error { return nil }, 0) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Read(make([]byte, 1)) // EOF once served
	c.Close()
	ln.Close()
	if err := <-served; !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve after Close: %v, want ErrClosed", err)
	}
}

func eventletCert(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "greenify WrapTLS test"},
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
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
	return &tls.Config{Certificates: []tls.Certificate{cert}}, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

// WrapTLS on both ends of green conns, served by Serve.
func TestWrapTLS(t *testing.T) {
	clean(t)
	scfg, ccfg := eventletCert(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	served := hub.Spawn(func() (struct{}, error) {
		return struct{}{}, net.Serve(ln, func(c net.Conn) error {
			tc, err := net.WrapTLS(c, scfg, true)
			if err != nil {
				return err
			}
			line, _ := bufio.NewReader(tc).ReadString('\n')
			io.WriteString(tc, strings.ToUpper(line))
			return net.ErrStopServe
		}, 10)
	})
	hub.Run(func() {
		raw, err := net.Connect(ln.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		tc, err := net.WrapTLS(raw, ccfg, false)
		if err != nil {
			t.Error(err)
			return
		}
		defer tc.Close()
		if got := sendLine(t, tc, "secret"); got != "SECRET" {
			t.Errorf("over TLS: %q", got)
		}
		if st := tc.ConnectionState(); !st.HandshakeComplete {
			t.Error("handshake not complete")
		}
		if _, err := served.Wait(); err != nil {
			t.Errorf("Serve: %v", err)
		}
		// A client that does not trust the server fails, and its conn
		// is closed.
		raw2, err := net.Connect(ln.Addr().String())
		if err != nil {
			t.Error(err)
			return
		}
		hub.Go(func() { // Serve has returned: accept by hand
			if c, err := ln.Accept(); err == nil {
				tls.Server(c, scfg).Handshake()
				c.Close()
			}
		})
		if _, err := net.WrapTLS(raw2, &tls.Config{ServerName: "127.0.0.1"}, false); err == nil {
			t.Error("WrapTLS trusted an unknown certificate")
		}
		if _, err := raw2.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
			t.Errorf("conn after a failed WrapTLS: %v, want ErrClosed", err)
		}
	})
}
