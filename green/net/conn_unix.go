//go:build unix

package net

import (
	"io"
	"os"
	"syscall"
	"time"

	"github.com/greenify/greenify/internal/netfd"
)

// conn is the part every green conn shares, like the standard net.conn.
type conn struct {
	fd *netfd.FD
}

func (c *conn) ok() bool { return c != nil && c.fd != nil }

// opErr is not inlined: Read's frame stays small under a parked thread.
//
//go:noinline
func (c *conn) opErr(op string, err error) error {
	return &OpError{Op: op, Net: c.fd.Net, Source: c.fd.Laddr, Addr: c.fd.Raddr, Err: err}
}

// Read implements Conn. It waits in the hub: a green thread parks, an
// outsider blocks its goroutine.
func (c *conn) Read(b []byte) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	n, err := c.fd.Read(b)
	if err != nil {
		return c.readErr(n, err)
	}
	return n, nil
}

// readErr is Read's result on an error (io.EOF as it is, others in an
// OpError). Done here, Read's frame holds neither n nor err across a call:
// a thread idle on the conn parks under that frame.
//
//go:noinline
func (c *conn) readErr(n int, err error) (int, error) {
	if err == io.EOF {
		return n, err
	}
	return n, c.opErr("read", err)
}

// Write implements Conn; it writes all of b unless an error stops it.
func (c *conn) Write(b []byte) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	n, err := c.fd.Write(b)
	if err != nil {
		err = c.opErr("write", err)
	}
	return n, err
}

// Close closes the conn; waiters in Read or Write wake with ErrClosed.
func (c *conn) Close() error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.Close(); err != nil {
		return c.opErr("close", err)
	}
	return nil
}

// LocalAddr returns the local network address.
func (c *conn) LocalAddr() Addr {
	if !c.ok() {
		return nil
	}
	return c.fd.Laddr
}

// RemoteAddr returns the remote network address.
func (c *conn) RemoteAddr() Addr {
	if !c.ok() {
		return nil
	}
	return c.fd.Raddr
}

// SetDeadline sets the read and write deadlines.
func (c *conn) SetDeadline(t time.Time) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetDeadline(t); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetReadDeadline sets the deadline for reads.
func (c *conn) SetReadDeadline(t time.Time) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetReadDeadline(t); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetWriteDeadline sets the deadline for writes.
func (c *conn) SetWriteDeadline(t time.Time) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetWriteDeadline(t); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetReadBuffer sets the size of the socket's receive buffer.
func (c *conn) SetReadBuffer(bytes int) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetReadBuffer(bytes); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetWriteBuffer sets the size of the socket's send buffer.
func (c *conn) SetWriteBuffer(bytes int) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetWriteBuffer(bytes); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// File returns a dup of the socket as an *os.File, as the standard conn
// does. Closing one does not close the other. The file shares the socket's
// open file description, so it is non-blocking (the os package then uses
// Go's own poller for it, not the hub).
func (c *conn) File() (f *os.File, err error) {
	if !c.ok() {
		return nil, syscall.EINVAL
	}
	f, err = c.fd.File(c.fileName())
	if err != nil {
		err = c.opErr("file", err)
	}
	return f, err
}

func (c *conn) fileName() string {
	ls, rs := "<nil>", "<nil>"
	if c.fd.Laddr != nil {
		ls = c.fd.Laddr.String()
	}
	if c.fd.Raddr != nil {
		rs = c.fd.Raddr.String()
	}
	return c.fd.Net + ":" + ls + "->" + rs
}

// SetDetect turns multiple-reader detection on or off for this conn (an
// extra method; see the package doc). With it off, green threads that read
// (or write) the conn at once are served one after another.
func (c *conn) SetDetect(on bool) {
	if c.ok() {
		c.fd.Handle().SetDetect(on)
	}
}

func (c *conn) writeBuffers(v *Buffers) (int64, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	b := [][]byte(*v)
	n, err := c.fd.Writev(&b)
	*v = b
	if err != nil {
		err = c.opErr("writev", err)
	}
	return n, err
}

// rawConn is a syscall.RawConn whose Read and Write wait in the hub.
type rawConn struct{ fd *netfd.FD }

func (c *rawConn) opErr(op string, err error) error {
	return &OpError{Op: op, Net: c.fd.Net, Source: nil, Addr: c.fd.Laddr, Err: err}
}

// Control runs f with the descriptor, which stays valid while f runs.
func (c *rawConn) Control(f func(uintptr)) error {
	if err := c.fd.RawControl(f); err != nil {
		return c.opErr("raw-control", err)
	}
	return nil
}

// Read calls f until it reports done, waiting in the hub for readability
// between calls.
func (c *rawConn) Read(f func(uintptr) bool) error {
	if err := c.fd.RawRead(f); err != nil {
		return c.opErr("raw-read", err)
	}
	return nil
}

// Write calls f until it reports done, waiting in the hub for writability
// between calls.
func (c *rawConn) Write(f func(uintptr) bool) error {
	if err := c.fd.RawWrite(f); err != nil {
		return c.opErr("raw-write", err)
	}
	return nil
}

// SyscallConn gives raw access to the socket; Read and Write wait in the
// hub between calls of f.
func (c *conn) syscallConn() (syscall.RawConn, error) {
	if !c.ok() {
		return nil, syscall.EINVAL
	}
	return &rawConn{c.fd}, nil
}
