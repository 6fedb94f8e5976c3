//go:build !unix

package net

import (
	"net"
)

// UDPConn embeds the standard UDPConn: its I/O blocks natively.
type UDPConn struct{ *net.UDPConn }

// Std returns the embedded standard value.
func (c *UDPConn) Std() *net.UDPConn { return c.UDPConn }

// FromStdUDPConn wraps c (no dup: both share the socket).
func FromStdUDPConn(c *net.UDPConn) *UDPConn {
	if c == nil {
		return nil
	}
	return &UDPConn{c}
}

// SetDetect does nothing here: there is no hub wait to detect.
func (c *UDPConn) SetDetect(on bool) {}

// DialUDP is the standard net.DialUDP, its conn wrapped.
func DialUDP(network string, laddr, raddr *UDPAddr) (*UDPConn, error) {
	c, err := net.DialUDP(network, laddr, raddr)
	return wrap(c, err, FromStdUDPConn)
}

// ListenUDP is the standard net.ListenUDP, its conn wrapped.
func ListenUDP(network string, laddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenUDP(network, laddr)
	return wrap(c, err, FromStdUDPConn)
}

// ListenMulticastUDP is the standard net.ListenMulticastUDP, its conn wrapped.
func ListenMulticastUDP(network string, ifi *Interface, gaddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenMulticastUDP(network, ifi, gaddr)
	return wrap(c, err, FromStdUDPConn)
}
