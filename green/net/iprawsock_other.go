//go:build !unix

package net

import (
	"net"
)

// IPConn embeds the standard IPConn: its I/O blocks natively.
type IPConn struct{ *net.IPConn }

// Std returns the embedded standard value.
func (c *IPConn) Std() *net.IPConn { return c.IPConn }

// FromStdIPConn wraps c (no dup: both share the socket).
func FromStdIPConn(c *net.IPConn) *IPConn {
	if c == nil {
		return nil
	}
	return &IPConn{c}
}

// SetDetect does nothing here: there is no hub wait to detect.
func (c *IPConn) SetDetect(on bool) {}

// DialIP is the standard net.DialIP, its conn wrapped.
func DialIP(network string, laddr, raddr *IPAddr) (*IPConn, error) {
	c, err := net.DialIP(network, laddr, raddr)
	return wrap(c, err, FromStdIPConn)
}

// ListenIP is the standard net.ListenIP, its conn wrapped.
func ListenIP(network string, laddr *IPAddr) (*IPConn, error) {
	c, err := net.ListenIP(network, laddr)
	return wrap(c, err, FromStdIPConn)
}
