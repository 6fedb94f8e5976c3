//go:build !unix

package net

import (
	"net"
)

type IPConn struct{ *net.IPConn }

func (c *IPConn) Std() *net.IPConn { return c.IPConn }

func FromStdIPConn(c *net.IPConn) *IPConn {
	if c == nil {
		return nil
	}
	return &IPConn{c}
}

func (c *IPConn) SetDetect(on bool) {}

func DialIP(network string, laddr, raddr *IPAddr) (*IPConn, error) {
	c, err := net.DialIP(network, laddr, raddr)
	return wrap(c, err, FromStdIPConn)
}

func ListenIP(network string, laddr *IPAddr) (*IPConn, error) {
	c, err := net.ListenIP(network, laddr)
	return wrap(c, err, FromStdIPConn)
}
