//go:build linux

package netfd

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/leakcheck"
	"github.com/greenify/greenify/runtime/hub"
)

// cleanup checks, when the test ends, that closing the hub leaves no
// goroutine and no descriptor behind.
func cleanup(t *testing.T) { t.Helper(); leakcheck.Clean(t) }

// listenConnect makes a listening FD and a connected client FD, and the
// accepted server FD.
func listenConnect(t *testing.T) (ln, c, s *FD) {
	t.Helper()
	ln, err := Socket("tcp", unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ln.Bind(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := ln.Listen(0); err != nil {
		t.Fatal(err)
	}
	c, err = Socket("tcp", unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	rsa, _ := AddrSockaddr(unix.AF_INET, ln.Laddr)
	if err := c.Connect(context.Background(), rsa); err != nil {
		t.Fatal(err)
	}
	s, err = ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return ln, c, s
}

func TestFDBasics(t *testing.T) {
	cleanup(t)
	ln, c, s := listenConnect(t)
	defer ln.Close()
	defer c.Close()
	defer s.Close()
	if c.Laddr.String() != s.Raddr.String() || c.Raddr.String() != ln.Laddr.String() {
		t.Errorf("addresses %v->%v, server %v->%v", c.Laddr, c.Raddr, s.Laddr, s.Raddr)
	}
	if _, err := c.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4)
	n, err := s.Read(buf)
	if err != nil || string(buf[:n]) != "hi" {
		t.Fatalf("read %q %v", buf[:n], err)
	}
	// Closed FD: net.ErrClosed; zero-byte read: 0, nil.
	if n, err := s.Read(nil); n != 0 || err != nil {
		t.Errorf("zero read: %d %v", n, err)
	}
	c.Shutdown(unix.SHUT_WR)
	if _, err := s.Read(buf); err != io.EOF {
		t.Errorf("after shutdown: %v", err)
	}
	c.Close()
	if _, err := c.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write on closed: %v", err)
	}
	if err := c.Close(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("second close: %v", err)
	}
	// Deadline on Accept.
	ln.SetReadDeadline(time.Now().Add(5 * time.Millisecond))
	if _, err := ln.Accept(); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("accept deadline: %v", err)
	}
}

func TestConnectRefusedAndCanceled(t *testing.T) {
	cleanup(t)
	fd, _ := Socket("tcp", unix.AF_INET, unix.SOCK_STREAM, 0, false)
	defer fd.Close()
	err := fd.Connect(context.Background(), &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 1})
	if !errors.Is(err, unix.ECONNREFUSED) {
		t.Errorf("connect to a closed port: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fd2, _ := Socket("tcp", unix.AF_INET, unix.SOCK_STREAM, 0, false)
	defer fd2.Close()
	ln, c, s := listenConnect(t)
	defer ln.Close()
	defer c.Close()
	defer s.Close()
	rsa, _ := AddrSockaddr(unix.AF_INET, ln.Laddr)
	if err := fd2.Connect(ctx, rsa); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("canceled connect: %v", err)
	}
}

func TestSplice(t *testing.T) {
	cleanup(t)
	l1, a, b := listenConnect(t)
	l2, c, d := listenConnect(t)
	defer l1.Close()
	defer l2.Close()
	defer d.Close()
	msg := bytes.Repeat([]byte("splice!"), 100000)
	go func() {
		a.Write(msg)
		a.Close()
	}()
	done := make(chan error, 1)
	go func() {
		n, handled, err := Splice(c, b, -1)
		if !handled || n != int64(len(msg)) {
			err = errors.Join(err, errors.New("splice did not move everything"))
		}
		b.Close()
		c.Close()
		done <- err
	}()
	var got []byte
	buf := make([]byte, 64<<10)
	for {
		n, err := d.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			break
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatalf("got %d bytes, want %d", len(got), len(msg))
	}
}

func TestSockaddrRoundTrip(t *testing.T) {
	for _, a := range []net.Addr{
		&net.TCPAddr{IP: net.IPv4(10, 1, 2, 3).To4(), Port: 80},
		&net.UDPAddr{IP: net.ParseIP("2001:db8::1"), Port: 53},
		&net.UnixAddr{Name: "/tmp/x.sock", Net: "unix"},
		&net.UnixAddr{Name: "@abstract", Net: "unixgram"},
	} {
		family := unix.AF_INET6
		sotype := unix.SOCK_STREAM
		switch a := a.(type) {
		case *net.TCPAddr:
			family = unix.AF_INET
		case *net.UDPAddr:
			sotype = unix.SOCK_DGRAM
		case *net.UnixAddr:
			family = unix.AF_UNIX
			if a.Net == "unixgram" {
				sotype = unix.SOCK_DGRAM
			}
		}
		sa, err := AddrSockaddr(family, a)
		if err != nil {
			t.Fatal(err)
		}
		if back := SockaddrToAddr(sotype, sa); back.String() != a.String() || back.Network() != a.Network() {
			t.Errorf("%v -> %v", a, back)
		}
	}
	// An IPv4 address in an AF_INET6 socket becomes IPv4-mapped.
	sa, _ := IPSockaddr(unix.AF_INET6, net.IPv4(127, 0, 0, 1), 1, "")
	if s6 := sa.(*unix.SockaddrInet6); s6.Addr[10] != 0xff || s6.Addr[15] != 1 {
		t.Errorf("mapped: %v", s6.Addr)
	}
	if _, err := IPSockaddr(unix.AF_INET, net.ParseIP("::1"), 1, ""); err == nil {
		t.Error("IPv6 address accepted for AF_INET")
	}
	if SockaddrToAddr(unix.SOCK_STREAM, nil) != nil {
		t.Error("nil sockaddr gave a typed nil")
	}
}

// A socket dropped without Close is closed when collected.
func TestDroppedFDIsClosed(t *testing.T) {
	cleanup(t)
	fd, err := Socket("udp", unix.AF_INET, unix.SOCK_DGRAM, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	n := fd.Sysfd()
	fd = nil
	for i := 0; i < 50; i++ {
		runtime.GC()
		time.Sleep(time.Millisecond)
		if _, err := unix.FcntlInt(uintptr(n), unix.F_GETFD, 0); err == unix.EBADF {
			return
		}
	}
	t.Error("dropped socket still open")
}

func TestMain(m *testing.M) { leakcheck.Main(m) }

// A socket opened by a green thread of a hub made with New waits on that
// hub, not on the default one; one opened by an outsider goes to the
// default hub.
func TestSocketOnCallersHub(t *testing.T) {
	cleanup(t)
	h := hub.New("")
	defer h.Close()
	h.Run(func() {
		ln, c, s := listenConnect(t)
		defer ln.Close()
		defer c.Close()
		defer s.Close()
		for _, fd := range []*FD{ln, c, s} {
			if fd.Handle().Hub() != h {
				t.Errorf("%v: registered on another hub than its thread's", fd.Laddr)
			}
		}
		if _, err := c.Write([]byte("hi")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 2)
		if _, err := io.ReadFull(s, buf); err != nil || string(buf) != "hi" {
			t.Fatalf("read %q, %v", buf, err)
		}
	})
	fd, err := Socket("tcp", unix.AF_INET, unix.SOCK_STREAM, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	if fd.Handle().Hub() != hub.Default() {
		t.Error("an outsider's socket is not on the default hub")
	}
}
