//go:build linux

package net_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

func TestListenConfig(t *testing.T) {
	clean(t)
	var ctrlNet, ctrlAddr string
	lc := net.ListenConfig{
		KeepAlive: 21 * time.Second,
		Control: func(network, address string, c syscall.RawConn) error {
			ctrlNet, ctrlAddr = network, address
			var serr error
			c.Control(func(fd uintptr) {
				serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1)
			})
			return serr
		},
	}
	ln, err := lc.Listen(context.Background(), "tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if ctrlNet != "tcp4" || ctrlAddr != "127.0.0.1:0" {
		t.Errorf("Control saw %q %q", ctrlNet, ctrlAddr)
	}
	// SO_REUSEPORT from Control lets a second listener share the port.
	ln2, err := lc.Listen(context.Background(), "tcp4", ln.Addr().String())
	if err != nil {
		t.Fatalf("second listener on a reuse-port: %v", err)
	}
	ln2.Close()
	green(t, func() {
		acc := hub.Spawn(func() (net.Conn, error) { return ln.Accept() })
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s, err := acc.Wait()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		rc, _ := s.(*net.TCPConn).SyscallConn()
		rc.Control(func(fd uintptr) {
			idle, _ := unix.GetsockoptInt(int(fd), unix.IPPROTO_TCP, unix.TCP_KEEPIDLE)
			if idle != 21 {
				t.Errorf("accepted conn keep-alive idle %d, want 21", idle)
			}
		})
	})
	// ListenPacket gives green packet conns.
	pc, err := lc.ListenPacket(context.Background(), "udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	if _, ok := pc.(*net.UDPConn); !ok {
		t.Errorf("ListenPacket gave %T", pc)
	}
	f, err := pc.(*net.UDPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	fpc, err := net.FilePacketConn(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer fpc.Close()
	if fpc.LocalAddr().String() != pc.LocalAddr().String() {
		t.Errorf("FilePacketConn addr %v, want %v", fpc.LocalAddr(), pc.LocalAddr())
	}
}

// Asking for MPTCP dials with it where the kernel has it, plain TCP where
// it does not; either way the conn works.
func TestMultipathTCPFallsBack(t *testing.T) {
	clean(t)
	var lc net.ListenConfig
	lc.SetMultipathTCP(true)
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var d net.Dialer
	d.SetMultipathTCP(true)
	if !d.MultipathTCP() || !lc.MultipathTCP() {
		t.Fatal("MultipathTCP not recorded")
	}
	green(t, func() {
		acc := hub.Spawn(func() (net.Conn, error) { return ln.Accept() })
		c, err := d.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s, err := acc.Wait()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		mp, err := c.(*net.TCPConn).MultipathTCP()
		t.Logf("MPTCP in use: %v (%v)", mp, err)
		c.Write([]byte("x"))
		buf := make([]byte, 1)
		if _, err := s.Read(buf); err != nil {
			t.Fatal(err)
		}
	})
}
