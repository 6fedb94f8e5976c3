//go:build unix

package net

import (
	"context"
)

// Listen announces on the local network address, green.
func Listen(network, address string) (Listener, error) {
	var lc ListenConfig
	return lc.Listen(context.Background(), network, address)
}

// ListenPacket announces on the local network address, green.
func ListenPacket(network, address string) (PacketConn, error) {
	var lc ListenConfig
	return lc.ListenPacket(context.Background(), network, address)
}

// Listen announces on the local network address ("tcp*", "unix",
// "unixpacket"); a host name resolves through DefaultResolver (green).
func (lc *ListenConfig) Listen(ctx context.Context, network, address string) (Listener, error) {
	addrs, err := resolveAddrList(ctx, defaultResolver(), "listen", network, address, nil)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: nil, Err: err}
	}
	sl := &sysListener{ListenConfig: *lc, network: network, address: address}
	var l Listener
	la := firstAddr(addrs, network, address)
	switch la := la.(type) {
	case *TCPAddr:
		l, err = sl.listenTCP(ctx, la)
	case *UnixAddr:
		l, err = sl.listenUnix(ctx, la)
	default:
		return nil, &OpError{Op: "listen", Net: sl.network, Source: nil, Addr: la, Err: &AddrError{Err: "unexpected address type", Addr: address}}
	}
	if err != nil {
		return nil, &OpError{Op: "listen", Net: sl.network, Source: nil, Addr: la, Err: err}
	}
	return l, nil
}

// ListenPacket announces on the local network address ("udp*", "ip*:proto",
// "unixgram").
func (lc *ListenConfig) ListenPacket(ctx context.Context, network, address string) (PacketConn, error) {
	addrs, err := resolveAddrList(ctx, defaultResolver(), "listen", network, address, nil)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: nil, Err: err}
	}
	sl := &sysListener{ListenConfig: *lc, network: network, address: address}
	var c PacketConn
	la := firstAddr(addrs, network, address)
	switch la := la.(type) {
	case *UDPAddr:
		c, err = sl.listenUDP(ctx, la)
	case *IPAddr:
		c, err = sl.listenIP(ctx, la)
	case *UnixAddr:
		c, err = sl.listenUnixgram(ctx, la)
	default:
		return nil, &OpError{Op: "listen", Net: sl.network, Source: nil, Addr: la, Err: &AddrError{Err: "unexpected address type", Addr: address}}
	}
	if err != nil {
		return nil, &OpError{Op: "listen", Net: sl.network, Source: nil, Addr: la, Err: err}
	}
	return c, nil
}

// firstAddr is net's addrList.first(isIPv4) for listening: prefer IPv4
// unless the network is IPv6-only.
func firstAddr(addrs []Addr, network, address string) Addr {
	for _, a := range addrs {
		if _, ok := a.(*UnixAddr); ok {
			return a
		}
		if isIPv4(a) {
			return a
		}
	}
	return addrs[0]
}
