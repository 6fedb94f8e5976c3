//go:build !unix

package net

import (
	"net"
)

type UDPConn struct{ *net.UDPConn }

func (c *UDPConn) Std() *net.UDPConn { return c.UDPConn }

func FromStdUDPConn(c *net.UDPConn) *UDPConn {
	if c == nil {
		return nil
	}
	return &UDPConn{c}
}

func (c *UDPConn) SetDetect(on bool) {}

func DialUDP(network string, laddr, raddr *UDPAddr) (*UDPConn, error) {
	c, err := net.DialUDP(network, laddr, raddr)
	return wrap(c, err, FromStdUDPConn)
}

func ListenUDP(network string, laddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenUDP(network, laddr)
	return wrap(c, err, FromStdUDPConn)
}

func ListenMulticastUDP(network string, ifi *Interface, gaddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenMulticastUDP(network, ifi, gaddr)
	return wrap(c, err, FromStdUDPConn)
}
