//go:build unix

package net

import (
	"context"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// UnixConn is a green Unix domain socket (stream, datagram or seqpacket).
type UnixConn struct {
	conn
}

func newUnixConn(fd *netfd.FD) *UnixConn { return &UnixConn{conn{fd}} }

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (c *UnixConn) SyscallConn() (syscall.RawConn, error) { return c.syscallConn() }

// WriteBuffers: see TCPConn.WriteBuffers.
func (c *UnixConn) WriteBuffers(v *Buffers) (int64, error) { return c.writeBuffers(v) }

// CloseRead shuts down the reading side.
func (c *UnixConn) CloseRead() error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.Shutdown(unix.SHUT_RD); err != nil {
		return c.opErr("close", err)
	}
	return nil
}

// CloseWrite shuts down the writing side.
func (c *UnixConn) CloseWrite() error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.Shutdown(unix.SHUT_WR); err != nil {
		return c.opErr("close", err)
	}
	return nil
}

func (c *UnixConn) sockaddrToUnix(sa unix.Sockaddr) *UnixAddr {
	if s, ok := sa.(*unix.SockaddrUnix); ok {
		return &UnixAddr{Name: s.Name, Net: netfd.UnixNet(c.fd.Sotype)}
	}
	return nil
}

// ReadFromUnix reads a packet and the address it came from.
func (c *UnixConn) ReadFromUnix(b []byte) (int, *UnixAddr, error) {
	if !c.ok() {
		return 0, nil, syscall.EINVAL
	}
	var n int
	var sa unix.Sockaddr
	var err error
	if c.fd.Sotype == unix.SOCK_DGRAM {
		n, sa, err = c.fd.ReadFrom(b)
	} else {
		n, err = c.fd.Read(b)
	}
	if err != nil {
		return n, nil, c.opErr("read", err)
	}
	return n, c.sockaddrToUnix(sa), nil
}

// ReadFrom reads a packet and the address it came from.
func (c *UnixConn) ReadFrom(b []byte) (int, Addr, error) {
	n, addr, err := c.ReadFromUnix(b)
	if addr == nil {
		return n, nil, err
	}
	return n, addr, err
}

// ReadMsgUnix reads a message and its control data (file descriptors
// arrive close-on-exec).
func (c *UnixConn) ReadMsgUnix(b, oob []byte) (n, oobn, flags int, addr *UnixAddr, err error) {
	if !c.ok() {
		return 0, 0, 0, nil, syscall.EINVAL
	}
	n, oobn, flags, sa, err := c.fd.ReadMsg(b, oob, readMsgFlags)
	if err != nil {
		return n, oobn, flags, nil, c.opErr("read", err)
	}
	return n, oobn, flags, c.sockaddrToUnix(sa), nil
}

func (c *UnixConn) writeErr(addr Addr, err error) error {
	return &OpError{Op: "write", Net: c.fd.Net, Source: c.fd.Laddr, Addr: opAddr(addr), Err: err}
}

// WriteToUnix sends a packet to addr.
func (c *UnixConn) WriteToUnix(b []byte, addr *UnixAddr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	if c.fd.Raddr != nil {
		return 0, c.writeErr(addr, ErrWriteToConnected)
	}
	if addr == nil {
		return 0, c.writeErr(nil, errMissingAddress)
	}
	if addr.Net != netfd.UnixNet(c.fd.Sotype) {
		return 0, c.writeErr(addr, syscall.EAFNOSUPPORT)
	}
	n, err := c.fd.WriteTo(b, &unix.SockaddrUnix{Name: addr.Name})
	if err != nil {
		return n, c.writeErr(addr, err)
	}
	return n, nil
}

// WriteTo sends a packet to addr.
func (c *UnixConn) WriteTo(b []byte, addr Addr) (int, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	a, ok := addr.(*UnixAddr)
	if !ok {
		return 0, c.writeErr(addr, syscall.EINVAL)
	}
	return c.WriteToUnix(b, a)
}

// WriteMsgUnix writes a message with control data (say, file descriptors
// from unix.UnixRights).
func (c *UnixConn) WriteMsgUnix(b, oob []byte, addr *UnixAddr) (n, oobn int, err error) {
	if !c.ok() {
		return 0, 0, syscall.EINVAL
	}
	if c.fd.Sotype == unix.SOCK_DGRAM && c.fd.Raddr != nil && addr != nil {
		return 0, 0, c.writeErr(addr, ErrWriteToConnected)
	}
	var sa unix.Sockaddr
	if addr != nil {
		if addr.Net != netfd.UnixNet(c.fd.Sotype) {
			return 0, 0, c.writeErr(addr, syscall.EAFNOSUPPORT)
		}
		sa = &unix.SockaddrUnix{Name: addr.Name}
	}
	n, oobn, err = c.fd.WriteMsg(b, oob, sa)
	if err != nil {
		return n, oobn, c.writeErr(addr, err)
	}
	return n, oobn, nil
}

// DialUnix acts like Dial for Unix networks, green.
func DialUnix(network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	return dialUnix(context.Background(), nil, network, laddr, raddr)
}

func dialUnix(ctx context.Context, d *Dialer, network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	switch network {
	case "unix", "unixgram", "unixpacket":
	default:
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: UnknownNetworkError(network)}
	}
	sd := &sysDialer{network: network, address: raddr.String()}
	if d != nil {
		sd.Dialer = *d
	}
	c, err := sd.dialUnix(ctx, laddr, raddr)
	if err != nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: err}
	}
	return c, nil
}

func unixSotype(network string) (int, error) {
	switch network {
	case "unix":
		return unix.SOCK_STREAM, nil
	case "unixgram":
		return unix.SOCK_DGRAM, nil
	case "unixpacket":
		return unix.SOCK_SEQPACKET, nil
	}
	return 0, UnknownNetworkError(network)
}

func (sd *sysDialer) dialUnix(ctx context.Context, laddr, raddr *UnixAddr) (*UnixConn, error) {
	sotype, err := unixSotype(sd.network)
	if err != nil {
		return nil, err
	}
	if laddr != nil && laddr.Name == "" {
		laddr = nil
	}
	if raddr != nil && raddr.Name == "" {
		raddr = nil
	}
	if raddr == nil && (sotype != unix.SOCK_DGRAM || laddr == nil) {
		return nil, errMissingAddress
	}
	var la, ra Addr
	if laddr != nil {
		la = laddr
	}
	if raddr != nil {
		ra = raddr
	}
	// A datagram socket with only a local address is bound, not listening:
	// socket() would take that for a listen, so dial it explicitly.
	fd, err := netfd.Socket(sd.network, unix.AF_UNIX, sotype, 0, false)
	if err != nil {
		return nil, err
	}
	if err := dial(ctx, fd, la, ra, sd.ctrlFn()); err != nil {
		fd.Close()
		return nil, err
	}
	return newUnixConn(fd), nil
}

// UnixListener is a green Unix domain listener.
type UnixListener struct {
	fd         *netfd.FD
	path       string
	unlink     bool
	unlinkOnce sync.Once
}

func (l *UnixListener) ok() bool { return l != nil && l.fd != nil }

func (l *UnixListener) opErr(op string, err error) error {
	return &OpError{Op: op, Net: l.fd.Net, Source: nil, Addr: l.fd.Laddr, Err: err}
}

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (l *UnixListener) SyscallConn() (syscall.RawConn, error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	return &rawConn{l.fd}, nil
}

// AcceptUnix waits for the next connection; see TCPListener.AcceptTCP for
// running out of descriptors.
func (l *UnixListener) AcceptUnix() (*UnixConn, error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	fd, err := l.fd.Accept()
	if err != nil {
		return nil, l.opErr("accept", err)
	}
	return newUnixConn(fd), nil
}

// Accept waits for the next connection.
func (l *UnixListener) Accept() (Conn, error) {
	c, err := l.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Close stops listening and removes the socket file this listener created
// (unless SetUnlinkOnClose(false)).
func (l *UnixListener) Close() error {
	if !l.ok() {
		return syscall.EINVAL
	}
	l.unlinkOnce.Do(func() {
		if l.path != "" && l.path[0] != '@' && l.unlink {
			unix.Unlink(l.path)
		}
	})
	if err := l.fd.Close(); err != nil {
		return l.opErr("close", err)
	}
	return nil
}

// Addr returns the listener's network address.
func (l *UnixListener) Addr() Addr { return l.fd.Laddr }

// SetDeadline sets the read and write deadlines.
func (l *UnixListener) SetDeadline(t time.Time) error {
	if !l.ok() {
		return syscall.EINVAL
	}
	if err := l.fd.SetDeadline(t); err != nil {
		return l.opErr("set", err)
	}
	return nil
}

// File returns a duplicate of the listener's descriptor as an *os.File.
func (l *UnixListener) File() (f *os.File, err error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	f, err = l.fd.File(l.fd.Net + ":" + l.fd.Laddr.String())
	if err != nil {
		return nil, l.opErr("file", err)
	}
	return f, nil
}

// SetUnlinkOnClose sets whether Close removes the socket file.
func (l *UnixListener) SetUnlinkOnClose(unlink bool) { l.unlink = unlink }

// SetDetect: see conn.SetDetect.
func (l *UnixListener) SetDetect(on bool) { l.fd.Handle().SetDetect(on) }

// ListenUnix acts like Listen for "unix" and "unixpacket", green.
func ListenUnix(network string, laddr *UnixAddr) (*UnixListener, error) {
	switch network {
	case "unix", "unixpacket":
	default:
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: UnknownNetworkError(network)}
	}
	if laddr == nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: nil, Err: errMissingAddress}
	}
	sl := &sysListener{network: network, address: laddr.String()}
	ln, err := sl.listenUnix(context.Background(), laddr)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: err}
	}
	return ln, nil
}

func (sl *sysListener) listenUnix(ctx context.Context, laddr *UnixAddr) (*UnixListener, error) {
	sotype, err := unixSotype(sl.network)
	if err != nil {
		return nil, err
	}
	if sotype == unix.SOCK_DGRAM {
		return nil, UnknownNetworkError(sl.network)
	}
	fd, err := socket(ctx, sl.network, unix.AF_UNIX, sotype, 0, false, laddr, nil, sl.ctrlFn())
	if err != nil {
		return nil, err
	}
	name := laddr.Name
	if ua, ok := fd.Laddr.(*UnixAddr); ok && ua.Name != "" {
		name = ua.Name
	}
	return &UnixListener{fd: fd, path: name, unlink: true}, nil
}

// ListenUnixgram acts like ListenPacket for "unixgram", green.
func ListenUnixgram(network string, laddr *UnixAddr) (*UnixConn, error) {
	switch network {
	case "unixgram":
	default:
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: UnknownNetworkError(network)}
	}
	if laddr == nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: nil, Err: errMissingAddress}
	}
	sl := &sysListener{network: network, address: laddr.String()}
	c, err := sl.listenUnixgram(context.Background(), laddr)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: err}
	}
	return c, nil
}

func (sl *sysListener) listenUnixgram(ctx context.Context, laddr *UnixAddr) (*UnixConn, error) {
	if sl.network != "unixgram" {
		return nil, UnknownNetworkError(sl.network)
	}
	fd, err := socket(ctx, sl.network, unix.AF_UNIX, unix.SOCK_DGRAM, 0, false, laddr, nil, sl.ctrlFn())
	if err != nil {
		return nil, err
	}
	return newUnixConn(fd), nil
}
