//go:build !unix

package net

// Where the hub has no poller (windows, wasip1, js, plan9) this package is
// the standard one in green clothes: every green type embeds its standard
// counterpart, every constructor returns the standard value wrapped, and
// all I/O blocks natively. Programs rewritten by greenify keep building
// and behave as they did before the rewrite. Std returns the embedded value
// and FromStdX wraps its argument (no dup: both share one socket).
//
// This file holds the wrapping shared by the fallbacks beside each type.

import (
	"net"
)

func wrapConn(c net.Conn, err error) (Conn, error) {
	if err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case *net.TCPConn:
		return &TCPConn{c}, nil
	case *net.UDPConn:
		return &UDPConn{c}, nil
	case *net.UnixConn:
		return &UnixConn{c}, nil
	case *net.IPConn:
		return &IPConn{c}, nil
	}
	return c, nil
}

func wrapPacketConn(c net.PacketConn, err error) (PacketConn, error) {
	if err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case *net.UDPConn:
		return &UDPConn{c}, nil
	case *net.UnixConn:
		return &UnixConn{c}, nil
	case *net.IPConn:
		return &IPConn{c}, nil
	}
	return c, nil
}

func wrapListener(l net.Listener, err error) (Listener, error) {
	if err != nil {
		return nil, err
	}
	switch l := l.(type) {
	case *net.TCPListener:
		return &TCPListener{l}, nil
	case *net.UnixListener:
		return &UnixListener{l}, nil
	}
	return l, nil
}

func wrap[T any, G any](c *T, err error, w func(*T) *G) (*G, error) {
	if err != nil {
		return nil, err
	}
	return w(c), nil
}
