package net

import (
	"context"
	"net"
	"syscall"
	"time"
)

// Dialer has the fields of the standard net.Dialer and dials green conns.
// Resolver, when set, is a green *Resolver.
type Dialer struct {
	Timeout         time.Duration
	Deadline        time.Time
	LocalAddr       Addr
	DualStack       bool // Deprecated: fast fallback is on by default; see FallbackDelay.
	FallbackDelay   time.Duration
	KeepAlive       time.Duration
	KeepAliveConfig KeepAliveConfig
	Resolver        *Resolver
	Cancel          <-chan struct{} // Deprecated: use DialContext.
	Control         func(network, address string, c syscall.RawConn) error
	ControlContext  func(ctx context.Context, network, address string, c syscall.RawConn) error

	mptcp mptcpStatus
}

// MultipathTCP reports whether dials will try MPTCP.
func (d *Dialer) MultipathTCP() bool { return d.mptcp.dial() }

// SetMultipathTCP asks for MPTCP (or not) regardless of the default; dials
// fall back to TCP where the kernel lacks it.
func (d *Dialer) SetMultipathTCP(use bool) { d.mptcp = mptcpOf(use) }

// Std gives a standard Dialer with the same fields (the Resolver converted
// with Resolver.Std). Conns it dials are standard ones: their I/O blocks
// natively, not through the hub.
func (d *Dialer) Std() *net.Dialer {
	if d == nil {
		return nil
	}
	sd := &net.Dialer{
		Timeout:         d.Timeout,
		Deadline:        d.Deadline,
		LocalAddr:       d.LocalAddr,
		DualStack:       d.DualStack,
		FallbackDelay:   d.FallbackDelay,
		KeepAlive:       d.KeepAlive,
		KeepAliveConfig: d.KeepAliveConfig,
		Resolver:        d.Resolver.Std(),
		Cancel:          d.Cancel,
		Control:         d.Control,
		ControlContext:  d.ControlContext,
	}
	if d.mptcp != mptcpDefault {
		sd.SetMultipathTCP(d.mptcp == mptcpEnabled)
	}
	return sd
}

// FromStdDialer copies a standard Dialer's fields into a green one. The
// MPTCP choice is copied only when it differs from the default.
func FromStdDialer(d *net.Dialer) *Dialer {
	if d == nil {
		return nil
	}
	gd := &Dialer{
		Timeout:         d.Timeout,
		Deadline:        d.Deadline,
		LocalAddr:       d.LocalAddr,
		DualStack:       d.DualStack,
		FallbackDelay:   d.FallbackDelay,
		KeepAlive:       d.KeepAlive,
		KeepAliveConfig: d.KeepAliveConfig,
		Resolver:        FromStdResolver(d.Resolver),
		Cancel:          d.Cancel,
		Control:         d.Control,
		ControlContext:  d.ControlContext,
	}
	gd.mptcp = mptcpOf(d.MultipathTCP())
	return gd
}

func (d *Dialer) resolver() *Resolver {
	if d != nil && d.Resolver != nil {
		return d.Resolver
	}
	return defaultResolver()
}

func minNonzeroTime(a, b time.Time) time.Time {
	if a.IsZero() {
		return b
	}
	if b.IsZero() || a.Before(b) {
		return a
	}
	return b
}

func (d *Dialer) deadline(ctx context.Context, now time.Time) (earliest time.Time) {
	if d.Timeout != 0 { // including negative, for historical reasons
		earliest = now.Add(d.Timeout)
	}
	if dl, ok := ctx.Deadline(); ok {
		earliest = minNonzeroTime(earliest, dl)
	}
	return minNonzeroTime(earliest, d.Deadline)
}

// dialCtx folds Timeout, Deadline and the deprecated Cancel channel into
// the context, as the standard Dialer does.
func (d *Dialer) dialCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		panic("nil context")
	}
	var cancels []context.CancelFunc
	if deadline := d.deadline(ctx, time.Now()); !deadline.IsZero() {
		if dl, ok := ctx.Deadline(); !ok || deadline.Before(dl) {
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, deadline)
			cancels = append(cancels, cancel)
		}
	}
	if oldCancel := d.Cancel; oldCancel != nil {
		sub, cancel := context.WithCancel(ctx)
		// The watcher ends when the dial returns (cancel closes sub).
		go func() {
			select {
			case <-oldCancel:
				cancel()
			case <-sub.Done():
			}
		}()
		ctx = sub
		cancels = append(cancels, cancel)
	}
	return ctx, func() {
		for _, c := range cancels {
			c()
		}
	}
}

func (d *Dialer) fallbackDelay() time.Duration {
	if d.FallbackDelay > 0 {
		return d.FallbackDelay
	}
	return 300 * time.Millisecond
}

func (d *Dialer) dualStack() bool { return d.FallbackDelay >= 0 }
