//go:build !unix

package dns

import (
	"net"
	"net/netip"
)

// sourceAddr is the local address of a UDP conn to dst (no packet is sent).
func sourceAddr(dst netip.Addr, zone string) (netip.Addr, bool) {
	c, err := net.DialUDP("udp", nil, &net.UDPAddr{IP: dst.AsSlice(), Port: 9, Zone: zone})
	if err != nil {
		return netip.Addr{}, false
	}
	defer c.Close()
	la, ok := c.LocalAddr().(*net.UDPAddr)
	if !ok {
		return netip.Addr{}, false
	}
	src, ok := netip.AddrFromSlice(la.IP)
	return src.Unmap(), ok
}
