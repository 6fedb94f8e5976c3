//go:build linux

package netfd

import (
	"os"

	"golang.org/x/sys/unix"
)

// sysSocket makes a non-blocking, close-on-exec socket in one call.
func sysSocket(family, sotype, proto int) (int, error) {
	s, err := unix.Socket(family, sotype|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return s, nil
}

// sysAccept accepts with the flags set atomically, so that no exec in
// another thread can inherit the new descriptor.
func sysAccept(s int) (int, unix.Sockaddr, error) {
	ns, sa, err := unix.Accept4(s, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
	return ns, sa, err
}

func sysWritev(s int, bufs [][]byte) (int, error) { return unix.Writev(s, bufs) }
