//go:build unix

package net_test

import (
	"bytes"
	"errors"
	"io"
	stdnet "net"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// tcpPair returns a green client and a green server conn over loopback.
func tcpPair(t testing.TB, network, addr string) (client, server *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type res struct {
		c   net.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		c, err := ln.Accept()
		ch <- res{c, err}
	}()
	c, err := net.Dial(network, ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	r := <-ch
	if r.err != nil {
		t.Fatal(r.err)
	}
	return c.(*net.TCPConn), r.c.(*net.TCPConn)
}

func TestEchoGreenThreads(t *testing.T) {
	clean(t)
	for _, network := range []string{"tcp4", "tcp6"} {
		t.Run(network, func(t *testing.T) {
			addr := "127.0.0.1:0"
			if network == "tcp6" {
				addr = "[::1]:0"
				if l, err := stdnet.Listen("tcp6", addr); err != nil {
					t.Skip("no IPv6 loopback")
				} else {
					l.Close()
				}
			}
			var got []byte
			var srvErr error
			green(t, func() {
				ln, err := net.Listen(network, addr)
				if err != nil {
					t.Error(err)
					return
				}
				defer ln.Close()
				done := hub.NewEvent[struct{}]()
				hub.Go(func() {
					defer done.Send(struct{}{})
					c, err := ln.Accept()
					if err != nil {
						srvErr = err
						return
					}
					defer c.Close()
					_, srvErr = io.Copy(c, c)
				})
				c, err := net.Dial(network, ln.Addr().String())
				if err != nil {
					t.Error(err)
					return
				}
				msg := bytes.Repeat([]byte("green "), 50000) // more than a socket buffer
				hub.Go(func() {
					c.Write(msg)
					c.(*net.TCPConn).CloseWrite()
				})
				got, err = io.ReadAll(c)
				if err != nil {
					t.Error(err)
				}
				c.Close()
				done.Wait()
				if !bytes.Equal(got, msg) {
					t.Errorf("echo: got %d bytes, want %d", len(got), len(msg))
				}
			})
			if srvErr != nil {
				t.Error(srvErr)
			}
		})
	}
}

func TestOutsiderEcho(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	done := make(chan struct{})
	defer func() { c.Close(); <-done }()
	go func() {
		defer close(done)
		io.Copy(s, s)
		s.Close()
	}()
	for i := 0; i < 100; i++ {
		msg := []byte{byte(i), 1, 2, 3}
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf, msg) {
			t.Fatalf("got %v want %v", buf, msg)
		}
	}
}

func TestReadDeadline(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	green(t, func() {
		c.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		n, err := c.Read(make([]byte, 10))
		checkOpError(t, err, "read", os.ErrDeadlineExceeded)
		if n != 0 {
			t.Errorf("n = %d", n)
		}
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Errorf("%v: not a timeout net.Error", err)
		}
		// A past deadline fails a write at once even though the socket is writable.
		c.SetWriteDeadline(time.Unix(1, 0))
		if n, err := c.Write([]byte("x")); n != 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("write past deadline: %d, %v", n, err)
		}
		c.SetDeadline(time.Time{})
		if _, err := c.Write([]byte("x")); err != nil {
			t.Error(err)
		}
	})
}

func checkOpError(t *testing.T, err error, op string, want error) {
	t.Helper()
	var oe *net.OpError
	if !errors.As(err, &oe) {
		t.Fatalf("%v (%T) is not a *net.OpError", err, err)
	}
	if oe.Op != op {
		t.Errorf("Op = %q, want %q", oe.Op, op)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("%v is not %v", err, want)
	}
}

func TestCloseWakesReader(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer s.Close()
	green(t, func() {
		hub.Go(func() {
			hub.Sleep(10 * time.Millisecond)
			c.Close()
		})
		_, err := c.Read(make([]byte, 10))
		checkOpError(t, err, "read", net.ErrClosed)
		if err := c.Close(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("second Close: %v", err)
		}
	})
}

func TestHalfClose(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	green(t, func() {
		c.Write([]byte("request"))
		if err := c.CloseWrite(); err != nil {
			t.Fatal(err)
		}
		req, err := io.ReadAll(s) // EOF after the half-close
		if err != nil || string(req) != "request" {
			t.Fatalf("server read %q, %v", req, err)
		}
		// The other direction still works.
		s.Write([]byte("response"))
		s.CloseWrite()
		resp, err := io.ReadAll(c)
		if err != nil || string(resp) != "response" {
			t.Fatalf("client read %q, %v", resp, err)
		}
		// Reading again at EOF stays EOF.
		if n, err := c.Read(make([]byte, 1)); n != 0 || err != io.EOF {
			t.Errorf("read at EOF: %d, %v", n, err)
		}
	})
}

func TestPeerReset(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	green(t, func() {
		s.SetLinger(0) // close sends RST
		s.Close()
		_, err := c.Read(make([]byte, 10))
		checkOpError(t, err, "read", syscall.ECONNRESET)
		var se *os.SyscallError
		if !errors.As(err, &se) || se.Syscall != "read" {
			t.Errorf("%v: want an *os.SyscallError from read", err)
		}
	})
}

func TestEPIPE(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	green(t, func() {
		s.Close()
		// The first writes may land before the peer's RST comes back;
		// SIGPIPE is not raised for sockets (Go ignores it off stdout),
		// the write fails with EPIPE instead.
		var err error
		for i := 0; i < 1000 && err == nil; i++ {
			_, err = c.Write([]byte("into the void"))
			hub.Sleep(time.Millisecond)
		}
		checkOpError(t, err, "write", syscall.EPIPE)
	})
}

func TestAddrsAndOptions(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	if c.LocalAddr().String() != s.RemoteAddr().String() || c.RemoteAddr().String() != s.LocalAddr().String() {
		t.Errorf("addresses: %v->%v vs %v->%v", c.LocalAddr(), c.RemoteAddr(), s.LocalAddr(), s.RemoteAddr())
	}
	if _, ok := c.LocalAddr().(*net.TCPAddr); !ok {
		t.Errorf("LocalAddr is %T", c.LocalAddr())
	}
	for _, err := range []error{
		c.SetNoDelay(false), c.SetNoDelay(true), c.SetLinger(5), c.SetLinger(-1),
		c.SetKeepAlive(true), c.SetKeepAlivePeriod(30 * time.Second),
		c.SetKeepAliveConfig(net.KeepAliveConfig{Enable: true, Idle: time.Minute, Interval: 10 * time.Second, Count: 3}),
		c.SetReadBuffer(1 << 16), c.SetWriteBuffer(1 << 16),
	} {
		if err != nil {
			t.Error(err)
		}
	}
	rc, err := c.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var nodelay int
	rc.Control(func(fd uintptr) {
		nodelay, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_NODELAY)
	})
	if nodelay == 0 {
		t.Error("TCP_NODELAY is off")
	}
	if mp, err := c.MultipathTCP(); err != nil || mp {
		t.Errorf("MultipathTCP = %v, %v", mp, err)
	}
	// A RawConn Read waits in the hub until f says it is done.
	s.Write([]byte("raw"))
	var got []byte
	err = rc.Read(func(fd uintptr) bool {
		buf := make([]byte, 8)
		n, err := syscall.Read(int(fd), buf)
		if err == syscall.EAGAIN {
			return false
		}
		got = buf[:max(n, 0)]
		return true
	})
	if err != nil || string(got) != "raw" {
		t.Errorf("raw read: %q, %v", got, err)
	}
	c.Close()
	if err := c.SetNoDelay(true); !errors.Is(err, net.ErrClosed) {
		t.Errorf("option on closed conn: %v", err)
	}
}

// A hub Timeout armed on a green thread interrupts a blocked Read: the
// error is a *net.OpError for which hub.IsTimeout holds, and the conn
// stays usable. The second Read follows one that waited, so it gives the
// hub up before its system call: the Timeout ends that wait too.
func TestHubTimeoutInterruptsRead(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	green(t, func() {
		for range 2 {
			var readErr error
			err := hub.WithTimeout(10*time.Millisecond, func() error {
				_, readErr = c.Read(make([]byte, 8))
				return readErr
			})
			if !hub.IsTimeout(err) || !hub.IsTimeout(readErr) {
				t.Fatalf("WithTimeout: %v, Read: %v", err, readErr)
			}
			var oe *net.OpError
			if !errors.As(readErr, &oe) || !oe.Timeout() {
				t.Errorf("%v: want a timeout *net.OpError", readErr)
			}
		}
		s.Write([]byte("later"))
		buf := make([]byte, 8)
		if n, err := c.Read(buf); err != nil || string(buf[:n]) != "later" {
			t.Errorf("after the timeout: %q, %v", buf[:n], err)
		}
	})
}

// The point of it all: a green thread parked in Read or Accept leaves the
// hub to the others.
func TestBlockedReadLetsOthersRun(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	green(t, func() {
		reader := hub.Spawn(func() (string, error) {
			buf := make([]byte, 8)
			n, err := c.Read(buf)
			return string(buf[:n]), err
		})
		acceptor := hub.Spawn(func() (net.Conn, error) { return ln.Accept() })
		ticks := 0
		for i := 0; i < 20; i++ {
			hub.Yield() // the parked threads do not come back here
			ticks++
		}
		if reader.Ready() || acceptor.Ready() || ticks != 20 {
			t.Fatal("a blocked call returned early, or the ticker was starved")
		}
		s2, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		a, err := acceptor.Wait()
		if err != nil {
			t.Fatal(err)
		}
		a.Close()
		s.Write([]byte("wake"))
		if got, err := reader.Wait(); err != nil || got != "wake" {
			t.Fatalf("reader: %q, %v", got, err)
		}
	})
}
