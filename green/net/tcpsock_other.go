//go:build !unix

package net

import (
	"net"
)

// TCPConn embeds the standard TCPConn: its I/O blocks natively.
type TCPConn struct{ *net.TCPConn }

// TCPListener embeds the standard TCPListener: its I/O blocks natively.
type TCPListener struct{ *net.TCPListener }

// Std returns the embedded standard value.
func (c *TCPConn) Std() *net.TCPConn { return c.TCPConn }

// Std returns the embedded standard value.
func (l *TCPListener) Std() *net.TCPListener { return l.TCPListener }

// FromStdTCPConn wraps c (no dup: both share the socket).
func FromStdTCPConn(c *net.TCPConn) *TCPConn {
	if c == nil {
		return nil
	}
	return &TCPConn{c}
}

// FromStdTCPListener wraps l (no dup: both share the socket).
func FromStdTCPListener(l *net.TCPListener) *TCPListener {
	if l == nil {
		return nil
	}
	return &TCPListener{l}
}

// SetDetect does nothing here: there is no hub wait to detect.
func (c *TCPConn) SetDetect(on bool) {}

// SetDetect does nothing here: there is no hub wait to detect.
func (l *TCPListener) SetDetect(on bool) {}

// WriteBuffers writes v with the standard Buffers.WriteTo.
func (c *TCPConn) WriteBuffers(v *Buffers) (int64, error) { return v.WriteTo(c.TCPConn) }

// AcceptTCP accepts with the standard listener, the conn wrapped.
func (l *TCPListener) AcceptTCP() (*TCPConn, error) {
	c, err := l.TCPListener.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return &TCPConn{c}, nil
}

// Accept accepts with the standard listener, the conn wrapped.
func (l *TCPListener) Accept() (Conn, error) {
	c, err := l.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DialTCP is the standard net.DialTCP, its conn wrapped.
func DialTCP(network string, laddr, raddr *TCPAddr) (*TCPConn, error) {
	c, err := net.DialTCP(network, laddr, raddr)
	return wrap(c, err, FromStdTCPConn)
}

// ListenTCP is the standard net.ListenTCP, its listener wrapped.
func ListenTCP(network string, laddr *TCPAddr) (*TCPListener, error) {
	l, err := net.ListenTCP(network, laddr)
	return wrap(l, err, FromStdTCPListener)
}
