//go:build unix

package net

import (
	"context"
	"net"
	"net/netip"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// UDPConn is a green UDP socket.
type UDPConn struct {
	conn
}

func newUDPConn(fd *netfd.FD) *UDPConn { return &UDPConn{conn{fd}} }

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (c *UDPConn) SyscallConn() (syscall.RawConn, error) { return c.syscallConn() }

func sockaddrToUDP(sa unix.Sockaddr) *UDPAddr {
	a, _ := netfd.SockaddrToAddr(unix.SOCK_DGRAM, sa).(*UDPAddr)
	return a
}

func sockaddrToAddrPort(sa unix.Sockaddr) netip.AddrPort {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port))
	case *unix.SockaddrInet6:
		ip := netip.AddrFrom16(sa.Addr)
		if sa.ZoneId != 0 {
			if a, ok := netfd.SockaddrToAddr(unix.SOCK_DGRAM, sa).(*UDPAddr); ok {
				ip = ip.WithZone(a.Zone)
			}
		}
		return netip.AddrPortFrom(ip, uint16(sa.Port))
	}
	return netip.AddrPort{}
}

func (c *UDPConn) readErr(err error) error {
	return &OpError{Op: "read", Net: c.fd.Net, Source: c.fd.Laddr, Addr: c.fd.Raddr, Err: err}
}

// ReadFromUDP reads a datagram, waiting in the hub.
func (c *UDPConn) ReadFromUDP(b []byte) (n int, addr *UDPAddr, err error) {
	if !c.ok() {
		return 0, nil, syscall.EINVAL
	}
	n, sa, err := c.fd.ReadFrom(b)
	if err != nil {
		return n, nil, c.readErr(err)
	}
	return n, sockaddrToUDP(sa), nil
}

// ReadFrom reads a packet and the address it came from.
func (c *UDPConn) ReadFrom(b []byte) (int, Addr, error) {
	n, addr, err := c.ReadFromUDP(b)
	if addr == nil {
		return n, nil, err
	}
	return n, addr, err
}

// ReadFromUDPAddrPort reads a packet and the address it came from.
func (c *UDPConn) ReadFromUDPAddrPort(b []byte) (n int, addr netip.AddrPort, err error) {
	if !c.ok() {
		return 0, netip.AddrPort{}, syscall.EINVAL
	}
	n, sa, err := c.fd.ReadFrom(b)
	if err != nil {
		return n, netip.AddrPort{}, c.readErr(err)
	}
	return n, sockaddrToAddrPort(sa), nil
}

// ReadMsgUDP reads a packet with its ancillary data.
func (c *UDPConn) ReadMsgUDP(b, oob []byte) (n, oobn, flags int, addr *UDPAddr, err error) {
	if !c.ok() {
		return 0, 0, 0, nil, syscall.EINVAL
	}
	n, oobn, flags, sa, err := c.fd.ReadMsg(b, oob, 0)
	if err != nil {
		return n, oobn, flags, nil, c.readErr(err)
	}
	return n, oobn, flags, sockaddrToUDP(sa), nil
}

// ReadMsgUDPAddrPort reads a packet with its ancillary data.
func (c *UDPConn) ReadMsgUDPAddrPort(b, oob []byte) (n, oobn, flags int, addr netip.AddrPort, err error) {
	if !c.ok() {
		return 0, 0, 0, netip.AddrPort{}, syscall.EINVAL
	}
	n, oobn, flags, sa, err := c.fd.ReadMsg(b, oob, 0)
	if err != nil {
		return n, oobn, flags, netip.AddrPort{}, c.readErr(err)
	}
	return n, oobn, flags, sockaddrToAddrPort(sa), nil
}

func (c *UDPConn) writeToErr(addr Addr, err error) error {
	return &OpError{Op: "write", Net: c.fd.Net, Source: c.fd.Laddr, Addr: opAddr(addr), Err: err}
}

// WriteToUDP sends a datagram to addr.
func (c *UDPConn) WriteToUDP(b []byte, addr *UDPAddr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	if c.fd.Raddr != nil {
		return 0, c.writeToErr(addr, ErrWriteToConnected)
	}
	if addr == nil {
		return 0, c.writeToErr(nil, errMissingAddress)
	}
	sa, err := netfd.AddrSockaddr(c.fd.Family, addr)
	if err != nil {
		return 0, c.writeToErr(addr, err)
	}
	n, err := c.fd.WriteTo(b, sa)
	if err != nil {
		return n, c.writeToErr(addr, err)
	}
	return n, nil
}

// WriteToUDPAddrPort sends a packet to addr.
func (c *UDPConn) WriteToUDPAddrPort(b []byte, addr netip.AddrPort) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	return c.WriteToUDP(b, UDPAddrFromAddrPort(addr))
}

// WriteTo sends a packet to addr.
func (c *UDPConn) WriteTo(b []byte, addr Addr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	a, ok := addr.(*UDPAddr)
	if !ok {
		return 0, c.writeToErr(addr, syscall.EINVAL)
	}
	return c.WriteToUDP(b, a)
}

// WriteMsgUDP sends a packet with ancillary data to addr.
func (c *UDPConn) WriteMsgUDP(b, oob []byte, addr *UDPAddr) (n, oobn int, err error) {
	if !c.ok() {
		return 0, 0, syscall.EINVAL
	}
	if c.fd.Raddr != nil && addr != nil {
		return 0, 0, c.writeToErr(addr, ErrWriteToConnected)
	}
	if c.fd.Raddr == nil && addr == nil {
		return 0, 0, c.writeToErr(nil, errMissingAddress)
	}
	var sa unix.Sockaddr
	if addr != nil {
		if sa, err = netfd.AddrSockaddr(c.fd.Family, addr); err != nil {
			return 0, 0, c.writeToErr(addr, err)
		}
	}
	n, oobn, err = c.fd.WriteMsg(b, oob, sa)
	if err != nil {
		return n, oobn, c.writeToErr(addr, err)
	}
	return n, oobn, nil
}

// WriteMsgUDPAddrPort sends a packet with ancillary data to addr.
func (c *UDPConn) WriteMsgUDPAddrPort(b, oob []byte, addr netip.AddrPort) (n, oobn int, err error) {
	if !c.ok() {
		return 0, 0, syscall.EINVAL
	}
	var a *UDPAddr
	if addr.IsValid() {
		a = UDPAddrFromAddrPort(addr)
	}
	return c.WriteMsgUDP(b, oob, a)
}

// DialUDP acts like Dial for UDP networks, green.
func DialUDP(network string, laddr, raddr *UDPAddr) (*UDPConn, error) {
	return dialUDP(context.Background(), nil, network, laddr, raddr)
}

func dialUDP(ctx context.Context, d *Dialer, network string, laddr, raddr *UDPAddr) (*UDPConn, error) {
	switch network {
	case "udp", "udp4", "udp6":
	default:
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: UnknownNetworkError(network)}
	}
	if raddr == nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: nil, Err: errMissingAddress}
	}
	sd := &sysDialer{network: network, address: raddr.String()}
	if d != nil {
		sd.Dialer = *d
	}
	c, err := sd.dialUDP(ctx, laddr, raddr)
	if err != nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: err}
	}
	return c, nil
}

func (sd *sysDialer) dialUDP(ctx context.Context, laddr, raddr *UDPAddr) (*UDPConn, error) {
	fd, err := internetSocket(ctx, sd.network, laddr, raddr, unix.SOCK_DGRAM, 0, "dial", sd.ctrlFn())
	if err != nil {
		return nil, err
	}
	return newUDPConn(fd), nil
}

// ListenUDP acts like ListenPacket for UDP networks, green.
func ListenUDP(network string, laddr *UDPAddr) (*UDPConn, error) {
	switch network {
	case "udp", "udp4", "udp6":
	default:
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: UnknownNetworkError(network)}
	}
	if laddr == nil {
		laddr = &UDPAddr{}
	}
	sl := &sysListener{network: network, address: laddr.String()}
	c, err := sl.listenUDP(context.Background(), laddr)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: err}
	}
	return c, nil
}

func (sl *sysListener) listenUDP(ctx context.Context, laddr *UDPAddr) (*UDPConn, error) {
	fd, err := internetSocket(ctx, sl.network, laddr, nil, unix.SOCK_DGRAM, 0, "listen", sl.ctrlFn())
	if err != nil {
		return nil, err
	}
	return newUDPConn(fd), nil
}

// ListenMulticastUDP joins the group with the standard implementation (its
// setup does not block) and takes the socket over, green.
func ListenMulticastUDP(network string, ifi *Interface, gaddr *UDPAddr) (*UDPConn, error) {
	sc, err := net.ListenMulticastUDP(network, ifi, gaddr)
	if err != nil {
		return nil, err
	}
	defer sc.Close()
	fd, err := fromStdErr(sc)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(gaddr), Err: err}
	}
	return newUDPConn(fd), nil
}
