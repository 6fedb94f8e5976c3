//go:build !unix

package net

import (
	"net"
)

type UnixConn struct{ *net.UnixConn }
type UnixListener struct{ *net.UnixListener }

func (c *UnixConn) Std() *net.UnixConn         { return c.UnixConn }
func (l *UnixListener) Std() *net.UnixListener { return l.UnixListener }

func FromStdUnixConn(c *net.UnixConn) *UnixConn {
	if c == nil {
		return nil
	}
	return &UnixConn{c}
}

func FromStdUnixListener(l *net.UnixListener) *UnixListener {
	if l == nil {
		return nil
	}
	return &UnixListener{l}
}

func (c *UnixConn) SetDetect(on bool)     {}
func (l *UnixListener) SetDetect(on bool) {}

func (c *UnixConn) WriteBuffers(v *Buffers) (int64, error) { return v.WriteTo(c.UnixConn) }

func (l *UnixListener) AcceptUnix() (*UnixConn, error) {
	c, err := l.UnixListener.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return &UnixConn{c}, nil
}

func (l *UnixListener) Accept() (Conn, error) {
	c, err := l.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func DialUnix(network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	c, err := net.DialUnix(network, laddr, raddr)
	return wrap(c, err, FromStdUnixConn)
}

func ListenUnix(network string, laddr *UnixAddr) (*UnixListener, error) {
	l, err := net.ListenUnix(network, laddr)
	return wrap(l, err, FromStdUnixListener)
}

func ListenUnixgram(network string, laddr *UnixAddr) (*UnixConn, error) {
	c, err := net.ListenUnixgram(network, laddr)
	return wrap(c, err, FromStdUnixConn)
}
