//go:build unix

package net_test

import (
	"io"
	stdnet "net"
	"sync"
	"testing"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// Echo round trips over loopback, 64-byte messages, one conn: the green
// server and client (green threads) beside the standard ones (goroutines),
// and plain goroutines on green conns (outsiders, as net/http's server
// goroutines are on a green listener).
//
//	go test -run '^$' -bench Echo -count 5 ./green/net
func BenchmarkEcho(b *testing.B) {
	b.Run("outsiders", func(b *testing.B) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		done := make(chan struct{})
		go func() {
			defer close(done)
			c, err := ln.Accept()
			if err != nil {
				return
			}
			echoLoop(c)
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		pingLoop(b, c)
		c.Close()
		<-done
	})
	b.Run("green", func(b *testing.B) {
		defer hub.Close()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		hub.Run(func() {
			hub.Go(func() {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				echoLoop(c)
			})
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			pingLoop(b, c)
		})
	})
	b.Run("std", func(b *testing.B) {
		ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := ln.Accept()
			if err != nil {
				return
			}
			echoLoop(c)
		}()
		c, err := stdnet.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		pingLoop(b, c)
		c.Close()
		wg.Wait()
	})
}

func echoLoop(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 64)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

func pingLoop(b *testing.B, c net.Conn) {
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.SetBytes(64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
}

// Bulk forwarding with io.Copy between two conns (the port forwarder's
// inner loop): green conns splice, standard ones splice too.
//
//	go test -run '^$' -bench Copy -count 5 ./green/net
func BenchmarkCopy(b *testing.B) {
	const chunk = 1 << 20
	run := func(b *testing.B, listen func() (net.Listener, error), dial func(string) (net.Conn, error), spawn func(func())) {
		pair := func() (net.Conn, net.Conn) {
			ln, err := listen()
			if err != nil {
				b.Fatal(err)
			}
			defer ln.Close()
			ch := make(chan net.Conn, 1)
			go func() { c, _ := ln.Accept(); ch <- c }()
			c, err := dial(ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			return c, <-ch
		}
		src, fwdIn := pair()
		fwdOut, sink := pair()
		var wg sync.WaitGroup
		wg.Add(2)
		spawn(func() {
			defer wg.Done()
			io.Copy(fwdOut, fwdIn)
			fwdOut.Close()
			fwdIn.Close()
		})
		spawn(func() {
			defer wg.Done()
			io.Copy(io.Discard, sink)
			sink.Close()
		})
		data := make([]byte, chunk)
		b.SetBytes(chunk)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := src.Write(data); err != nil {
				b.Fatal(err)
			}
		}
		src.Close()
		wg.Wait()
	}
	b.Run("green", func(b *testing.B) {
		defer hub.Close()
		run(b, func() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") },
			func(a string) (net.Conn, error) { return net.Dial("tcp", a) }, hub.Go)
	})
	b.Run("std", func(b *testing.B) {
		run(b, func() (net.Listener, error) { return stdnet.Listen("tcp", "127.0.0.1:0") },
			func(a string) (net.Conn, error) { return stdnet.Dial("tcp", a) }, func(f func()) { go f() })
	})
}

// The same echo with 50 conns at once (the load the README figures use): b.N
// round trips in total, spread over the conns; a green thread per conn on
// both sides, or a goroutine per conn for the standard package.
//
//	go test -run '^$' -bench EchoConns -count 5 ./green/net
func BenchmarkEchoConns50(b *testing.B) {
	const conns = 50
	run := func(b *testing.B, listen func() (net.Listener, error), dial func(string) (net.Conn, error), spawn func(func()), wait func(*sync.WaitGroup)) {
		ln, err := listen()
		if err != nil {
			b.Fatal(err)
		}
		defer ln.Close()
		spawn(func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				spawn(func() { echoLoop(c) })
			}
		})
		cs := make([]net.Conn, conns)
		for i := range cs {
			if cs[i], err = dial(ln.Addr().String()); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(64)
		b.ResetTimer()
		var wg sync.WaitGroup
		for i, c := range cs {
			n := b.N / conns
			if i < b.N%conns {
				n++
			}
			wg.Add(1)
			spawn(func() {
				defer wg.Done()
				msg, buf := make([]byte, 64), make([]byte, 64)
				for j := 0; j < n; j++ {
					c.Write(msg)
					io.ReadFull(c, buf)
				}
			})
		}
		wait(&wg)
		b.StopTimer()
		for _, c := range cs {
			c.Close()
		}
	}
	b.Run("green", func(b *testing.B) {
		defer hub.Close()
		hub.Run(func() {
			run(b, func() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") },
				func(a string) (net.Conn, error) { return net.Dial("tcp", a) }, hub.Go,
				func(wg *sync.WaitGroup) { hub.Blocking(wg.Wait) })
		})
	})
	b.Run("std", func(b *testing.B) {
		run(b, func() (net.Listener, error) { return stdnet.Listen("tcp", "127.0.0.1:0") },
			func(a string) (net.Conn, error) { return stdnet.Dial("tcp", a) }, func(f func()) { go f() },
			func(wg *sync.WaitGroup) { wg.Wait() })
	})
}
