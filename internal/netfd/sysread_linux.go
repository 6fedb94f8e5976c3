//go:build !race && !msan && !asan

package netfd

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sysRead is read(2) straight through unix.Syscall, which is nosplit:
// x/sys's Read adds a frame of 88 bytes that checks for stack growth, at
// the deepest point of a thread's first Read (see Read). Race, msan and
// asan builds, and other systems, keep unix.Read, which tells the checkers
// about the bytes the kernel wrote (sysread_other.go).
func sysRead(fd int, p []byte) (int, unix.Errno) {
	r, _, e := unix.Syscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	return int(r), e
}
