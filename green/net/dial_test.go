//go:build linux

package net_test

import (
	"context"
	"errors"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// hangingAddr returns the address of a listener whose accept queue is full,
// so that a further connect hangs (the kernel drops the SYNs), and a
// cleanup that closes everything.
func hangingAddr(t testing.TB, family int) string {
	t.Helper()
	s, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skip(err)
	}
	var sa unix.Sockaddr = &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if family == unix.AF_INET6 {
		sa = &unix.SockaddrInet6{Addr: [16]byte{15: 1}}
	}
	if err := unix.Bind(s, sa); err != nil {
		unix.Close(s)
		t.Skip(err)
	}
	unix.Listen(s, 0)
	t.Cleanup(func() { unix.Close(s) })
	lsa, _ := unix.Getsockname(s)
	var addr string
	switch lsa := lsa.(type) {
	case *unix.SockaddrInet4:
		addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(lsa.Port))
	case *unix.SockaddrInet6:
		addr = net.JoinHostPort("::1", strconv.Itoa(lsa.Port))
	}
	// Fill the queue: these connects complete, the next ones hang.
	for i := 0; i < 8; i++ {
		c, err := net.DialTimeout("tcp", addr, 50*time.Millisecond)
		if err != nil {
			break
		}
		t.Cleanup(func() { c.Close() })
	}
	return addr
}

func TestDialTimeoutAndCancel(t *testing.T) {
	clean(t)
	addr := hangingAddr(t, unix.AF_INET)
	green(t, func() {
		_, err := net.DialTimeout("tcp", addr, 30*time.Millisecond)
		checkOpError(t, err, "dial", context.DeadlineExceeded)
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("%v: not a timeout", err)
		}

		ctx, cancel := context.WithCancel(context.Background())
		hub.Go(func() { hub.Sleep(20 * time.Millisecond); cancel() })
		var d net.Dialer
		_, err = d.DialContext(ctx, "tcp", addr)
		checkOpError(t, err, "dial", context.Canceled)

		// The deprecated Cancel channel still works.
		ch := make(chan struct{})
		hub.Go(func() { hub.Sleep(20 * time.Millisecond); close(ch) })
		d = net.Dialer{Cancel: ch}
		_, err = d.Dial("tcp", addr)
		checkOpError(t, err, "dial", context.Canceled)
	})
}

func TestDialerOptions(t *testing.T) {
	clean(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan struct{})
	defer func() { ln.Close(); <-accepted }()
	go func() {
		defer close(accepted)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	green(t, func() {
		var ctrlNet, ctrlAddr string
		d := net.Dialer{
			LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)},
			KeepAliveConfig: net.KeepAliveConfig{
				Enable: true, Idle: 7 * time.Second, Interval: 3 * time.Second, Count: 4,
			},
			ControlContext: func(ctx context.Context, network, address string, c syscall.RawConn) error {
				ctrlNet, ctrlAddr = network, address
				return c.Control(func(fd uintptr) {
					syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_SNDBUF, 1<<16)
				})
			},
		}
		c, err := d.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if ctrlNet != "tcp4" || ctrlAddr != ln.Addr().String() {
			t.Errorf("Control saw %q %q", ctrlNet, ctrlAddr)
		}
		rc, _ := c.(*net.TCPConn).SyscallConn()
		rc.Control(func(fd uintptr) {
			idle, _ := unix.GetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_KEEPIDLE)
			cnt, _ := unix.GetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_KEEPCNT)
			ka, _ := unix.GetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_KEEPALIVE)
			if idle != 7 || cnt != 4 || ka != 1 {
				t.Errorf("keep-alive idle=%d count=%d on=%d", idle, cnt, ka)
			}
		})
		// A Control error fails the dial.
		boom := errors.New("boom")
		d2 := net.Dialer{Control: func(string, string, syscall.RawConn) error { return boom }}
		if _, err := d2.Dial("tcp", ln.Addr().String()); !errors.Is(err, boom) {
			t.Errorf("Control error: %v", err)
		}
		// Refused.
		_, err = net.Dial("tcp", "127.0.0.1:1")
		checkOpError(t, err, "dial", syscall.ECONNREFUSED)
		// Unknown network.
		_, err = net.Dial("tcp7", "x")
		var une net.UnknownNetworkError
		if !errors.As(err, &une) {
			t.Errorf("unknown network: %v", err)
		}
		// netip forms.
		tc, err := d.DialTCP(context.Background(), "tcp", netipAddrPort("127.0.0.1:0"), netipAddrPort(ln.Addr().String()))
		if err != nil {
			t.Fatal(err)
		}
		tc.Close()
		// A name resolves through the green resolver.
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		lc, err := net.Dial("tcp4", net.JoinHostPort("localhost", port))
		if err != nil {
			t.Fatal(err)
		}
		lc.Close()
	})
}
