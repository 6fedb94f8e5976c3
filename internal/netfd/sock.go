//go:build unix

package netfd

import (
	"context"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// Socket makes a registered non-blocking socket with the options the
// standard library sets on every socket: IPV6_V6ONLY chosen explicitly for
// AF_INET6 (the system default varies), SO_BROADCAST for IPv4 datagrams.
func Socket(netw string, family, sotype, proto int, ipv6only bool) (*FD, error) {
	s, err := sysSocket(family, sotype, proto)
	if err != nil {
		return nil, err
	}
	if family == unix.AF_INET6 && sotype != unix.SOCK_RAW {
		if err := unix.SetsockoptInt(s, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, boolint(ipv6only)); err != nil {
			unix.Close(s)
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	if (sotype == unix.SOCK_DGRAM || sotype == unix.SOCK_RAW) && family != unix.AF_UNIX && family != unix.AF_INET6 {
		if err := unix.SetsockoptInt(s, unix.SOL_SOCKET, unix.SO_BROADCAST, 1); err != nil {
			unix.Close(s)
			return nil, os.NewSyscallError("setsockopt", err)
		}
	}
	return New(s, family, sotype, netw)
}

func boolint(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Bind binds the socket to sa.
func (fd *FD) Bind(sa unix.Sockaddr) error {
	return fd.Control(func(s int) error {
		return os.NewSyscallError("bind", unix.Bind(s, sa))
	})
}

// Listen marks a bound stream socket as listening with the system's
// maximum backlog (or backlog when > 0) and records its local address.
func (fd *FD) Listen(backlog int) error {
	if backlog <= 0 {
		backlog = MaxBacklog()
	}
	err := fd.Control(func(s int) error {
		return os.NewSyscallError("listen", unix.Listen(s, backlog))
	})
	if err != nil {
		return err
	}
	fd.SetLocalAddr()
	return nil
}

// SetLocalAddr records the bound address from getsockname.
func (fd *FD) SetLocalAddr() {
	fd.Control(func(s int) error {
		if sa, err := unix.Getsockname(s); err == nil {
			fd.Laddr = SockaddrToAddr(fd.Sotype, sa)
		}
		return nil
	})
}

// SetRemoteAddr records the peer address: rsa when known, else getpeername.
func (fd *FD) SetRemoteAddr(rsa unix.Sockaddr) {
	if rsa == nil {
		fd.Control(func(s int) error {
			rsa, _ = unix.Getpeername(s)
			return nil
		})
	}
	fd.Raddr = SockaddrToAddr(fd.Sotype, rsa)
}

var maxBacklog = sync.OnceValue(func() int {
	n := unix.SOMAXCONN
	if b, err := os.ReadFile("/proc/sys/net/core/somaxconn"); err == nil {
		v := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				break
			}
			v = v*10 + int(c-'0')
		}
		if v > 0 {
			n = v
		}
	}
	// Linux stores the backlog in a uint16 for older kernels.
	if n > 1<<16-1 {
		n = 1<<16 - 1
	}
	return n
})

// MaxBacklog is the listen backlog the standard library would use.
func MaxBacklog() int { return maxBacklog() }

// aLongTimeAgo is a deadline in the past that wakes a waiter at once.
var aLongTimeAgo = time.Unix(1, 0)

// Connect connects the socket to ra, waiting in the hub for a non-blocking
// connect to finish. The context's deadline bounds the wait and its
// cancellation interrupts it; the error is then ErrCanceled or ErrTimeout
// (via MapContextErr), like the standard dialer's.
func (fd *FD) Connect(ctx context.Context, ra unix.Sockaddr) (ret error) {
	if err := fd.lock(hub.Write); err != nil {
		return err
	}
	defer fd.h.Unlock(hub.Write)
	tok := fd.h.Token(hub.Write)
	switch err := unix.Connect(fd.sysfd, ra); err {
	case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
	case nil, unix.EISCONN:
		select {
		case <-ctx.Done():
			return MapContextErr(ctx.Err())
		default:
		}
		fd.SetLocalAddr()
		fd.SetRemoteAddr(ra)
		return nil
	default:
		return os.NewSyscallError("connect", err)
	}

	if ctxDone := ctx.Done(); ctxDone != nil {
		if deadline, ok := ctx.Deadline(); ok {
			fd.h.SetDeadline(hub.Write, deadline)
			defer fd.h.SetDeadline(hub.Write, time.Time{})
		}
		stop := context.AfterFunc(ctx, func() {
			fd.h.SetDeadline(hub.Write, aLongTimeAgo)
		})
		defer func() {
			// The AfterFunc ran (or is about to run): the conn is
			// poisoned for writing, so do not hand it out, as net does.
			if !stop() && ret == nil {
				ret = MapContextErr(ctx.Err())
			}
		}()
	}

	for {
		if err := fd.wait(hub.Write, tok); err != nil {
			select {
			case <-ctx.Done():
				return MapContextErr(ctx.Err())
			default:
			}
			// The hub's clock can pass the context's deadline a moment
			// before the context's own timer closes Done.
			if dl, ok := ctx.Deadline(); ok && err == os.ErrDeadlineExceeded && !time.Now().Before(dl) {
				return ErrTimeout
			}
			return err
		}
		tok = fd.h.Token(hub.Write)
		nerr, err := unix.GetsockoptInt(fd.sysfd, unix.SOL_SOCKET, unix.SO_ERROR)
		if err != nil {
			return os.NewSyscallError("getsockopt", err)
		}
		switch err := syscall.Errno(nerr); err {
		case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
		case unix.EISCONN:
			fd.SetLocalAddr()
			fd.SetRemoteAddr(ra)
			return nil
		case 0:
			// A wake-up is not proof of a connection: check.
			if rsa, err := unix.Getpeername(fd.sysfd); err == nil {
				fd.SetLocalAddr()
				fd.SetRemoteAddr(rsa)
				return nil
			}
		default:
			return os.NewSyscallError("connect", err)
		}
	}
}

// Accept back-off for EMFILE/ENFILE/ENOBUFS/ENOMEM: the pending connection
// stays in the backlog and the listener stays readable, so waiting for
// readiness would spin. Sleep instead, growing to a bound, and retry.
const (
	acceptBackoffMin = 5 * time.Millisecond
	acceptBackoffMax = 500 * time.Millisecond
)

// AcceptBackoffHook, when set (tests), is told of each back-off sleep.
var AcceptBackoffHook func(err error, d time.Duration)

// Accept takes the next connection, registered with the hub, with its
// addresses set.
func (fd *FD) Accept() (*FD, error) {
	if err := fd.lock(hub.Read); err != nil {
		return nil, err
	}
	defer fd.h.Unlock(hub.Read)
	var backoff time.Duration
	for {
		tok := fd.h.Token(hub.Read)
		ns, rsa, err := sysAccept(fd.sysfd)
		if err == nil {
			// The conn lives on the listener's hub (not whatever the
			// default hub is by now).
			nfd, err := NewOn(fd.h.Hub(), ns, fd.Family, fd.Sotype, fd.Net)
			if err != nil {
				return nil, err
			}
			nfd.SetLocalAddr()
			nfd.SetRemoteAddr(rsa)
			return nfd, nil
		}
		switch err {
		case unix.EINTR, unix.ECONNABORTED:
			// ECONNABORTED: a queued connection was reset before we took
			// it; take the next one.
			continue
		case unix.EAGAIN:
			backoff = 0
			if err := fd.wait(hub.Read, tok); err != nil {
				return nil, err
			}
			continue
		case unix.EMFILE, unix.ENFILE, unix.ENOBUFS, unix.ENOMEM:
			if backoff == 0 {
				backoff = acceptBackoffMin
			} else if backoff *= 2; backoff > acceptBackoffMax {
				backoff = acceptBackoffMax
			}
			if h := AcceptBackoffHook; h != nil {
				h(err, backoff)
			}
			// An Event as an interruptible sleep: Close sends it, and a
			// Timeout or Kill comes back as an error instead of a panic.
			ev := hub.NewEventOn[struct{}](fd.h.Hub())
			fd.sleeper.Store(ev)
			if fd.closing.Load() {
				return nil, net.ErrClosed
			}
			_, werr := ev.WaitTimeout(backoff)
			fd.sleeper.Store(nil)
			if fd.closing.Load() {
				return nil, net.ErrClosed
			}
			if werr != nil && werr != os.ErrDeadlineExceeded {
				return nil, werr
			}
			if fd.readDeadlinePassed() {
				return nil, os.ErrDeadlineExceeded
			}
			continue
		}
		return nil, os.NewSyscallError("accept", err)
	}
}

// SysSocket makes a bare non-blocking, close-on-exec socket, not registered
// with the hub (for probes; the caller closes it).
func SysSocket(family, sotype, proto int) (int, error) { return sysSocket(family, sotype, proto) }
