package net

import (
	"context"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync"
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

// ListenConfig has the fields of the standard net.ListenConfig and
// listens with green listeners and packet conns.
type ListenConfig struct {
	Control         func(network, address string, c syscall.RawConn) error
	KeepAlive       time.Duration
	KeepAliveConfig KeepAliveConfig

	mptcp mptcpStatus
}

// mptcpStatus: 0 is the default, which follows the standard library's:
// listeners use MPTCP (Go 1.24 and later, on linux, where the kernel has
// it), dialers do not; GODEBUG=multipathtcp=0|1|2|3 changes that as it
// does for net.
type mptcpStatus uint8

const (
	mptcpDefault mptcpStatus = iota
	mptcpEnabled
	mptcpDisabled
)

// godebugMPTCP is the multipathtcp setting: GODEBUG in the environment,
// else the binary's default GODEBUG (go.mod's godebug lines).
var godebugMPTCP = sync.OnceValue(func() string {
	find := func(list string) (string, bool) {
		for _, kv := range strings.Split(list, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "multipathtcp="); ok {
				return v, true
			}
		}
		return "", false
	}
	if v, ok := find(os.Getenv("GODEBUG")); ok {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "DefaultGODEBUG" {
				if v, ok := find(s.Value); ok {
					return v
				}
			}
		}
	}
	return ""
})

func (m mptcpStatus) dial() bool {
	switch m {
	case mptcpEnabled:
		return true
	case mptcpDisabled:
		return false
	}
	v := godebugMPTCP()
	return v == "1" || v == "3"
}

func (m mptcpStatus) listen() bool {
	switch m {
	case mptcpEnabled:
		return true
	case mptcpDisabled:
		return false
	}
	v := godebugMPTCP()
	return v != "0" && v != "3"
}

// MultipathTCP reports whether dials will try MPTCP.
func (d *Dialer) MultipathTCP() bool { return d.mptcp.dial() }

// SetMultipathTCP asks for MPTCP (or not) regardless of the default; dials
// fall back to TCP where the kernel lacks it.
func (d *Dialer) SetMultipathTCP(use bool) { d.mptcp = mptcpOf(use) }

// MultipathTCP reports whether listeners will try MPTCP.
func (lc *ListenConfig) MultipathTCP() bool { return lc.mptcp.listen() }

// SetMultipathTCP asks for MPTCP listeners (or not) regardless of the
// default.
func (lc *ListenConfig) SetMultipathTCP(use bool) { lc.mptcp = mptcpOf(use) }

func mptcpOf(use bool) mptcpStatus {
	if use {
		return mptcpEnabled
	}
	return mptcpDisabled
}

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

// Std gives a standard ListenConfig with the same fields; what it listens
// with is standard (native blocking).
func (lc *ListenConfig) Std() *net.ListenConfig {
	if lc == nil {
		return nil
	}
	s := &net.ListenConfig{Control: lc.Control, KeepAlive: lc.KeepAlive, KeepAliveConfig: lc.KeepAliveConfig}
	if lc.mptcp != mptcpDefault {
		s.SetMultipathTCP(lc.mptcp == mptcpEnabled)
	}
	return s
}

// FromStdListenConfig copies a standard ListenConfig's fields.
func FromStdListenConfig(lc *net.ListenConfig) *ListenConfig {
	if lc == nil {
		return nil
	}
	g := &ListenConfig{Control: lc.Control, KeepAlive: lc.KeepAlive, KeepAliveConfig: lc.KeepAliveConfig}
	g.mptcp = mptcpOf(lc.MultipathTCP())
	return g
}

func (d *Dialer) resolver() *Resolver {
	if d != nil && d.Resolver != nil {
		return d.Resolver
	}
	return DefaultResolver
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
