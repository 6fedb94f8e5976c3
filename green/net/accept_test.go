//go:build linux

package net_test

import (
	"errors"
	stdnet "net"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/internal/netfd"
	"github.com/greenify/greenify/runtime/hub"
)

// Out of descriptors, Accept must neither fail nor spin: it sleeps (a green
// sleep, so other green threads run), longer each time up to a bound, and
// takes the connection once a descriptor is free.
func TestAcceptEMFILEBacksOff(t *testing.T) {
	clean(t)
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// The client connects now; the kernel completes it into the backlog.
	client, err := stdnet.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	// A second listener, closed while its Accept backs off.
	ln2, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	client2, err := stdnet.Dial("tcp", ln2.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client2.Close()

	var mu sync.Mutex
	var backoffs []time.Duration
	netfd.AcceptBackoffHook = func(err error, d time.Duration) {
		if !errors.Is(err, syscall.EMFILE) {
			t.Errorf("back-off on %v", err)
		}
		mu.Lock()
		backoffs = append(backoffs, d)
		mu.Unlock()
	}
	defer func() { netfd.AcceptBackoffHook = nil }()
	nBackoffs := func() int { mu.Lock(); defer mu.Unlock(); return len(backoffs) }

	// Exhaust the descriptor table under a lowered soft limit. Descriptors
	// that earlier tests left to finalizers or to goroutines still winding
	// down close first, so that none frees a slot behind the test's back.
	runtime.GC()
	for i, last := 0, -1; i < 50; i++ {
		n := countFDs(t)
		if n == last {
			break
		}
		last = n
		time.Sleep(20 * time.Millisecond)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Fatal(err)
	}
	lim := old
	lim.Cur = uint64(countFDs(t) + 16)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skip(err)
	}
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	var fillers []int
	release := func() {
		for _, fd := range fillers {
			syscall.Close(fd)
		}
		fillers = nil
	}
	defer release()
	fill := func() {
		for {
			fd, err := syscall.Dup(0)
			if err != nil {
				if err != syscall.EMFILE {
					t.Error(err)
				}
				return
			}
			fillers = append(fillers, fd)
		}
	}

	green(t, func() {
		// Fill the table from inside the hub so the hub has its own
		// descriptors already (epoll, wake-up pipe, the watchdog's clock).
		fill()
		var accepted bool
		ticks := 0
		ticker := hub.Spawn(func() (int, error) {
			// Bounded, and the table is filled again on each tick in case
			// a descriptor closed anyway.
			for i := 0; nBackoffs() < 4 && !accepted && i < 10000; i++ {
				ticks++
				fill()
				hub.Sleep(time.Millisecond)
			}
			return ticks, nil
		})
		acc := hub.Spawn(func() (*net.TCPConn, error) {
			c, err := ln.AcceptTCP()
			accepted = true
			return c, err
		})
		if n, _ := ticker.Wait(); n == 0 {
			t.Error("no other green thread ran while Accept backed off")
		}
		if nb := nBackoffs(); nb < 4 {
			t.Fatalf("Accept backed off %d times before it returned or the ticks ran out, want 4", nb)
		}
		// Close wakes an Accept that is sleeping off EMFILE.
		base := nBackoffs()
		acc2 := hub.Spawn(func() (*net.TCPConn, error) { return ln2.AcceptTCP() })
		for nBackoffs() == base {
			hub.Sleep(time.Millisecond)
		}
		ln2.Close()
		if _, err := acc2.Wait(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Accept on a listener closed during the back-off: %v", err)
		}
		release()
		c, err := acc.Wait()
		if err != nil {
			t.Fatalf("Accept after the back-off: %v", err)
		}
		c.Close()
	})
	mu.Lock()
	defer mu.Unlock()
	backoffs = backoffs[:4] // the first Accept's own sequence
	for i := 1; i < len(backoffs); i++ {
		if backoffs[i] < backoffs[i-1] {
			t.Errorf("back-off shrank: %v", backoffs)
		}
	}
	if len(backoffs) < 4 || backoffs[len(backoffs)-1] <= backoffs[0] {
		t.Errorf("back-off did not grow: %v", backoffs)
	}
	for _, d := range backoffs {
		if d > time.Second {
			t.Errorf("back-off unbounded: %v", backoffs)
		}
	}
}
