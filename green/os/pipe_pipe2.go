//go:build linux || freebsd || netbsd || openbsd || dragonfly

package os

import "golang.org/x/sys/unix"

// pipe makes a close-on-exec pipe, blocking.
func pipe(p *[2]int) error { return unix.Pipe2(p[:], unix.O_CLOEXEC) }
