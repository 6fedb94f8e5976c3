//go:build !unix

package net

// Where the hub has no poller (windows, wasip1, js, plan9) this package is
// the standard one in green clothes: every green type embeds its standard
// counterpart, every constructor returns the standard value wrapped, and
// all I/O blocks natively. Programs rewritten by greenify keep building
// and behave as they did before the rewrite. Std returns the embedded value
// and FromStdX wraps its argument (no dup: both share one socket).

import (
	"context"
	"net"
	"net/netip"
	"os"
	"time"
)

type TCPConn struct{ *net.TCPConn }
type UDPConn struct{ *net.UDPConn }
type UnixConn struct{ *net.UnixConn }
type IPConn struct{ *net.IPConn }
type TCPListener struct{ *net.TCPListener }
type UnixListener struct{ *net.UnixListener }

func (c *TCPConn) Std() *net.TCPConn           { return c.TCPConn }
func (c *UDPConn) Std() *net.UDPConn           { return c.UDPConn }
func (c *UnixConn) Std() *net.UnixConn         { return c.UnixConn }
func (c *IPConn) Std() *net.IPConn             { return c.IPConn }
func (l *TCPListener) Std() *net.TCPListener   { return l.TCPListener }
func (l *UnixListener) Std() *net.UnixListener { return l.UnixListener }

func FromStdTCPConn(c *net.TCPConn) *TCPConn {
	if c == nil {
		return nil
	}
	return &TCPConn{c}
}

func FromStdUDPConn(c *net.UDPConn) *UDPConn {
	if c == nil {
		return nil
	}
	return &UDPConn{c}
}

func FromStdUnixConn(c *net.UnixConn) *UnixConn {
	if c == nil {
		return nil
	}
	return &UnixConn{c}
}

func FromStdIPConn(c *net.IPConn) *IPConn {
	if c == nil {
		return nil
	}
	return &IPConn{c}
}

func FromStdTCPListener(l *net.TCPListener) *TCPListener {
	if l == nil {
		return nil
	}
	return &TCPListener{l}
}

func FromStdUnixListener(l *net.UnixListener) *UnixListener {
	if l == nil {
		return nil
	}
	return &UnixListener{l}
}

// SetDetect does nothing here: there is no hub wait to detect.
func (c *TCPConn) SetDetect(on bool)      {}
func (c *UDPConn) SetDetect(on bool)      {}
func (c *UnixConn) SetDetect(on bool)     {}
func (c *IPConn) SetDetect(on bool)       {}
func (l *TCPListener) SetDetect(on bool)  {}
func (l *UnixListener) SetDetect(on bool) {}

func (c *TCPConn) WriteBuffers(v *Buffers) (int64, error)  { return v.WriteTo(c.TCPConn) }
func (c *UnixConn) WriteBuffers(v *Buffers) (int64, error) { return v.WriteTo(c.UnixConn) }

func (l *TCPListener) AcceptTCP() (*TCPConn, error) {
	c, err := l.TCPListener.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return &TCPConn{c}, nil
}

func (l *TCPListener) Accept() (Conn, error) {
	c, err := l.AcceptTCP()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (l *UnixListener) AcceptUnix() (*UnixConn, error) {
	c, err := l.UnixListener.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return &UnixConn{c}, nil
}

func (l *UnixListener) Accept() (Conn, error) {
	c, err := l.AcceptUnix()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func wrapConn(c net.Conn, err error) (Conn, error) {
	if err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case *net.TCPConn:
		return &TCPConn{c}, nil
	case *net.UDPConn:
		return &UDPConn{c}, nil
	case *net.UnixConn:
		return &UnixConn{c}, nil
	case *net.IPConn:
		return &IPConn{c}, nil
	}
	return c, nil
}

func wrapPacketConn(c net.PacketConn, err error) (PacketConn, error) {
	if err != nil {
		return nil, err
	}
	switch c := c.(type) {
	case *net.UDPConn:
		return &UDPConn{c}, nil
	case *net.UnixConn:
		return &UnixConn{c}, nil
	case *net.IPConn:
		return &IPConn{c}, nil
	}
	return c, nil
}

func wrapListener(l net.Listener, err error) (Listener, error) {
	if err != nil {
		return nil, err
	}
	switch l := l.(type) {
	case *net.TCPListener:
		return &TCPListener{l}, nil
	case *net.UnixListener:
		return &UnixListener{l}, nil
	}
	return l, nil
}

func wrap[T any, G any](c *T, err error, w func(*T) *G) (*G, error) {
	if err != nil {
		return nil, err
	}
	return w(c), nil
}

func Dial(network, address string) (Conn, error) { return wrapConn(net.Dial(network, address)) }

func DialTimeout(network, address string, timeout time.Duration) (Conn, error) {
	return wrapConn(net.DialTimeout(network, address, timeout))
}

func DialTCP(network string, laddr, raddr *TCPAddr) (*TCPConn, error) {
	c, err := net.DialTCP(network, laddr, raddr)
	return wrap(c, err, FromStdTCPConn)
}

func DialUDP(network string, laddr, raddr *UDPAddr) (*UDPConn, error) {
	c, err := net.DialUDP(network, laddr, raddr)
	return wrap(c, err, FromStdUDPConn)
}

func DialUnix(network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	c, err := net.DialUnix(network, laddr, raddr)
	return wrap(c, err, FromStdUnixConn)
}

func DialIP(network string, laddr, raddr *IPAddr) (*IPConn, error) {
	c, err := net.DialIP(network, laddr, raddr)
	return wrap(c, err, FromStdIPConn)
}

func Listen(network, address string) (Listener, error) {
	return wrapListener(net.Listen(network, address))
}

func ListenPacket(network, address string) (PacketConn, error) {
	return wrapPacketConn(net.ListenPacket(network, address))
}

func ListenTCP(network string, laddr *TCPAddr) (*TCPListener, error) {
	l, err := net.ListenTCP(network, laddr)
	return wrap(l, err, FromStdTCPListener)
}

func ListenUDP(network string, laddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenUDP(network, laddr)
	return wrap(c, err, FromStdUDPConn)
}

func ListenMulticastUDP(network string, ifi *Interface, gaddr *UDPAddr) (*UDPConn, error) {
	c, err := net.ListenMulticastUDP(network, ifi, gaddr)
	return wrap(c, err, FromStdUDPConn)
}

func ListenUnix(network string, laddr *UnixAddr) (*UnixListener, error) {
	l, err := net.ListenUnix(network, laddr)
	return wrap(l, err, FromStdUnixListener)
}

func ListenUnixgram(network string, laddr *UnixAddr) (*UnixConn, error) {
	c, err := net.ListenUnixgram(network, laddr)
	return wrap(c, err, FromStdUnixConn)
}

func ListenIP(network string, laddr *IPAddr) (*IPConn, error) {
	c, err := net.ListenIP(network, laddr)
	return wrap(c, err, FromStdIPConn)
}

func FileConn(f *os.File) (c Conn, err error)          { return wrapConn(net.FileConn(f)) }
func FileListener(f *os.File) (ln Listener, err error) { return wrapListener(net.FileListener(f)) }
func FilePacketConn(f *os.File) (c PacketConn, err error) {
	return wrapPacketConn(net.FilePacketConn(f))
}

func (d *Dialer) Dial(network, address string) (Conn, error) {
	return wrapConn(d.Std().Dial(network, address))
}

func (d *Dialer) DialContext(ctx context.Context, network, address string) (Conn, error) {
	return wrapConn(d.Std().DialContext(ctx, network, address))
}

func (d *Dialer) DialTCP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*TCPConn, error) {
	c, err := d.Std().DialTCP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdTCPConn)
}

func (d *Dialer) DialUDP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*UDPConn, error) {
	c, err := d.Std().DialUDP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdUDPConn)
}

func (d *Dialer) DialIP(ctx context.Context, network string, laddr, raddr netip.Addr) (*IPConn, error) {
	c, err := d.Std().DialIP(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdIPConn)
}

func (d *Dialer) DialUnix(ctx context.Context, network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	c, err := d.Std().DialUnix(ctx, network, laddr, raddr)
	return wrap(c, err, FromStdUnixConn)
}

func (lc *ListenConfig) Listen(ctx context.Context, network, address string) (Listener, error) {
	return wrapListener(lc.Std().Listen(ctx, network, address))
}

func (lc *ListenConfig) ListenPacket(ctx context.Context, network, address string) (PacketConn, error) {
	return wrapPacketConn(lc.Std().ListenPacket(ctx, network, address))
}
