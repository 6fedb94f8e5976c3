//go:build !unix

package net

import (
	"context"
	"net"
	"net/netip"
	"time"
)

// Dial is the standard net.Dial, its conn wrapped.
func Dial(network, address string) (Conn, error) { return wrapConn(net.Dial(network, address)) }

// DialTimeout is the standard net.DialTimeout, its conn wrapped.
func DialTimeout(network, address string, timeout time.Duration) (Conn, error) {
	return wrapConn(net.DialTimeout(network, address, timeout))
}

// Dial dials with the standard Dialer, its conn wrapped.
func (d *Dialer) Dial(network, address string) (Conn, error) {
	return wrapConn(d.Std().Dial(network, address))
}

// DialContext dials with the standard Dialer, its conn wrapped.
func (d *Dialer) DialContext(ctx context.Context, network, address string) (Conn, error) {
	return wrapConn(d.Std().DialContext(ctx, network, address))
}

// DialTCP dials with the standard Dialer, its conn wrapped.
func (d *Dialer) DialTCP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*TCPConn, error) {
	c, err := d.Std().DialTCP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdTCPConn)
}

// DialUDP dials with the standard Dialer, its conn wrapped.
func (d *Dialer) DialUDP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*UDPConn, error) {
	c, err := d.Std().DialUDP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdUDPConn)
}

// DialIP dials with the standard Dialer, its conn wrapped.
func (d *Dialer) DialIP(ctx context.Context, network string, laddr, raddr netip.Addr) (*IPConn, error) {
	c, err := d.Std().DialIP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdIPConn)
}

// DialUnix dials with the standard Dialer, its conn wrapped.
func (d *Dialer) DialUnix(ctx context.Context, network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	c, err := d.Std().DialUnix(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdUnixConn)
}
