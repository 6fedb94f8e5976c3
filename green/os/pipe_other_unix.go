//go:build unix && !(linux || freebsd || netbsd || openbsd || dragonfly)

package os

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// pipe makes a close-on-exec pipe, blocking. Without pipe2 the two steps
// hold syscall.ForkLock, so that no child forked in between inherits it.
func pipe(p *[2]int) error {
	syscall.ForkLock.RLock()
	defer syscall.ForkLock.RUnlock()
	if err := unix.Pipe(p[:]); err != nil {
		return err
	}
	unix.CloseOnExec(p[0])
	unix.CloseOnExec(p[1])
	return nil
}
