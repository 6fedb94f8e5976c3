package main

import (
	"bytes"
	"crypto/rand"
	"io"
	"net"
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

// echoTarget is the forwarding target: it echoes what it reads and
// half-closes when the client does.
func echoTarget(t *testing.T) string {
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
			// Hide ReadFrom: the standard splice path keeps a pooled
			// pipe open after use, which the fd check would count.
			io.Copy(struct{ io.Writer }{c}, struct{ io.Reader }{c})
			c.(*net.TCPConn).CloseWrite()
			io.Copy(io.Discard, c)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

// Data goes through both ways, the client's close reaches the target,
// the target's close reaches the client, and the callback runs.
func TestForwarder(t *testing.T) {
	runprog.Clean(t)
	bin := runprog.Build(t, ".")
	for _, mode := range []string{"loop", "iocopy"} {
		t.Run(mode, func(t *testing.T) {
			target := echoTarget(t)
			args := []string{"-addr", "127.0.0.1:0", "-target", target}
			if mode == "iocopy" {
				args = append(args, "-iocopy")
			}
			p := runprog.Start(t, bin, args...)
			for round := 1; round <= 2; round++ {
				c, err := net.Dial("tcp", p.Addr)
				if err != nil {
					t.Fatal(err)
				}
				payload := make([]byte, 1<<20)
				rand.Read(payload)
				got := make(chan []byte, 1)
				go func() {
					b, _ := io.ReadAll(c) // until the target's close comes through
					got <- b
				}()
				if _, err := c.Write(payload); err != nil {
					t.Fatal(err)
				}
				c.(*net.TCPConn).CloseWrite()
				if b := <-got; !bytes.Equal(b, payload) {
					t.Errorf("round %d: got %d bytes back, want the %d sent", round, len(b), len(payload))
				}
				c.Close()
				p.WaitCount(t, "called back", round)
			}
		})
	}
}
