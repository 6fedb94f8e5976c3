package hub

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// The helpers rewritten code calls: each must let the green thread that
// completes the operation run, and hold the hub again when it returns.

func TestSendRecvPingPong(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		ping, pong := make(chan int), make(chan int)
		h.Go(func() {
			for v := range Range(ping) {
				Send(pong, v+1)
			}
			close(pong)
		})
		sum := 0
		for i := range 100 {
			Send(ping, i)
			sum += Recv(pong)
		}
		close(ping)
		if v, ok := Recv2(pong); ok {
			t.Errorf("Recv2 on a closed channel = %d, true", v)
		}
		if want := 100 * 101 / 2; sum != want {
			t.Errorf("sum = %d, want %d", sum, want)
		}
	})
}

func TestSelect(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		a, b := make(chan int), make(chan error)
		var never chan int
		h.Go(func() { Send(b, nil) })
		// Nothing is ready: Select gives the hub up, the sender runs.
		r0, r1, r2 := OnRecv(a), OnRecv(b), OnRecv(never)
		if i := Select(r0, r1, r2); i != 1 || !r1.OK || r1.Value != nil {
			t.Fatalf("Select = %d (%v, %v), want 1 (nil, true)", i, r1.Value, r1.OK)
		}
		out := make(chan int, 1)
		s0, r := OnSend(out, 7), OnRecv(a)
		if i := Select(s0, r); i != 0 || len(out) != 1 {
			t.Fatalf("Select = %d, want the ready send", i)
		}
		close(a)
		r0 = OnRecv(a)
		if i := Select(r0); i != 0 || r0.OK {
			t.Fatalf("receive from a closed channel: %d, ok=%v", i, r0.OK)
		}
	})
}

// panicWaiter blocks until its channel is closed, then panics, as a send
// does when another goroutine closes the channel under it (a test that
// closes under a blocked send is a data race to the race detector).
type panicWaiter chan struct{}

func (p panicWaiter) Wait() { <-p; panic("boom") }

// A wait that panics after blocking unwinds holding the hub again.
func TestWaitPanicsHoldingHub(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		p := make(panicWaiter)
		h.Go(func() { close(p) })
		func() {
			defer func() {
				if recover() != "boom" {
					t.Error("the wait did not panic")
				}
				if h.self() == nil {
					t.Error("the waiter is not a green thread after the panic")
				}
			}()
			Wait(p)
		}()
		ran := false
		h.Go(func() { ran = true })
		if ran {
			t.Error("another thread ran before the sender blocked again: the hub was not held")
		}
		h.Yield()
		if !ran {
			t.Error("the hub did not go on")
		}
	})
}

// panicLocker's Lock blocks until its channel is closed, then panics.
type panicLocker chan struct{}

func (p panicLocker) Lock()         { <-p; panic("boom") }
func (p panicLocker) TryLock() bool { return false }

// The short way out of the hub that channel operations and locks take
// (outside) also unwinds holding the hub again, and Dump shows the thread
// as blocked outside the hub meanwhile.
func TestLockPanicsHoldingHub(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		p := make(panicLocker)
		h.Go(func() {
			var b strings.Builder
			h.Dump(&b)
			if !strings.Contains(b.String(), "outside the hub (blocking)") {
				t.Errorf("Dump while a thread waits in Lock:\n%s", b.String())
			}
			close(p)
		})
		func() {
			defer func() {
				if recover() != "boom" {
					t.Error("the lock did not panic")
				}
				if h.self() == nil || h.current.Load() != h.self() {
					t.Error("the locker does not hold the hub after the panic")
				}
			}()
			Lock(p)
		}()
		ran := false
		h.Go(func() { ran = true })
		if ran {
			t.Error("another thread ran before the locker blocked again: the hub was not held")
		}
		h.Yield()
		if !ran {
			t.Error("the hub did not go on")
		}
	})
}

// A mutex held across a yield: the second locker waits with the hub
// given up, so the holder runs again and unlocks.
func TestLockAcrossYield(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		var mu sync.Mutex
		var rw sync.RWMutex
		var order []string
		var wg sync.WaitGroup
		wg.Add(2)
		h.Go(func() {
			defer wg.Done()
			Lock(&mu)
			RLock(&rw)
			order = append(order, "a locked")
			h.Yield()
			order = append(order, "a unlocks")
			rw.RUnlock()
			mu.Unlock()
		})
		h.Go(func() {
			defer wg.Done()
			Lock(&mu)
			Lock(&rw)
			order = append(order, "b locked")
			rw.Unlock()
			mu.Unlock()
		})
		Wait(&wg)
		want := []string{"a locked", "a unlocks", "b locked"}
		if len(order) != 3 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
			t.Fatalf("order %q, want %q", order, want)
		}
	})
}

func TestCondWait(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		var mu sync.Mutex
		c := sync.NewCond(&mu)
		ready := false
		h.Go(func() {
			Lock(&mu)
			ready = true
			mu.Unlock()
			c.Broadcast()
		})
		Lock(&mu)
		for !ready {
			Wait(c)
		}
		mu.Unlock()
	})
}

// Once.Do whose function yields: a second green caller waits for it
// instead of blocking the hub, and the function runs once.
func TestDoWhileRunning(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		var once sync.Once
		n := 0
		f := func() { h.Yield(); n++ }
		var wg sync.WaitGroup
		for range 3 {
			GoGroup(&wg, func() {
				Do(&once, f)
				if n != 1 {
					t.Errorf("Do returned before f did (n=%d)", n)
				}
			})
		}
		Wait(&wg)
		if n != 1 {
			t.Fatalf("f ran %d times", n)
		}
	})
}

func TestOnceFuncs(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		calls := 0
		v := OnceValue(func() int { h.Yield(); calls++; return 42 })
		vs := OnceValues(func() (int, error) { return 1, errors.New("x") })
		boom := OnceFunc(func() { panic("boom") })
		var wg sync.WaitGroup
		for range 3 {
			GoGroup(&wg, func() {
				if got := v(); got != 42 {
					t.Errorf("OnceValue = %d", got)
				}
			})
		}
		Wait(&wg)
		if calls != 1 {
			t.Errorf("OnceValue's function ran %d times", calls)
		}
		if a, err := vs(); a != 1 || err == nil {
			t.Errorf("OnceValues = %d, %v", a, err)
		}
		for range 2 { // sync.OnceFunc panics again on every call
			func() {
				defer func() {
					if recover() != "boom" {
						t.Error("OnceFunc did not re-panic")
					}
				}()
				boom()
			}()
		}
	})
}

// Outsiders call the helpers too: they just block.
func TestHelpersFromOutsider(t *testing.T) {
	defer checkLeaks(t)
	ch := make(chan int, 1)
	Send(ch, 1)
	if Recv(ch) != 1 {
		t.Fatal("Recv")
	}
	var mu sync.Mutex
	Lock(&mu)
	mu.Unlock()
}
