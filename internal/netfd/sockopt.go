//go:build unix

package netfd

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// SetsockoptInt sets an integer option, reporting failure as the standard
// library does (*os.SyscallError "setsockopt").
func (fd *FD) SetsockoptInt(level, opt, v int) error {
	return fd.Control(func(s int) error {
		return os.NewSyscallError("setsockopt", unix.SetsockoptInt(s, level, opt, v))
	})
}

// GetsockoptInt reads an integer option.
func (fd *FD) GetsockoptInt(level, opt int) (int, error) {
	var v int
	err := fd.Control(func(s int) error {
		var err error
		v, err = unix.GetsockoptInt(s, level, opt)
		return os.NewSyscallError("getsockopt", err)
	})
	return v, err
}

func (fd *FD) SetNoDelay(on bool) error {
	return fd.SetsockoptInt(unix.IPPROTO_TCP, unix.TCP_NODELAY, boolint(on))
}

func (fd *FD) SetKeepAlive(on bool) error {
	return fd.SetsockoptInt(unix.SOL_SOCKET, unix.SO_KEEPALIVE, boolint(on))
}

func (fd *FD) SetReadBuffer(n int) error {
	return fd.SetsockoptInt(unix.SOL_SOCKET, unix.SO_RCVBUF, n)
}

func (fd *FD) SetWriteBuffer(n int) error {
	return fd.SetsockoptInt(unix.SOL_SOCKET, unix.SO_SNDBUF, n)
}

// SetLinger: sec < 0 restores the default (close in the background);
// sec >= 0 lingers that many seconds (0: discard unsent data, reset).
func (fd *FD) SetLinger(sec int) error {
	var l unix.Linger
	if sec >= 0 {
		l.Onoff = 1
		l.Linger = int32(sec)
	}
	return fd.Control(func(s int) error {
		return os.NewSyscallError("setsockopt", unix.SetsockoptLinger(s, unix.SOL_SOCKET, unix.SO_LINGER, &l))
	})
}

// Keep-alive defaults of the standard library (go.dev/issue/31510).
const (
	DefaultKeepAliveIdle     = 15 * time.Second
	DefaultKeepAliveInterval = 15 * time.Second
	DefaultKeepAliveCount    = 9
)

func roundSecs(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// SetKeepAliveIdle: 0 means the default, negative leaves it alone.
func (fd *FD) SetKeepAliveIdle(d time.Duration) error {
	if d == 0 {
		d = DefaultKeepAliveIdle
	} else if d < 0 {
		return nil
	}
	if tcpKeepIdle < 0 {
		return nil
	}
	return fd.SetsockoptInt(unix.IPPROTO_TCP, tcpKeepIdle, roundSecs(d))
}

func (fd *FD) SetKeepAliveInterval(d time.Duration) error {
	if d == 0 {
		d = DefaultKeepAliveInterval
	} else if d < 0 {
		return nil
	}
	if tcpKeepIntvl < 0 {
		return nil
	}
	return fd.SetsockoptInt(unix.IPPROTO_TCP, tcpKeepIntvl, roundSecs(d))
}

func (fd *FD) SetKeepAliveCount(n int) error {
	if n == 0 {
		n = DefaultKeepAliveCount
	} else if n < 0 {
		return nil
	}
	if tcpKeepCnt < 0 {
		return nil
	}
	return fd.SetsockoptInt(unix.IPPROTO_TCP, tcpKeepCnt, n)
}
