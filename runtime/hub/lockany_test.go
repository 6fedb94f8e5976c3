package hub

import (
	"sync"
	"testing"
	"time"
)

// LockAny and Releasing: a green thread waiting through a sync.Locker or a
// blocking method value lets the holder run, and holds the hub again when
// it returns. A waiter that blocked holding the hub would show as a stall:
// the holder could not run again until the watchdog passed the hub on.

// noStallHub is a test hub whose watchdog counts a thread that keeps the
// hub half a second as a stall; the test fails if one happened.
func noStallHub(t *testing.T) *Hub {
	h := newTestHub(t)
	h.SetStallAfter(500 * time.Millisecond)
	t.Cleanup(func() {
		if n := h.Stats().Stalls; n != 0 {
			t.Errorf("%d stalls: a waiter blocked holding the hub", n)
		}
	})
	return h
}

// lockerOnly hides TryLock: a Locker of the program's own.
type lockerOnly struct{ mu sync.Mutex }

func (l *lockerOnly) Lock()   { l.mu.Lock() }
func (l *lockerOnly) Unlock() { l.mu.Unlock() }

func TestLockAny(t *testing.T) {
	var rw sync.RWMutex
	for _, tc := range []struct {
		name    string
		l       sync.Locker
		hold    func()
		release func()
	}{
		{"Mutex", new(sync.Mutex), nil, nil},
		{"RWMutex", new(sync.RWMutex), nil, nil},
		{"RLocker", rw.RLocker(), rw.Lock, rw.Unlock},
		{"own", new(lockerOnly), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hold, release := tc.hold, tc.release
			if hold == nil {
				hold, release = tc.l.Lock, tc.l.Unlock
			}
			h := noStallHub(t)
			h.Run(func() {
				var order []string
				var wg sync.WaitGroup
				wg.Add(2)
				h.Go(func() {
					defer wg.Done()
					hold()
					order = append(order, "a holds")
					h.Yield() // the other thread finds it taken and waits
					order = append(order, "a releases")
					release()
				})
				h.Go(func() {
					defer wg.Done()
					LockAny(tc.l)
					order = append(order, "b locked")
					tc.l.Unlock()
				})
				Wait(&wg)
				want := []string{"a holds", "a releases", "b locked"}
				if len(order) != 3 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
					t.Fatalf("order %q, want %q", order, want)
				}
			})
		})
	}
}

func TestReleasing(t *testing.T) {
	h := noStallHub(t)
	h.Run(func() {
		var mu sync.Mutex
		var order []string
		lock := Releasing(mu.Lock)
		mu.Lock()
		done := make(chan struct{})
		h.Go(func() {
			defer close(done)
			lock() // waits with the hub given up: the holder runs
			order = append(order, "locked")
			mu.Unlock()
		})
		h.Yield()
		order = append(order, "unlocking")
		mu.Unlock()
		Recv(done)
		if len(order) != 2 || order[0] != "unlocking" || order[1] != "locked" {
			t.Fatalf("order %q", order)
		}
	})
}
