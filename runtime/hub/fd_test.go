//go:build linux

package hub

import (
	"errors"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// openFds lists the process's open descriptors.
func openFds(t *testing.T) map[int]bool {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	m := map[int]bool{}
	for _, e := range ents {
		n, _ := strconv.Atoi(e.Name())
		m[n] = true
	}
	return m
}

// checkFds fails t if it ends with more descriptors open than it began.
func checkFds(t *testing.T) {
	t.Helper()
	before := len(openFds(t))
	t.Cleanup(func() {
		var after int
		for i := 0; i < 200; i++ { // fds held by unwinding threads go soon
			if after = len(openFds(t)); after <= before {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Errorf("%d fds open at the end, %d at the start", after, before)
	})
}

// Every fd a hub opens (epoll, eventfd, self-pipe) is close-on-exec, so a
// child never inherits the hub.
func TestHubFdsCloseOnExec(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			checkFds(t)
			before := openFds(t)
			h := New(kind)
			h.Run(func() {})
			n := 0
			for fd := range openFds(t) {
				if before[fd] {
					continue
				}
				flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
				if err != nil {
					continue // the ReadDir fd itself
				}
				n++
				if flags&unix.FD_CLOEXEC == 0 {
					t.Errorf("hub fd %d is not close-on-exec", fd)
				}
			}
			if n == 0 && kind != KindNetpoll { // netpoll opens none
				t.Error("found no hub fds to check")
			}
			h.Close()
			checkLeaks(t)
		})
	}
}

func TestTrampoline(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			checkFds(t)
			h := newTestHub(t)
			h.Use(kind)
			var p [2]int
			if err := unix.Pipe2(p[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
				t.Fatal(err)
			}
			r, _ := h.Register(p[0])
			w, _ := h.Register(p[1])
			defer r.Close()
			defer w.Close()
			h.Run(func() {
				// Not readable yet: the deadline ends the wait.
				if err := Trampoline(r, Read, time.Now().Add(5*time.Millisecond)); !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatalf("Trampoline on an empty pipe = %v", err)
				}
				// A pipe is writable at once; level-triggered, twice.
				for i := 0; i < 2; i++ {
					if err := Trampoline(w, Write, time.Time{}); err != nil {
						t.Fatal(err)
					}
				}
				h.Go(func() { unix.Write(w.Fd(), []byte("x")) })
				if err := Trampoline(r, Read, time.Time{}); err != nil {
					t.Fatal(err)
				}
				// Still readable (nothing consumed): level semantics.
				if err := Trampoline(r, Read, time.Time{}); err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

// A closed handle's fd number, reused by a new fd, must not report the old
// description's readiness to the new handle's waiters (eventlet#405).
func TestFdReuseNoFalseEvents(t *testing.T) {
	checkFds(t)
	h := newTestHub(t)
	a, b := socketpair(t)
	dup, err := unix.Dup(a) // keeps the old description alive
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(dup)
	defer unix.Close(b)
	x, _ := h.Register(a)
	x.Close()
	c, d := socketpair(t)
	defer unix.Close(d)
	if c != a {
		t.Logf("fd %d not reused (got %d); the check still holds", a, c)
	}
	y, _ := h.Register(c)
	defer y.Close()
	h.Run(func() {
		tok := y.Token(Read)
		unix.Write(b, []byte("old")) // readiness on the old description
		h.Sleep(10 * time.Millisecond)
		if y.Token(Read) != tok {
			t.Fatal("the new handle saw the old description's readiness")
		}
		// Two green threads on the new handle: one waits, nothing false.
		g := SpawnOn(h, func() (int, error) { return readSome(y, make([]byte, 8)) })
		h.Yield()
		unix.Write(d, []byte("new"))
		if n, err := g.Wait(); n != 3 || err != nil {
			t.Fatal(n, err)
		}
	})
}

// Outsiders on one handle and direction are served one whole call at a
// time, and a deadline wakes every queued caller.
func TestOutsidersSerialized(t *testing.T) {
	checkFds(t)
	h := newTestHub(t)
	a, b := socketpair(t)
	defer unix.Close(b)
	x, _ := h.Register(a)
	defer x.Close()
	var wg sync.WaitGroup
	got := make(chan int, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := readSome(x, make([]byte, 1))
			if err != nil {
				t.Error(err)
			}
			got <- n
		}()
	}
	for i := 0; i < 4; i++ {
		unix.Write(b, []byte{byte(i)})
		<-got
	}
	wg.Wait()
	// Now two outsiders wait (one for readiness, one for the lock) and the
	// deadline passes for both.
	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() {
			_, err := readSome(x, make([]byte, 1))
			errs <- err
		}()
	}
	time.Sleep(10 * time.Millisecond)
	x.SetDeadline(Read, time.Now())
	for i := 0; i < 2; i++ {
		if err := <-errs; !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("queued caller after the deadline: %v", err)
		}
	}
}

// Detection off for a handle: green readers queue in order instead.
func TestDetectionOffQueues(t *testing.T) {
	checkFds(t)
	h := newTestHub(t)
	a, b := socketpair(t)
	defer unix.Close(b)
	x, _ := h.Register(a)
	defer x.Close()
	x.SetDetect(false)
	h.Run(func() {
		var order []byte
		var gs []*GreenThread[int]
		for i := 0; i < 3; i++ {
			gs = append(gs, SpawnOn(h, func() (int, error) {
				buf := make([]byte, 1)
				n, err := readSome(x, buf)
				order = append(order, buf[0])
				return n, err
			}))
		}
		h.Yield()
		for i := 0; i < 3; i++ {
			unix.Write(b, []byte{byte('a' + i)})
			h.Sleep(time.Millisecond)
		}
		for _, g := range gs {
			if _, err := g.Wait(); err != nil {
				t.Fatal(err)
			}
		}
		if string(order) != "abc" {
			t.Fatalf("order %q", order)
		}
	})
}

// Closing a handle another green thread waits on wakes it with ErrClosed;
// the fd closes once that thread lets go.
func TestCloseWhileWaitingClosesFd(t *testing.T) {
	checkFds(t)
	h := newTestHub(t)
	a, b := socketpair(t)
	defer unix.Close(b)
	x, _ := h.Register(a)
	h.Run(func() {
		g := SpawnOn(h, func() (int, error) { return readSome(x, make([]byte, 1)) })
		h.Yield()
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); !errors.Is(err, ErrClosed) {
			t.Fatalf("second Close = %v", err)
		}
		if _, err := g.Wait(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
	})
}
