//go:build !unix

package net

import (
	"net"
	"os"
)

func FileConn(f *os.File) (c Conn, err error)          { return wrapConn(net.FileConn(f)) }
func FileListener(f *os.File) (ln Listener, err error) { return wrapListener(net.FileListener(f)) }
func FilePacketConn(f *os.File) (c PacketConn, err error) {
	return wrapPacketConn(net.FilePacketConn(f))
}
