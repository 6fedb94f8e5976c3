//go:build !unix

package dns

import (
	"context"
	"net"
	"net/netip"
)

// dialServer uses the standard dialer where the hub has no poller: the
// query blocks its goroutine, as every network call does there.
func dialServer(ctx context.Context, network, server string) (dnsConn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, server)
}

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
