//go:build unix && !linux

package netfd

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// sysSocket: systems without SOCK_NONBLOCK|SOCK_CLOEXEC set the flags after
// socket(2) under syscall.ForkLock, as the standard library does, so that
// no fork+exec runs in between.
func sysSocket(family, sotype, proto int) (int, error) {
	syscall.ForkLock.RLock()
	s, err := unix.Socket(family, sotype, proto)
	if err == nil {
		unix.CloseOnExec(s)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if err := unix.SetNonblock(s, true); err != nil {
		unix.Close(s)
		return -1, os.NewSyscallError("setnonblock", err)
	}
	return s, nil
}

func sysAccept(s int) (int, unix.Sockaddr, error) {
	syscall.ForkLock.RLock()
	ns, sa, err := unix.Accept(s)
	if err == nil {
		unix.CloseOnExec(ns)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, nil, err
	}
	if err := unix.SetNonblock(ns, true); err != nil {
		unix.Close(ns)
		return -1, nil, err
	}
	return ns, sa, nil
}

// sysWritev: x/sys has no writev here; write the first buffer, and the
// caller's loop goes on with the rest.
func sysWritev(s int, bufs [][]byte) (int, error) { return unix.Write(s, bufs[0]) }
