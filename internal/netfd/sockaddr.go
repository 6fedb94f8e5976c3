//go:build unix

package netfd

import (
	"net"
	"strconv"

	"golang.org/x/sys/unix"
)

// SockaddrToAddr converts a kernel address to the standard net address
// type the socket type calls for: TCPAddr for stream inet sockets, UDPAddr
// for datagrams, IPAddr for raw sockets, UnixAddr (with its Net) for AF_UNIX.
// A nil sa gives a nil Addr (an untyped nil, so that `addr == nil` holds).
func SockaddrToAddr(sotype int, sa unix.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		ip := make(net.IP, 4)
		copy(ip, sa.Addr[:])
		switch sotype {
		case unix.SOCK_STREAM:
			return &net.TCPAddr{IP: ip, Port: sa.Port}
		case unix.SOCK_DGRAM:
			return &net.UDPAddr{IP: ip, Port: sa.Port}
		case unix.SOCK_RAW:
			return &net.IPAddr{IP: ip}
		}
	case *unix.SockaddrInet6:
		ip := make(net.IP, 16)
		copy(ip, sa.Addr[:])
		zone := zoneName(int(sa.ZoneId))
		switch sotype {
		case unix.SOCK_STREAM:
			return &net.TCPAddr{IP: ip, Port: sa.Port, Zone: zone}
		case unix.SOCK_DGRAM:
			return &net.UDPAddr{IP: ip, Port: sa.Port, Zone: zone}
		case unix.SOCK_RAW:
			return &net.IPAddr{IP: ip, Zone: zone}
		}
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: UnixNet(sotype)}
	}
	return nil
}

// UnixNet names the network of an AF_UNIX socket type.
func UnixNet(sotype int) string {
	switch sotype {
	case unix.SOCK_DGRAM:
		return "unixgram"
	case unix.SOCK_SEQPACKET:
		return "unixpacket"
	}
	return "unix"
}

// IPSockaddr builds the kernel address for ip:port in family. An empty ip
// is the wildcard; an IPv4 address in an AF_INET6 socket becomes its
// IPv4-mapped form, as the standard library does.
func IPSockaddr(family int, ip net.IP, port int, zone string) (unix.Sockaddr, error) {
	switch family {
	case unix.AF_INET:
		if len(ip) == 0 {
			ip = net.IPv4zero
		}
		ip4 := ip.To4()
		if ip4 == nil {
			return nil, &net.AddrError{Err: "non-IPv4 address", Addr: ip.String()}
		}
		sa := &unix.SockaddrInet4{Port: port}
		copy(sa.Addr[:], ip4)
		return sa, nil
	case unix.AF_INET6:
		// The IPv4 wildcard means "any address" here too.
		if len(ip) == 0 || ip.Equal(net.IPv4zero) {
			ip = net.IPv6zero
		}
		ip6 := ip.To16()
		if ip6 == nil {
			return nil, &net.AddrError{Err: "non-IPv6 address", Addr: ip.String()}
		}
		sa := &unix.SockaddrInet6{Port: port, ZoneId: uint32(zoneIndex(zone))}
		copy(sa.Addr[:], ip6)
		return sa, nil
	}
	return nil, &net.AddrError{Err: "invalid address family", Addr: ip.String()}
}

// AddrSockaddr converts a standard address for a socket of family.
// A nil address (or a typed nil) gives nil.
func AddrSockaddr(family int, a net.Addr) (unix.Sockaddr, error) {
	switch a := a.(type) {
	case *net.TCPAddr:
		if a == nil {
			return nil, nil
		}
		return IPSockaddr(family, a.IP, a.Port, a.Zone)
	case *net.UDPAddr:
		if a == nil {
			return nil, nil
		}
		return IPSockaddr(family, a.IP, a.Port, a.Zone)
	case *net.IPAddr:
		if a == nil {
			return nil, nil
		}
		return IPSockaddr(family, a.IP, 0, a.Zone)
	case *net.UnixAddr:
		if a == nil {
			return nil, nil
		}
		return &unix.SockaddrUnix{Name: a.Name}, nil
	case nil:
		return nil, nil
	}
	return nil, &net.AddrError{Err: "unexpected address type", Addr: a.String()}
}

func zoneName(index int) string {
	if index == 0 {
		return ""
	}
	if ifi, err := net.InterfaceByIndex(index); err == nil {
		return ifi.Name
	}
	return strconv.Itoa(index)
}

func zoneIndex(zone string) int {
	if zone == "" {
		return 0
	}
	if ifi, err := net.InterfaceByName(zone); err == nil {
		return ifi.Index
	}
	n, _ := strconv.Atoi(zone)
	return n
}
