//go:build unix

package dns

import (
	"net/netip"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// sourceAddr is the address the kernel would send from to reach dst: the
// local address of a UDP socket connected to it (connecting a datagram
// socket sends nothing). A bare socket, closed at once, costs less than a
// conn registered with a poller.
func sourceAddr(dst netip.Addr, zone string) (netip.Addr, bool) {
	family := unix.AF_INET6
	if dst.Is4() {
		family = unix.AF_INET
	}
	s, err := netfd.SysSocket(family, unix.SOCK_DGRAM, 0)
	if err != nil {
		return netip.Addr{}, false
	}
	defer unix.Close(s)
	sa, err := netfd.IPSockaddr(family, dst.AsSlice(), 9, zone)
	if err != nil || unix.Connect(s, sa) != nil {
		return netip.Addr{}, false
	}
	local, err := unix.Getsockname(s)
	if err != nil {
		return netip.Addr{}, false
	}
	switch la := local.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrFrom4(la.Addr), true
	case *unix.SockaddrInet6:
		return netip.AddrFrom16(la.Addr).Unmap(), true
	}
	return netip.Addr{}, false
}
