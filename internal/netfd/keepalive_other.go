//go:build unix && !linux && !darwin

package netfd

// Other systems: the keep-alive timing options are left at the system's
// values (-1: not set), as on openbsd in the standard library.
const (
	tcpKeepIdle  = -1
	tcpKeepIntvl = -1
	tcpKeepCnt   = -1
)
