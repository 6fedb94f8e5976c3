//go:build unix && !linux

package hub

import "golang.org/x/sys/unix"

// pollReady asks the kernel whether fd is ready for mode now (pollready_linux.go
// says why Linux calls ppoll directly).
func pollReady(fd int, mode Mode) bool {
	fds := [1]unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if mode == Write {
		fds[0].Events = unix.POLLOUT
	}
	n, err := unix.Poll(fds[:], 0)
	return err == nil && n > 0 && fds[0].Revents != 0
}
