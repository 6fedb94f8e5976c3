package main

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

// backend answers each connection with its name, then echoes the data.
func backend(t *testing.T, name string) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			io.WriteString(c, name+":")
			io.Copy(struct{ io.Writer }{c}, struct{ io.Reader }{c}) // no splice: no pooled pipes
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

// exchange sends data, half-closes, and returns everything the proxy
// sends back until it closes.
func exchange(t *testing.T, addr, data string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, data); err != nil {
		t.Fatal(err)
	}
	c.(*net.TCPConn).CloseWrite()
	b, err := io.ReadAll(bufio.NewReader(c))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRoulette(t *testing.T) {
	runprog.Clean(t)
	web, ssh := backend(t, "web"), backend(t, "ssh")
	p := runprog.Start(t, runprog.Build(t, "."), "-addr", "127.0.0.1:0",
		"-route", "GET ="+web, "-route", "SSH-="+ssh)

	if got := exchange(t, p.Addr, "GET / HTTP/1.0\r\n\r\n"); got != "web:GET / HTTP/1.0\r\n\r\n" {
		t.Errorf("GET: %q", got)
	}
	if got := exchange(t, p.Addr, "SSH-2.0-test\r\n"); got != "ssh:SSH-2.0-test\r\n" {
		t.Errorf("SSH: %q", got)
	}
	// Bytes that no prefix can take: one clear error line, then the end.
	got := exchange(t, p.Addr, "HELO example.org\r\n")
	if !strings.HasPrefix(got, "roulette: failed to route request \"HELO example.org\\r\\n\": no route\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("unroutable: %q", got)
	}
	// A client that ends while its data could still match a prefix.
	got = exchange(t, p.Addr, "GE")
	if got != "roulette: failed to route request \"GE\": connection ended first\n" {
		t.Errorf("cut short: %q", got)
	}
	p.WaitOutput(t, "Forwarded connection from 127.0.0.1:")
	p.WaitOutput(t, `failed to route request "HELO`) // Serve logs the handler's error
	// The server goes on after the refusals.
	if got := exchange(t, p.Addr, "GET /again"); got != "web:GET /again" {
		t.Errorf("after refusals: %q", got)
	}
}

// The original ten-line router, in process.
func TestParityRouter(t *testing.T) {
	r := ParityRouter{Even: "even:1", Odd: "odd:1"}
	for port, want := range map[int]string{2: "even:1", 3: "odd:1"} {
		if got, err := r.Route(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}, []byte("x")); got != want || err != nil {
			t.Errorf("port %d: %q, %v; want %q", port, got, err, want)
		}
	}
}
