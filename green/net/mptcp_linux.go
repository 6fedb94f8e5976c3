//go:build linux

package net

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// MPTCP: IPPROTO_MPTCP, falling back to TCP where the kernel lacks it.
const mptcpProto = unix.IPPROTO_MPTCP

func mptcpUnsupported(err error) bool {
	se, ok := err.(*os.SyscallError)
	if !ok || se.Syscall != "socket" {
		return false
	}
	return se.Err == unix.EPROTONOSUPPORT || se.Err == unix.EINVAL || se.Err == unix.ENOPROTOOPT
}

func isMPTCP(fd *netfd.FD) bool {
	p, err := fd.GetsockoptInt(unix.SOL_SOCKET, unix.SO_PROTOCOL)
	return err == nil && p == mptcpProto
}
