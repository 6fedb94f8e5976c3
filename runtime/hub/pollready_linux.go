package hub

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// pollReady asks the kernel whether fd is ready for mode now, with ppoll
// and a zero timeout. It runs in the RawConn callback, at the deepest
// point of a wait, so it calls the system call directly (unix.Syscall6 is
// nosplit) with its arguments on its own small frame.
func pollReady(fd int, mode Mode) bool {
	pfd := unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	if mode == Write {
		pfd.Events = unix.POLLOUT
	}
	var zero unix.Timespec
	n, _, e := unix.Syscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&pfd)), 1, uintptr(unsafe.Pointer(&zero)), 0, 0, 0)
	return e == 0 && n > 0 && pfd.Revents != 0
}
