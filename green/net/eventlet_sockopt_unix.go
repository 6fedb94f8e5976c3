//go:build unix

package net

import "golang.org/x/sys/unix"

func setReusePort(fd uintptr) error {
	return unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
}

func relisten(fd uintptr, backlog int) error { return unix.Listen(int(fd), backlog) }
