//go:build unix

package dns

import (
	"context"
	"io"
	"net"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// dialServer connects a green socket to a name server given as "ip:port".
// The socket is new for every query, so the kernel picks a fresh random
// source port each time, and it is connected, so the kernel drops
// datagrams from any other address (a spoofer must guess the port, the ID
// and the source).
func dialServer(ctx context.Context, network, server string) (dnsConn, error) {
	ap, err := netip.ParseAddrPort(server)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.AddrError{Err: "name server is not an IP address and port", Addr: server}}
	}
	family := unix.AF_INET6
	if ap.Addr().Unmap().Is4() {
		family = unix.AF_INET
		ap = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	}
	sotype := unix.SOCK_STREAM
	if network == "udp" {
		sotype = unix.SOCK_DGRAM
	}
	raddr := net.Addr(net.TCPAddrFromAddrPort(ap))
	if sotype == unix.SOCK_DGRAM {
		raddr = net.UDPAddrFromAddrPort(ap)
	}
	opErr := func(err error) error {
		return &net.OpError{Op: "dial", Net: network, Addr: raddr, Err: err}
	}
	fd, err := netfd.Socket(network, family, sotype, 0, false)
	if err != nil {
		return nil, opErr(err)
	}
	sa, err := netfd.IPSockaddr(family, ap.Addr().AsSlice(), int(ap.Port()), ap.Addr().Zone())
	if err == nil {
		err = fd.Connect(ctx, sa)
	}
	if err != nil {
		fd.Close()
		return nil, opErr(err)
	}
	return &conn{fd: fd}, nil
}

// conn is the little a query needs of a green socket, with errors shaped
// as the standard conns shape them (*net.OpError around the cause).
type conn struct{ fd *netfd.FD }

func (c *conn) opErr(op string, err error) error {
	return &net.OpError{Op: op, Net: c.fd.Net, Source: c.fd.Laddr, Addr: c.fd.Raddr, Err: netfd.MapErr(err)}
}

// Read reads one datagram, or stream bytes, waiting in the hub.
func (c *conn) Read(p []byte) (int, error) {
	n, err := c.fd.Read(p)
	if err != nil && err != io.EOF {
		return n, c.opErr("read", err)
	}
	return n, nil
}

// Write sends p, waiting in the hub.
func (c *conn) Write(p []byte) (int, error) {
	n, err := c.fd.Write(p)
	if err != nil {
		return n, c.opErr("write", err)
	}
	return n, nil
}

// SetDeadline bounds reads and writes; a past time wakes a waiting one.
func (c *conn) SetDeadline(t time.Time) error { return c.fd.SetDeadline(t) }

// Close closes the socket.
func (c *conn) Close() error { return c.fd.Close() }
