//go:build unix

package net_test

import (
	stdnet "net"
	"path/filepath"
	"testing"

	"golang.org/x/net/nettest"

	"github.com/greenify/greenify/green/net"
)

// The conformance suite runs its goroutines as outsiders, with detection at
// its default: their calls on one conn are serialized as net.Conn promises.

func greenTCPPipe() (c1, c2 net.Conn, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, nil, err
	}
	defer ln.Close()
	return pipeOver(ln, func() (net.Conn, error) { return net.Dial("tcp", ln.Addr().String()) })
}

func pipeOver(ln net.Listener, dial func() (net.Conn, error)) (c1, c2 net.Conn, stop func(), err error) {
	type res struct {
		c   net.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := ln.Accept()
		ch <- res{c, err}
	}()
	c1, err = dial()
	r := <-ch
	if err != nil {
		if r.c != nil {
			r.c.Close()
		}
		return nil, nil, nil, err
	}
	if r.err != nil {
		c1.Close()
		return nil, nil, nil, r.err
	}
	c2 = r.c
	return c1, c2, func() { c1.Close(); c2.Close() }, nil
}

func TestNettestGreenTCP(t *testing.T) {
	clean(t)
	nettest.TestConn(t, greenTCPPipe)
}

func TestNettestGreenUnix(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	n := 0
	nettest.TestConn(t, func() (c1, c2 net.Conn, stop func(), err error) {
		n++
		path := filepath.Join(dir, "s"+string(rune('a'+n%26))+".sock")
		ln, err := net.Listen("unix", path)
		if err != nil {
			return nil, nil, nil, err
		}
		defer ln.Close()
		return pipeOver(ln, func() (net.Conn, error) { return net.Dial("unix", path) })
	})
}

// A green conn talking to a standard one, each way round.
func TestNettestGreenToStd(t *testing.T) {
	clean(t)
	t.Run("green-dials-std", func(t *testing.T) {
		nettest.TestConn(t, func() (c1, c2 net.Conn, stop func(), err error) {
			ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return nil, nil, nil, err
			}
			defer ln.Close()
			return pipeOver(ln, func() (net.Conn, error) { return net.Dial("tcp", ln.Addr().String()) })
		})
	})
	t.Run("std-dials-green", func(t *testing.T) {
		nettest.TestConn(t, func() (c1, c2 net.Conn, stop func(), err error) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return nil, nil, nil, err
			}
			defer ln.Close()
			return pipeOver(ln, func() (net.Conn, error) { return stdnet.Dial("tcp", ln.Addr().String()) })
		})
	})
}
