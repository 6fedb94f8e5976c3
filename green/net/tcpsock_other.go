//go:build !unix

package net

import (
	"net"
)

type TCPConn struct{ *net.TCPConn }
type TCPListener struct{ *net.TCPListener }

func (c *TCPConn) Std() *net.TCPConn         { return c.TCPConn }
func (l *TCPListener) Std() *net.TCPListener { return l.TCPListener }

func FromStdTCPConn(c *net.TCPConn) *TCPConn {
	if c == nil {
		return nil
	}
	return &TCPConn{c}
}

func FromStdTCPListener(l *net.TCPListener) *TCPListener {
	if l == nil {
		return nil
	}
	return &TCPListener{l}
}

func (c *TCPConn) SetDetect(on bool)     {}
func (l *TCPListener) SetDetect(on bool) {}

func (c *TCPConn) WriteBuffers(v *Buffers) (int64, error) { return v.WriteTo(c.TCPConn) }

func (l *TCPListener) AcceptTCP() (*TCPConn, error) {
	c, err := l.TCPListener.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return &TCPConn{c}, nil
}

func (l *TCPListener) Accept() (Conn, error) {
	c, err := l.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func DialTCP(network string, laddr, raddr *TCPAddr) (*TCPConn, error) {
	c, err := net.DialTCP(network, laddr, raddr)
	return wrap(c, err, FromStdTCPConn)
}

func ListenTCP(network string, laddr *TCPAddr) (*TCPListener, error) {
	l, err := net.ListenTCP(network, laddr)
	return wrap(l, err, FromStdTCPListener)
}
