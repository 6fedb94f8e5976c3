//go:build unix

package net

import (
	"context"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// IPConn is a green raw IP socket (needs CAP_NET_RAW, as with net).
type IPConn struct {
	conn
}

func newIPConn(fd *netfd.FD) *IPConn { return &IPConn{conn{fd}} }

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (c *IPConn) SyscallConn() (syscall.RawConn, error) { return c.syscallConn() }

func sockaddrToIP(sa unix.Sockaddr) *IPAddr {
	a, _ := netfd.SockaddrToAddr(unix.SOCK_RAW, sa).(*IPAddr)
	return a
}

// stripIPv4Header: an IPv4 raw socket delivers the IP header with the
// payload; net removes it in ReadFrom, so this does too.
func stripIPv4Header(n int, b []byte) int {
	if len(b) < 20 {
		return n
	}
	l := int(b[0]&0x0f) << 2
	if 20 > l || l > len(b) {
		return n
	}
	if b[0]>>4 != 4 {
		return n
	}
	copy(b, b[l:])
	return n - l
}

// ReadFromIP reads a packet and the address it came from.
func (c *IPConn) ReadFromIP(b []byte) (int, *IPAddr, error) {
	if !c.ok() {
		return 0, nil, syscall.EINVAL
	}
	n, sa, err := c.fd.ReadFrom(b)
	if err != nil {
		return n, nil, c.opErr("read", err)
	}
	if c.fd.Family == unix.AF_INET {
		n = stripIPv4Header(n, b)
	}
	return n, sockaddrToIP(sa), nil
}

// ReadFrom reads a packet and the address it came from.
func (c *IPConn) ReadFrom(b []byte) (int, Addr, error) {
	n, addr, err := c.ReadFromIP(b)
	if addr == nil {
		return n, nil, err
	}
	return n, addr, err
}

// ReadMsgIP reads a packet with its ancillary data.
func (c *IPConn) ReadMsgIP(b, oob []byte) (n, oobn, flags int, addr *IPAddr, err error) {
	if !c.ok() {
		return 0, 0, 0, nil, syscall.EINVAL
	}
	n, oobn, flags, sa, err := c.fd.ReadMsg(b, oob, 0)
	if err != nil {
		return n, oobn, flags, nil, c.opErr("read", err)
	}
	return n, oobn, flags, sockaddrToIP(sa), nil
}

func (c *IPConn) writeErr(addr Addr, err error) error {
	return &OpError{Op: "write", Net: c.fd.Net, Source: c.fd.Laddr, Addr: opAddr(addr), Err: err}
}

// WriteToIP sends a packet to addr.
func (c *IPConn) WriteToIP(b []byte, addr *IPAddr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	if c.fd.Raddr != nil {
		return 0, c.writeErr(addr, ErrWriteToConnected)
	}
	if addr == nil {
		return 0, c.writeErr(nil, errMissingAddress)
	}
	sa, err := netfd.AddrSockaddr(c.fd.Family, addr)
	if err != nil {
		return 0, c.writeErr(addr, err)
	}
	n, err := c.fd.WriteTo(b, sa)
	if err != nil {
		return n, c.writeErr(addr, err)
	}
	return n, nil
}

// WriteTo sends a packet to addr.
func (c *IPConn) WriteTo(b []byte, addr Addr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	a, ok := addr.(*IPAddr)
	if !ok {
		return 0, c.writeErr(addr, syscall.EINVAL)
	}
	return c.WriteToIP(b, a)
}

// WriteMsgIP sends a packet with ancillary data to addr.
func (c *IPConn) WriteMsgIP(b, oob []byte, addr *IPAddr) (n, oobn int, err error) {
	if !c.ok() {
		return 0, 0, syscall.EINVAL
	}
	var sa unix.Sockaddr
	if addr != nil {
		if sa, err = netfd.AddrSockaddr(c.fd.Family, addr); err != nil {
			return 0, 0, c.writeErr(addr, err)
		}
	}
	n, oobn, err = c.fd.WriteMsg(b, oob, sa)
	if err != nil {
		return n, oobn, c.writeErr(addr, err)
	}
	return n, oobn, nil
}

// DialIP acts like Dial for IP networks ("ip4:icmp", "ip6:58"...), green.
func DialIP(network string, laddr, raddr *IPAddr) (*IPConn, error) {
	return dialIP(context.Background(), nil, network, laddr, raddr)
}

func dialIP(ctx context.Context, d *Dialer, network string, laddr, raddr *IPAddr) (*IPConn, error) {
	if raddr == nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: nil, Err: errMissingAddress}
	}
	sd := &sysDialer{network: network, address: raddr.String()}
	if d != nil {
		sd.Dialer = *d
	}
	c, err := sd.dialIP(ctx, laddr, raddr)
	if err != nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: err}
	}
	return c, nil
}

func (sd *sysDialer) dialIP(ctx context.Context, laddr, raddr *IPAddr) (*IPConn, error) {
	afnet, proto, err := parseNetwork(sd.network, true)
	if err != nil {
		return nil, err
	}
	switch afnet {
	case "ip", "ip4", "ip6":
	default:
		return nil, UnknownNetworkError(sd.network)
	}
	fd, err := internetSocket(ctx, afnet, laddr, raddr, unix.SOCK_RAW, proto, "dial", sd.ctrlFn())
	if err != nil {
		return nil, err
	}
	return newIPConn(fd), nil
}

// ListenIP acts like ListenPacket for IP networks, green.
func ListenIP(network string, laddr *IPAddr) (*IPConn, error) {
	if laddr == nil {
		laddr = &IPAddr{}
	}
	sl := &sysListener{network: network, address: laddr.String()}
	c, err := sl.listenIP(context.Background(), laddr)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: err}
	}
	return c, nil
}

func (sl *sysListener) listenIP(ctx context.Context, laddr *IPAddr) (*IPConn, error) {
	afnet, proto, err := parseNetwork(sl.network, true)
	if err != nil {
		return nil, err
	}
	switch afnet {
	case "ip", "ip4", "ip6":
	default:
		return nil, UnknownNetworkError(sl.network)
	}
	family, ipv6only := favoriteAddrFamily(afnet, laddr, nil, "listen")
	fd, err := netfd.Socket(afnet, family, unix.SOCK_RAW, proto, ipv6only)
	if err != nil {
		return nil, err
	}
	// Raw sockets are "listened" by binding, like datagrams.
	if err := listenDatagram(ctx, fd, laddr, sl.ctrlFn()); err != nil {
		fd.Close()
		return nil, err
	}
	return newIPConn(fd), nil
}
