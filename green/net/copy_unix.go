//go:build unix

package net

import (
	"io"
	"os"

	"github.com/greenify/greenify/internal/netfd"
)

// streamFD returns the green stream socket behind r or w, if any.
func streamFD(x any) *netfd.FD {
	switch c := x.(type) {
	case *TCPConn:
		if c.ok() {
			return c.fd
		}
	case *UnixConn:
		if c.ok() && c.fd.Sotype == sockStream {
			return c.fd
		}
	}
	return nil
}

// readFrom moves r into c: splice between green stream sockets, a plain
// copy loop otherwise.
func readFrom(c *conn, r io.Reader) (int64, error) {
	remain := int64(-1)
	src := r
	if lr, ok := r.(*io.LimitedReader); ok {
		remain, src = lr.N, lr.R
		if remain <= 0 {
			return 0, nil
		}
	}
	if f, ok := src.(*os.File); ok {
		if n, handled, err := sendFile(c.fd, f, remain); handled {
			if lr, ok := r.(*io.LimitedReader); ok {
				lr.N -= n
			}
			return n, err
		}
	}
	if sfd := streamFD(src); sfd != nil {
		n, handled, err := netfd.Splice(c.fd, sfd, remain)
		if lr, ok := r.(*io.LimitedReader); ok {
			lr.N -= n
		}
		if handled {
			return n, err
		}
	}
	return genericCopy(writerOnly{c}, r)
}

// sendFile sends a regular file with sendfile(2), from its offset.
func sendFile(dst *netfd.FD, f *os.File, remain int64) (int64, bool, error) {
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return 0, false, nil
	}
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, false, nil
	}
	var n int64
	var handled bool
	var serr error
	err = rc.Control(func(fd uintptr) {
		n, handled, serr = netfd.SendFile(dst, int(fd), remain)
	})
	if err != nil {
		return 0, false, nil
	}
	return n, handled, serr
}

// writeTo moves c into w: splice to a green stream socket, else a copy.
func writeTo(c *conn, w io.Writer) (int64, error) {
	if dfd := streamFD(w); dfd != nil {
		n, handled, err := netfd.Splice(dfd, c.fd, -1)
		if handled {
			return n, err
		}
	}
	return genericCopy(w, readerOnly{c})
}

// genericCopy is io.Copy with a 32 KiB buffer (io.Copy's own size) where
// neither side may turn back into this package's ReadFrom/WriteTo.
func genericCopy(w io.Writer, r io.Reader) (int64, error) {
	buf := make([]byte, 32*1024)
	return io.CopyBuffer(w, r, buf)
}

// writerOnly and readerOnly hide ReadFrom and WriteTo so that io.Copy does
// not call back into them.
type writerOnly struct{ io.Writer }
type readerOnly struct{ io.Reader }
