//go:build darwin

package netfd

import "golang.org/x/sys/unix"

// Darwin names the idle time TCP_KEEPALIVE.
const (
	tcpKeepIdle  = unix.TCP_KEEPALIVE
	tcpKeepIntvl = unix.TCP_KEEPINTVL
	tcpKeepCnt   = unix.TCP_KEEPCNT
)
