//go:build !unix

package net

import (
	"net"
)

// UnixConn embeds the standard UnixConn: its I/O blocks natively.
type UnixConn struct{ *net.UnixConn }

// UnixListener embeds the standard UnixListener: its I/O blocks natively.
type UnixListener struct{ *net.UnixListener }

// Std returns the embedded standard value.
func (c *UnixConn) Std() *net.UnixConn { return c.UnixConn }

// Std returns the embedded standard value.
func (l *UnixListener) Std() *net.UnixListener { return l.UnixListener }

// FromStdUnixConn wraps c (no dup: both share the socket).
func FromStdUnixConn(c *net.UnixConn) *UnixConn {
	if c == nil {
		return nil
	}
	return &UnixConn{c}
}

// FromStdUnixListener wraps l (no dup: both share the socket).
func FromStdUnixListener(l *net.UnixListener) *UnixListener {
	if l == nil {
		return nil
	}
	return &UnixListener{l}
}

// SetDetect does nothing here: there is no hub wait to detect.
func (c *UnixConn) SetDetect(on bool) {}

// SetDetect does nothing here: there is no hub wait to detect.
func (l *UnixListener) SetDetect(on bool) {}

// WriteBuffers writes v with the standard Buffers.WriteTo.
func (c *UnixConn) WriteBuffers(v *Buffers) (int64, error) { return v.WriteTo(c.UnixConn) }

// AcceptUnix accepts with the standard listener, the conn wrapped.
func (l *UnixListener) AcceptUnix() (*UnixConn, error) {
	c, err := l.UnixListener.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return &UnixConn{c}, nil
}

// Accept accepts with the standard listener, the conn wrapped.
func (l *UnixListener) Accept() (Conn, error) {
	c, err := l.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DialUnix is the standard net.DialUnix, its conn wrapped.
func DialUnix(network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	c, err := net.DialUnix(network, laddr, raddr)
	return wrap(c, err, FromStdUnixConn)
}

// ListenUnix is the standard net.ListenUnix, its listener wrapped.
func ListenUnix(network string, laddr *UnixAddr) (*UnixListener, error) {
	l, err := net.ListenUnix(network, laddr)
	return wrap(l, err, FromStdUnixListener)
}

// ListenUnixgram is the standard net.ListenUnixgram, its conn wrapped.
func ListenUnixgram(network string, laddr *UnixAddr) (*UnixConn, error) {
	c, err := net.ListenUnixgram(network, laddr)
	return wrap(c, err, FromStdUnixConn)
}
