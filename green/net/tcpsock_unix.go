//go:build unix

package net

import (
	"context"
	"io"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

// TCPConn is a green TCP connection: the standard TCPConn's methods, with
// every wait in the hub.
type TCPConn struct {
	conn
}

func newTCPConn(fd *netfd.FD, keepAliveIdle time.Duration, cfg KeepAliveConfig) *TCPConn {
	fd.SetNoDelay(true)
	if !cfg.Enable && keepAliveIdle >= 0 {
		cfg = KeepAliveConfig{Enable: true, Idle: keepAliveIdle}
	}
	c := &TCPConn{conn{fd}}
	if cfg.Enable {
		c.SetKeepAliveConfig(cfg)
	}
	return c
}

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (c *TCPConn) SyscallConn() (syscall.RawConn, error) { return c.syscallConn() }

// WriteBuffers writes the buffers with writev(2) (an extra method: the
// standard Buffers.WriteTo reaches writev only on standard conns, through
// an unexported interface), consuming what it wrote from *v.
func (c *TCPConn) WriteBuffers(v *Buffers) (int64, error) { return c.writeBuffers(v) }

// CloseRead shuts down the reading side.
func (c *TCPConn) CloseRead() error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.Shutdown(unix.SHUT_RD); err != nil {
		return c.opErr("close", err)
	}
	return nil
}

// CloseWrite shuts down the writing side.
func (c *TCPConn) CloseWrite() error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.Shutdown(unix.SHUT_WR); err != nil {
		return c.opErr("close", err)
	}
	return nil
}

// SetLinger sets what Close does with data not yet sent.
func (c *TCPConn) SetLinger(sec int) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetLinger(sec); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetKeepAlive turns TCP keep-alive probes on or off.
func (c *TCPConn) SetKeepAlive(keepalive bool) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetKeepAlive(keepalive); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetKeepAlivePeriod sets the idle time before keep-alive probes and between them.
func (c *TCPConn) SetKeepAlivePeriod(d time.Duration) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetKeepAliveIdle(d); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// SetKeepAliveConfig sets the keep-alive probes in detail.
func (c *TCPConn) SetKeepAliveConfig(config KeepAliveConfig) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	for _, err := range []error{
		c.fd.SetKeepAlive(config.Enable),
		c.fd.SetKeepAliveIdle(config.Idle),
		c.fd.SetKeepAliveInterval(config.Interval),
		c.fd.SetKeepAliveCount(config.Count),
	} {
		if err != nil {
			return c.opErr("set", err)
		}
	}
	return nil
}

// SetNoDelay turns Nagle's algorithm off (true) or on.
func (c *TCPConn) SetNoDelay(noDelay bool) error {
	if !c.ok() {
		return syscall.EINVAL
	}
	if err := c.fd.SetNoDelay(noDelay); err != nil {
		return c.opErr("set", err)
	}
	return nil
}

// MultipathTCP reports whether the connection uses MPTCP.
func (c *TCPConn) MultipathTCP() (bool, error) {
	if !c.ok() {
		return false, syscall.EINVAL
	}
	return isMPTCP(c.fd), nil
}

// ReadFrom implements io.ReaderFrom: from another green stream conn it
// splices (linux), otherwise it copies through a buffer.
func (c *TCPConn) ReadFrom(r io.Reader) (int64, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	n, err := readFrom(&c.conn, r)
	if err != nil && err != io.EOF {
		err = &OpError{Op: "readfrom", Net: c.fd.Net, Source: c.fd.Laddr, Addr: c.fd.Raddr, Err: err}
	}
	return n, err
}

// WriteTo implements io.WriterTo: to another green stream conn it splices
// (linux), otherwise it copies through a buffer.
func (c *TCPConn) WriteTo(w io.Writer) (int64, error) {
	if !c.ok() {
		return 0, syscall.EINVAL
	}
	n, err := writeTo(&c.conn, w)
	if err != nil && err != io.EOF {
		err = &OpError{Op: "writeto", Net: c.fd.Net, Source: c.fd.Laddr, Addr: c.fd.Raddr, Err: err}
	}
	return n, err
}

// DialTCP acts like Dial for TCP networks, green.
func DialTCP(network string, laddr, raddr *TCPAddr) (*TCPConn, error) {
	return dialTCP(context.Background(), nil, network, laddr, raddr)
}

func dialTCP(ctx context.Context, d *Dialer, network string, laddr, raddr *TCPAddr) (*TCPConn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: UnknownNetworkError(network)}
	}
	if raddr == nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: nil, Err: errMissingAddress}
	}
	sd := &sysDialer{network: network, address: raddr.String()}
	if d != nil {
		sd.Dialer = *d
	}
	c, err := sd.dialTCP(ctx, laddr, raddr)
	if err != nil {
		return nil, &OpError{Op: "dial", Net: network, Source: opAddr(laddr), Addr: opAddr(raddr), Err: err}
	}
	return c, nil
}

func (sd *sysDialer) dialTCP(ctx context.Context, laddr, raddr *TCPAddr) (*TCPConn, error) {
	proto := 0
	if sd.Dialer.MultipathTCP() {
		proto = mptcpProto
	}
	fd, err := internetSocket(ctx, sd.network, laddr, raddr, unix.SOCK_STREAM, proto, "dial", sd.ctrlFn())
	if proto != 0 && mptcpUnsupported(err) {
		fd, err = internetSocket(ctx, sd.network, laddr, raddr, unix.SOCK_STREAM, 0, "dial", sd.ctrlFn())
	}
	// A kernel that picks the local port may connect a socket to itself
	// when nothing listens, or pick a port in use: retry as net does
	// (go.dev/issue/2690).
	for i := 0; i < 2 && (laddr == nil || laddr.Port == 0) && (selfConnect(fd, err) || spuriousENOTAVAIL(err)); i++ {
		if err == nil {
			fd.Close()
		}
		fd, err = internetSocket(ctx, sd.network, laddr, raddr, unix.SOCK_STREAM, 0, "dial", sd.ctrlFn())
	}
	if err != nil {
		return nil, err
	}
	return newTCPConn(fd, sd.Dialer.KeepAlive, sd.Dialer.KeepAliveConfig), nil
}

func selfConnect(fd *netfd.FD, err error) bool {
	if err != nil || fd.Laddr == nil || fd.Raddr == nil {
		return false
	}
	l, r := fd.Laddr.(*TCPAddr), fd.Raddr.(*TCPAddr)
	return l.Port == r.Port && l.IP.Equal(r.IP)
}

func spuriousENOTAVAIL(err error) bool {
	if op, ok := err.(*OpError); ok {
		err = op.Err
	}
	if sys, ok := err.(*os.SyscallError); ok {
		err = sys.Err
	}
	return err == syscall.EADDRNOTAVAIL
}

// TCPListener is a green TCP listener: Accept parks in the hub.
type TCPListener struct {
	fd *netfd.FD
	lc ListenConfig
}

func (l *TCPListener) ok() bool { return l != nil && l.fd != nil }

func (l *TCPListener) opErr(op string, err error) error {
	return &OpError{Op: op, Net: l.fd.Net, Source: nil, Addr: l.fd.Laddr, Err: err}
}

// SyscallConn gives the raw connection; its Read and Write wait in the hub.
func (l *TCPListener) SyscallConn() (syscall.RawConn, error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	return &rawConn{l.fd}, nil
}

// AcceptTCP waits for the next connection. When the process is out of file
// descriptors (EMFILE, ENFILE) it backs off with a growing green sleep and
// retries instead of failing or spinning.
func (l *TCPListener) AcceptTCP() (*TCPConn, error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	c, err := l.accept()
	if err != nil {
		return nil, l.opErr("accept", err)
	}
	return c, nil
}

// Accept implements Listener; the Conn is a *TCPConn (green).
func (l *TCPListener) Accept() (Conn, error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	c, err := l.accept()
	if err != nil {
		return nil, l.opErr("accept", err)
	}
	return c, nil
}

func (l *TCPListener) accept() (*TCPConn, error) {
	fd, err := l.fd.Accept()
	if err != nil {
		return nil, err
	}
	return newTCPConn(fd, l.lc.KeepAlive, l.lc.KeepAliveConfig), nil
}

// Close closes it; green threads waiting on it wake with an error.
func (l *TCPListener) Close() error {
	if !l.ok() {
		return syscall.EINVAL
	}
	if err := l.fd.Close(); err != nil {
		return l.opErr("close", err)
	}
	return nil
}

// Addr returns the listener's network address.
func (l *TCPListener) Addr() Addr { return l.fd.Laddr }

// SetDeadline sets the read and write deadlines.
func (l *TCPListener) SetDeadline(t time.Time) error {
	if !l.ok() {
		return syscall.EINVAL
	}
	if err := l.fd.SetDeadline(t); err != nil {
		return l.opErr("set", err)
	}
	return nil
}

// File returns a dup of the listening socket (see conn.File).
func (l *TCPListener) File() (f *os.File, err error) {
	if !l.ok() {
		return nil, syscall.EINVAL
	}
	f, err = l.fd.File(l.fd.Net + ":" + l.fd.Laddr.String())
	if err != nil {
		return nil, l.opErr("file", err)
	}
	return f, nil
}

// SetDetect: see conn.SetDetect.
func (l *TCPListener) SetDetect(on bool) { l.fd.Handle().SetDetect(on) }

// ListenTCP acts like Listen for TCP networks, green.
func ListenTCP(network string, laddr *TCPAddr) (*TCPListener, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: UnknownNetworkError(network)}
	}
	if laddr == nil {
		laddr = &TCPAddr{}
	}
	sl := &sysListener{network: network, address: laddr.String()}
	ln, err := sl.listenTCP(context.Background(), laddr)
	if err != nil {
		return nil, &OpError{Op: "listen", Net: network, Source: nil, Addr: opAddr(laddr), Err: err}
	}
	return ln, nil
}

func (sl *sysListener) listenTCP(ctx context.Context, laddr *TCPAddr) (*TCPListener, error) {
	proto := 0
	if sl.ListenConfig.MultipathTCP() {
		proto = mptcpProto
	}
	fd, err := internetSocket(ctx, sl.network, laddr, nil, unix.SOCK_STREAM, proto, "listen", sl.ctrlFn())
	if proto != 0 && mptcpUnsupported(err) {
		fd, err = internetSocket(ctx, sl.network, laddr, nil, unix.SOCK_STREAM, 0, "listen", sl.ctrlFn())
	}
	if err != nil {
		return nil, err
	}
	return &TCPListener{fd: fd, lc: sl.ListenConfig}, nil
}
