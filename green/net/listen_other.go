//go:build !unix

package net

import (
	"context"
	"net"
)

// Listen is the standard net.Listen, its listener wrapped.
func Listen(network, address string) (Listener, error) {
	return wrapListener(net.Listen(network, address))
}

// ListenPacket is the standard net.ListenPacket, its conn wrapped.
func ListenPacket(network, address string) (PacketConn, error) {
	return wrapPacketConn(net.ListenPacket(network, address))
}

// Listen listens with the standard ListenConfig, its listener wrapped.
func (lc *ListenConfig) Listen(ctx context.Context, network, address string) (Listener, error) {
	return wrapListener(lc.Std().Listen(ctx, network, address))
}

// ListenPacket listens with the standard ListenConfig, its conn wrapped.
func (lc *ListenConfig) ListenPacket(ctx context.Context, network, address string) (PacketConn, error) {
	return wrapPacketConn(lc.Std().ListenPacket(ctx, network, address))
}
