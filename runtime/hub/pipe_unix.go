//go:build unix && !linux

package hub

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Without pipe2, the fork lock keeps a concurrent exec from inheriting the
// pipe between pipe and the close-on-exec flag.
func cloexecPipe() (r, w int, err error) {
	var p [2]int
	syscall.ForkLock.RLock()
	err = unix.Pipe(p[:])
	if err == nil {
		unix.CloseOnExec(p[0])
		unix.CloseOnExec(p[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, -1, os.NewSyscallError("pipe", err)
	}
	unix.SetNonblock(p[0], true)
	unix.SetNonblock(p[1], true)
	return p[0], p[1], nil
}
