package net

import (
	"net"
	"syscall"
	"time"
)

// ListenConfig has the fields of the standard net.ListenConfig and
// listens with green listeners and packet conns.
type ListenConfig struct {
	Control         func(network, address string, c syscall.RawConn) error
	KeepAlive       time.Duration
	KeepAliveConfig KeepAliveConfig

	mptcp mptcpStatus
}

// MultipathTCP reports whether listeners will try MPTCP.
func (lc *ListenConfig) MultipathTCP() bool { return lc.mptcp.listen() }

// SetMultipathTCP asks for MPTCP listeners (or not) regardless of the
// default.
func (lc *ListenConfig) SetMultipathTCP(use bool) { lc.mptcp = mptcpOf(use) }

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
