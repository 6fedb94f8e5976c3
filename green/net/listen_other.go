//go:build !unix

package net

import (
	"context"
	"net"
)

func Listen(network, address string) (Listener, error) {
	return wrapListener(net.Listen(network, address))
}

func ListenPacket(network, address string) (PacketConn, error) {
	return wrapPacketConn(net.ListenPacket(network, address))
}

func (lc *ListenConfig) Listen(ctx context.Context, network, address string) (Listener, error) {
	return wrapListener(lc.Std().Listen(ctx, network, address))
}

func (lc *ListenConfig) ListenPacket(ctx context.Context, network, address string) (PacketConn, error) {
	return wrapPacketConn(lc.Std().ListenPacket(ctx, network, address))
}
