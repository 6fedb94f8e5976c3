//go:build unix

package net

import (
	"context"
	"net"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

type ctrlCtxFn = func(ctx context.Context, network, address string, c syscall.RawConn) error

type sysDialer struct {
	Dialer
	network, address string
}

func (sd *sysDialer) ctrlFn() ctrlCtxFn {
	if sd.Dialer.ControlContext != nil {
		return sd.Dialer.ControlContext
	}
	if ctrl := sd.Dialer.Control; ctrl != nil {
		return func(_ context.Context, network, address string, c syscall.RawConn) error {
			return ctrl(network, address, c)
		}
	}
	return nil
}

type sysListener struct {
	ListenConfig
	network, address string
}

func (sl *sysListener) ctrlFn() ctrlCtxFn {
	if ctrl := sl.ListenConfig.Control; ctrl != nil {
		return func(_ context.Context, network, address string, c syscall.RawConn) error {
			return ctrl(network, address, c)
		}
	}
	return nil
}

// opAddr turns a typed nil address into an untyped nil, as net's opAddr.
func opAddr(a Addr) Addr {
	switch a := a.(type) {
	case *TCPAddr:
		if a == nil {
			return nil
		}
	case *UDPAddr:
		if a == nil {
			return nil
		}
	case *IPAddr:
		if a == nil {
			return nil
		}
	case *UnixAddr:
		if a == nil {
			return nil
		}
	}
	return a
}

// IPv6 support, probed once as the standard library does: can we bind
// ::1, and can an AF_INET6 socket take IPv4-mapped addresses.
var ipStack = sync.OnceValues(func() (ipv6, ipv4map bool) {
	probe := func(ip net.IP, v6only int) bool {
		s, err := netfd.SysSocket(unix.AF_INET6, unix.SOCK_STREAM, 0)
		if err != nil {
			return false
		}
		defer unix.Close(s)
		if unix.SetsockoptInt(s, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, v6only) != nil {
			return false
		}
		sa := &unix.SockaddrInet6{}
		copy(sa.Addr[:], ip.To16())
		return unix.Bind(s, sa) == nil
	}
	return probe(net.IPv6loopback, 1), probe(net.IPv4(127, 0, 0, 1), 0)
})

func isWildcard(a Addr) bool {
	_, wild := ipOf(a)
	return wild
}

func familyOf(a Addr) int {
	ip, _ := ipOf(a)
	if len(ip) == 0 || ip.To4() != nil {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// favoriteAddrFamily picks the socket family as net does: a "4"/"6"
// network says it; a wildcard listen is dual-stack where IPv4-mapped
// addresses work; otherwise IPv4 when both ends are IPv4.
func favoriteAddrFamily(network string, laddr, raddr Addr, mode string) (family int, ipv6only bool) {
	switch network[len(network)-1] {
	case '4':
		return unix.AF_INET, false
	case '6':
		return unix.AF_INET6, true
	}
	if mode == "listen" && (laddr == nil || isWildcard(laddr)) {
		if _, v4map := ipStack(); v4map {
			return unix.AF_INET6, false
		}
		if laddr == nil {
			return unix.AF_INET, false
		}
		return familyOf(laddr), false
	}
	if (laddr == nil || familyOf(laddr) == unix.AF_INET) && (raddr == nil || familyOf(raddr) == unix.AF_INET) {
		return unix.AF_INET, false
	}
	return unix.AF_INET6, false
}

// ctrlNetwork is the network name Control functions see: "tcp4" or
// "tcp6" for a "tcp" socket, as the standard library passes.
func ctrlNetwork(netw string, family int) string {
	switch netw {
	case "unix", "unixgram", "unixpacket":
		return netw
	}
	switch netw[len(netw)-1] {
	case '4', '6':
		return netw
	}
	if family == unix.AF_INET {
		return netw + "4"
	}
	return netw + "6"
}

// internetSocket makes an IP socket and binds, listens or connects it.
func internetSocket(ctx context.Context, netw string, laddr, raddr Addr, sotype, proto int, mode string, ctrl ctrlCtxFn) (*netfd.FD, error) {
	laddr, raddr = opAddr(laddr), opAddr(raddr)
	family, ipv6only := favoriteAddrFamily(netw, laddr, raddr, mode)
	return socket(ctx, netw, family, sotype, proto, ipv6only, laddr, raddr, ctrl)
}

// socket is net's socket(): listen when only laddr is set, else dial.
func socket(ctx context.Context, netw string, family, sotype, proto int, ipv6only bool, laddr, raddr Addr, ctrl ctrlCtxFn) (*netfd.FD, error) {
	fd, err := netfd.Socket(netw, family, sotype, proto, ipv6only)
	if err != nil {
		return nil, err
	}
	if laddr != nil && raddr == nil {
		switch sotype {
		case unix.SOCK_STREAM, unix.SOCK_SEQPACKET:
			err = listenStream(ctx, fd, laddr, ctrl)
		case unix.SOCK_DGRAM:
			err = listenDatagram(ctx, fd, laddr, ctrl)
		}
	} else {
		err = dial(ctx, fd, laddr, raddr, ctrl)
	}
	if err != nil {
		fd.Close()
		return nil, err
	}
	return fd, nil
}

func control(ctx context.Context, fd *netfd.FD, address string, ctrl ctrlCtxFn) error {
	if ctrl == nil {
		return nil
	}
	return ctrl(ctx, ctrlNetwork(fd.Net, fd.Family), address, &rawConn{fd})
}

func listenStream(ctx context.Context, fd *netfd.FD, laddr Addr, ctrl ctrlCtxFn) error {
	if fd.Family != unix.AF_UNIX {
		// Rebind a port in TIME_WAIT at once, as net does.
		if err := fd.SetsockoptInt(unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			return err
		}
	}
	if err := control(ctx, fd, laddr.String(), ctrl); err != nil {
		return err
	}
	lsa, err := netfd.AddrSockaddr(fd.Family, laddr)
	if err != nil {
		return err
	}
	if err := fd.Bind(lsa); err != nil {
		return err
	}
	return fd.Listen(0)
}

func listenDatagram(ctx context.Context, fd *netfd.FD, laddr Addr, ctrl ctrlCtxFn) error {
	if ua, ok := laddr.(*UDPAddr); ok && ua.IP != nil && ua.IP.IsMulticast() {
		// Several sockets may listen to one group: share the port and
		// bind the wildcard, as net's multicast listener does.
		if err := fd.SetsockoptInt(unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
			return err
		}
		wild := &UDPAddr{Port: ua.Port}
		if fd.Family == unix.AF_INET {
			wild.IP = IPv4zero
		} else {
			wild.IP = IPv6unspecified
		}
		laddr = wild
	}
	if err := control(ctx, fd, laddr.String(), ctrl); err != nil {
		return err
	}
	lsa, err := netfd.AddrSockaddr(fd.Family, laddr)
	if err != nil {
		return err
	}
	if err := fd.Bind(lsa); err != nil {
		return err
	}
	fd.SetLocalAddr()
	return nil
}

func dial(ctx context.Context, fd *netfd.FD, laddr, raddr Addr, ctrl ctrlCtxFn) error {
	var ctrlAddr string
	if raddr != nil {
		ctrlAddr = raddr.String()
	} else if laddr != nil {
		ctrlAddr = laddr.String()
	}
	if err := control(ctx, fd, ctrlAddr, ctrl); err != nil {
		return err
	}
	if laddr != nil {
		lsa, err := netfd.AddrSockaddr(fd.Family, laddr)
		if err != nil {
			return err
		}
		if lsa != nil {
			if err := fd.Bind(lsa); err != nil {
				return err
			}
		}
	}
	if raddr != nil {
		rsa, err := netfd.AddrSockaddr(fd.Family, raddr)
		if err != nil {
			return err
		}
		if err := fd.Connect(ctx, rsa); err != nil {
			return err
		}
		return nil
	}
	fd.SetLocalAddr()
	return nil
}
