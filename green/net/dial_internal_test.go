//go:build linux

package net

import (
	"context"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// Happy eyeballs: the primary family hangs, the fallback starts after
// FallbackDelay and wins; the primary attempt is abandoned and closed.
func TestDialParallelFallbackWins(t *testing.T) {
	ents, _ := os.ReadDir("/proc/self/fd")
	defer func() {
		hub.Close()
		goleak.VerifyNone(t)
		after, _ := os.ReadDir("/proc/self/fd")
		if len(after) > len(ents) {
			t.Errorf("descriptors leaked: %d before, %d after", len(ents), len(after))
		}
	}()
	s, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Skip(err)
	}
	defer unix.Close(s)
	if err := unix.Bind(s, &unix.SockaddrInet6{Addr: [16]byte{15: 1}}); err != nil {
		t.Skip(err)
	}
	unix.Listen(s, 0)
	lsa, _ := unix.Getsockname(s)
	hang := &TCPAddr{IP: IPv6loopback, Port: lsa.(*unix.SockaddrInet6).Port}
	var fill []Conn
	defer func() {
		for _, c := range fill {
			c.Close()
		}
	}()
	for i := 0; i < 8; i++ {
		c, err := DialTimeout("tcp", hang.String(), 50*time.Millisecond)
		if err != nil {
			break
		}
		fill = append(fill, c)
	}
	ln, err := Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hub.Run(func() {
		sd := &sysDialer{Dialer: Dialer{FallbackDelay: 20 * time.Millisecond}, network: "tcp"}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := sd.dialParallel(ctx, []Addr{hang}, []Addr{ln.Addr()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if c.RemoteAddr().String() != ln.Addr().String() {
			t.Errorf("connected to %v, want the fallback %v", c.RemoteAddr(), ln.Addr())
		}
	})
}

func TestPartition(t *testing.T) {
	a4 := &TCPAddr{IP: IPv4(127, 0, 0, 1)}
	a6 := &TCPAddr{IP: IPv6loopback}
	p, f := partition([]Addr{a6, a4, a6, a4})
	if len(p) != 2 || len(f) != 2 || isIPv4(p[0]) || !isIPv4(f[0]) {
		t.Errorf("partition: %v / %v", p, f)
	}
}
