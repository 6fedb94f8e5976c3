//go:build unix && (!linux || race || msan || asan)

package netfd

import "golang.org/x/sys/unix"

// sysRead is unix.Read, which tells the race, msan and asan checkers about
// the bytes the kernel wrote (sysread_linux.go says why plain Linux builds
// call the system call directly).
func sysRead(fd int, p []byte) (int, unix.Errno) {
	n, err := unix.Read(fd, p)
	if err != nil {
		return n, err.(unix.Errno)
	}
	return n, 0
}
