//go:build !unix

package net

import (
	"net"
	"os"
)

// FileConn is the standard net.FileConn, its conn wrapped.
func FileConn(f *os.File) (c Conn, err error) { return wrapConn(net.FileConn(f)) }

// FileListener is the standard net.FileListener, its listener wrapped.
func FileListener(f *os.File) (ln Listener, err error) { return wrapListener(net.FileListener(f)) }

// FilePacketConn is the standard net.FilePacketConn, its conn wrapped.
func FilePacketConn(f *os.File) (c PacketConn, err error) {
	return wrapPacketConn(net.FilePacketConn(f))
}
