package net

// Eventlet's convenience API — eventlet.connect, listen, serve, StopServe
// and wrap_ssl — in Go spelling. These names are extra: the standard net
// has none of them, and the rewriter never produces them; people who
// import this package directly use them the way Eventlet users do.
//
// Listen keeps the standard signature, so eventlet.listen's keyword
// arguments (family, backlog, reuse_port) are a ListenOptions value given
// to ListenWith. SO_REUSEADDR is on for every TCP listener, as in the
// standard package and in eventlet.listen.

import (
	"context"
	"crypto/tls"
	"errors"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// ConnectOptions are eventlet.connect's optional arguments.
type ConnectOptions struct {
	// Network is "tcp" when empty; "tcp4"/"tcp6" pick the family as
	// eventlet.connect's family argument does, "unix" dials a socket path.
	Network string
	// Bind is the local address to bind before connecting ("" for any).
	Bind string
	// Timeout bounds the dial (0: none but the system's).
	Timeout time.Duration
}

// Connect opens a green client conn to address, like eventlet.connect:
//
//	c, err := net.Connect("127.0.0.1:6000")
//	c, err := net.Connect("[::1]:6000", net.ConnectOptions{Bind: "[::1]:0"})
//
// At most one ConnectOptions may be given.
func Connect(address string, opts ...ConnectOptions) (Conn, error) {
	var o ConnectOptions
	switch len(opts) {
	case 0:
	case 1:
		o = opts[0]
	default:
		return nil, errors.New("net.Connect: more than one ConnectOptions")
	}
	if o.Network == "" {
		o.Network = "tcp"
	}
	d := Dialer{Timeout: o.Timeout}
	if o.Bind != "" {
		la, err := localAddr(o.Network, o.Bind)
		if err != nil {
			return nil, &OpError{Op: "dial", Net: o.Network, Err: err}
		}
		d.LocalAddr = la
	}
	return d.Dial(o.Network, address)
}

func localAddr(network, address string) (Addr, error) {
	switch network {
	case "unix", "unixgram", "unixpacket":
		return ResolveUnixAddr(network, address)
	}
	return ResolveTCPAddr(network, address)
}

// ListenOptions are eventlet.listen's optional arguments.
type ListenOptions struct {
	// Network is "tcp" when empty; "tcp4", "tcp6", "unix" as for Listen.
	Network string
	// Backlog is the accept queue length; 0 is the system maximum
	// (somaxconn), which is what Listen uses.
	Backlog int
	// ReusePort sets SO_REUSEPORT before binding, so that several
	// listeners — processes, or one hub per core — share one port and the
	// kernel spreads connections among them. Unsupported where the system
	// has no SO_REUSEPORT (windows, wasip1): ListenWith then fails.
	ReusePort bool
}

// ListenWith announces a green listener on address with eventlet.listen's
// options:
//
//	l, err := net.ListenWith(":6000", net.ListenOptions{Backlog: 50, ReusePort: true})
func ListenWith(address string, o ListenOptions) (Listener, error) {
	if o.Network == "" {
		o.Network = "tcp"
	}
	var lc ListenConfig
	if o.ReusePort {
		lc.Control = func(network, address string, c syscall.RawConn) error {
			var serr error
			if err := c.Control(func(fd uintptr) { serr = setReusePort(fd) }); err != nil {
				return err
			}
			return serr
		}
	}
	l, err := lc.Listen(context.Background(), o.Network, address)
	if err != nil {
		return nil, err
	}
	if o.Backlog > 0 {
		if err := setBacklog(l, o.Backlog); err != nil {
			l.Close()
			return nil, &OpError{Op: "listen", Net: o.Network, Addr: l.Addr(), Err: err}
		}
	}
	return l, nil
}

// setBacklog calls listen(2) again with the new length: the socket is
// already listening (Listen uses the maximum) and the kernel takes the
// new value.
func setBacklog(l Listener, backlog int) error {
	sc, ok := l.(interface {
		SyscallConn() (syscall.RawConn, error)
	})
	if !ok {
		return errors.New("listener has no SyscallConn")
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return err
	}
	var lerr error
	if err := rc.Control(func(fd uintptr) { lerr = relisten(fd, backlog) }); err != nil {
		return err
	}
	return lerr
}

// ErrStopServe is what a Serve handler returns to end the server
// (Eventlet's StopServe).
var ErrStopServe = errors.New("net: stop serving")

// DefaultServeConcurrency is eventlet.serve's default: Serve with
// concurrency <= 0 runs at most this many handlers at once.
const DefaultServeConcurrency = 1000

// Serve accepts conns on l and calls handle for each in a green thread of
// its own (eventlet.serve): at most concurrency handlers run at once
// (DefaultServeConcurrency when <= 0); at the limit Serve stops accepting
// until one returns. Serve closes each conn when its handler returns.
//
// A handler that returns ErrStopServe stops the server: Serve wakes its
// Accept (through the listener's deadline, reset afterwards; a listener
// without SetDeadline is closed instead) and returns nil, leaving l open
// for its owner to close and the other handlers to finish. Any other
// handler error is logged to the hub's ErrorLog, and a handler that
// panics dies alone — the hub logs the panic with its stack — while the
// server goes on: unlike eventlet.serve, which re-raises a handler's
// exception in the server, one bad conn never stops the others. Serve
// also returns when Accept fails for good (errors.Is(err, ErrClosed) after
// l is closed). It blocks its caller; call it from a green thread or any
// goroutine.
func Serve(l Listener, handle func(Conn) error, concurrency int) error {
	if concurrency <= 0 {
		concurrency = DefaultServeConcurrency
	}
	h := hub.Current()
	sem := h.NewSemaphore(concurrency)
	var stopped atomic.Bool
	stop := func() {
		if stopped.Swap(true) {
			return
		}
		if dl, ok := l.(interface{ SetDeadline(time.Time) error }); ok {
			if dl.SetDeadline(time.Unix(1, 0)) == nil {
				return
			}
		}
		l.Close()
	}
	finish := func() error {
		if dl, ok := l.(interface{ SetDeadline(time.Time) error }); ok {
			dl.SetDeadline(time.Time{})
		}
		return nil
	}
	for {
		sem.Acquire()
		if stopped.Load() {
			sem.Release()
			return finish()
		}
		c, err := l.Accept()
		if err != nil {
			sem.Release()
			if stopped.Load() {
				return finish()
			}
			return err
		}
		if stopped.Load() {
			c.Close()
			sem.Release()
			return finish()
		}
		h.Go(func() {
			defer sem.Release()
			defer c.Close()
			err := handle(c)
			switch {
			case errors.Is(err, ErrStopServe):
				stop()
			case err != nil:
				h.ErrorLog.Printf("net.Serve: conn from %v: %v", c.RemoteAddr(), err)
			}
		})
	}
}

// WrapTLS turns conn into a TLS conn and performs the handshake
// (eventlet.wrap_ssl with do_handshake_on_connect): the server side when
// server is true, else the client side, which needs config.ServerName or
// config.InsecureSkipVerify as crypto/tls requires. If the handshake
// fails, conn is closed, so no half-set-up socket is left around. Over a
// green conn the handshake waits in the hub. For a listener, wrap it with
// green/tls's NewListener.
func WrapTLS(conn Conn, config *tls.Config, server bool) (*tls.Conn, error) {
	var tc *tls.Conn
	if server {
		tc = tls.Server(conn, config)
	} else {
		tc = tls.Client(conn, config)
	}
	if err := tc.Handshake(); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}
