//go:build linux

package netfd

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// maxSpliceSize is the pipe capacity asked for and the most moved per
// splice(2) call, as internal/poll uses.
const maxSpliceSize = 1 << 20

// Splice moves up to remain bytes (remain < 0: until EOF) from the stream
// socket src to the stream socket dst through a pipe, without copying
// through user space. Each side waits in the hub when it would block.
// handled is false when the kernel refused splice before anything moved;
// the caller then copies another way.
func Splice(dst, src *FD, remain int64) (written int64, handled bool, err error) {
	if err := src.lock(hub.Read); err != nil {
		return 0, true, err
	}
	defer src.h.Unlock(hub.Read)
	if err := dst.lock(hub.Write); err != nil {
		return 0, true, err
	}
	defer dst.h.Unlock(hub.Write)

	var p [2]int
	if err := unix.Pipe2(p[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
		return 0, false, nil
	}
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	unix.FcntlInt(uintptr(p[1]), unix.F_SETPIPE_SZ, maxSpliceSize)

	const flags = unix.SPLICE_F_MOVE | unix.SPLICE_F_NONBLOCK
	for remain != 0 {
		max := int64(maxSpliceSize)
		if remain > 0 && remain < max {
			max = remain
		}
		// Socket -> pipe. The pipe is empty here, so only the socket
		// can make this block.
		tok := src.h.Token(hub.Read)
		n, err := unix.Splice(src.sysfd, nil, p[1], nil, int(max), flags)
		switch err {
		case nil:
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := src.wait(hub.Read, tok); err != nil {
				return written, true, err
			}
			continue
		case unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
			if written == 0 {
				return 0, false, nil
			}
			fallthrough
		default:
			return written, true, os.NewSyscallError("splice", err)
		}
		if n == 0 {
			return written, true, nil // EOF
		}
		// Pipe -> socket, until the pipe is empty again.
		for inPipe := n; inPipe > 0; {
			tok := dst.h.Token(hub.Write)
			m, err := unix.Splice(p[0], nil, dst.sysfd, nil, int(inPipe), flags)
			switch err {
			case nil:
				inPipe -= m
				written += m
				if remain > 0 {
					remain -= m
				}
				continue
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				if err := dst.wait(hub.Write, tok); err != nil {
					return written, true, err
				}
				continue
			}
			return written, true, os.NewSyscallError("splice", err)
		}
	}
	return written, true, nil
}

// maxSendfileSize is the most one sendfile(2) call is asked to move, as in
// internal/poll.
const maxSendfileSize = 4 << 20

// SendFile sends up to remain bytes (remain < 0: to EOF) from the file
// descriptor src, from its current offset (which advances), to the socket
// dst with sendfile(2), waiting in the hub when the socket is full.
// handled is false when the kernel refused before anything moved.
func SendFile(dst *FD, src int, remain int64) (written int64, handled bool, err error) {
	if err := dst.lock(hub.Write); err != nil {
		return 0, true, err
	}
	defer dst.h.Unlock(hub.Write)
	for remain != 0 {
		n := int64(maxSendfileSize)
		if remain > 0 && remain < n {
			n = remain
		}
		tok := dst.h.Token(hub.Write)
		m, err := unix.Sendfile(dst.sysfd, src, nil, int(n))
		if m > 0 {
			written += int64(m)
			if remain > 0 {
				remain -= int64(m)
			}
		}
		switch err {
		case nil:
			if m == 0 {
				return written, true, nil // EOF
			}
			continue
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := dst.wait(hub.Write, tok); err != nil {
				return written, true, err
			}
			continue
		case unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
			if written == 0 {
				return 0, false, nil
			}
		}
		return written, true, os.NewSyscallError("sendfile", err)
	}
	return written, true, nil
}
