package hub

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"net"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// logBuffer is a goroutine-safe sink for a hub's ErrorLog.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// waitFor polls cond from the test goroutine (an outsider), up to 10s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		if cond() {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("gave up waiting for %s", what)
}

func captureLog(h *Hub) *logBuffer {
	lb := &logBuffer{}
	h.ErrorLog = log.New(lb, "", 0)
	return lb
}

// Many green threads update one map across yields without a lock: the
// race detector must stay quiet, since they never run at once.
func TestExclusivity(t *testing.T) {
	h := newTestHub(t)
	shared := map[int]int{}
	inside := false
	h.Run(func() {
		var gs []*GreenThread[struct{}]
		for i := 0; i < 50; i++ {
			gs = append(gs, SpawnOn(h, func() (struct{}, error) {
				for j := 0; j < 20; j++ {
					shared[j]++
					h.Yield()
				}
				return struct{}{}, nil
			}))
		}
		// A thread that does not yield is never interleaved.
		gs = append(gs, SpawnOn(h, func() (struct{}, error) {
			inside = true
			for i := 0; i < 1e6; i++ {
				shared[-1] += i & 1
			}
			inside = false
			return struct{}{}, nil
		}))
		for i := 0; i < 50; i++ {
			gs = append(gs, SpawnOn(h, func() (struct{}, error) {
				for j := 0; j < 20; j++ {
					if inside {
						t.Error("interleaved with a thread that did not yield")
					}
					h.Yield()
				}
				return struct{}{}, nil
			}))
		}
		for _, g := range gs {
			g.Wait()
		}
	})
	for j := 0; j < 20; j++ {
		if shared[j] != 50 {
			t.Fatalf("shared[%d] = %d, want 50", j, shared[j])
		}
	}
}

// A green thread blocked on a native channel whose sender is another
// green thread: under handoff the watchdog passes it over and both finish.
func TestStallHandoff(t *testing.T) {
	h := newTestHub(t)
	h.SetStallAfter(5 * time.Millisecond)
	ch := make(chan int)
	var got int
	h.Run(func() {
		h.Go(func() { ch <- 7 })
		got = <-ch // native: blocks while holding the hub
		h.Yield()  // its next green call takes the hub back
	})
	if got != 7 {
		t.Fatal(got)
	}
	if s := h.Stats(); s.Handoffs == 0 {
		t.Fatalf("no hand-off counted: %+v", s)
	}
}

// While nobody holds the hub the watchdog's clock stops, so that an idle
// server makes no wake-ups; the next holder starts it again, and a stall
// after the idle spell is still passed over.
func TestWatchdogSleepsWhileIdle(t *testing.T) {
	h := newTestHub(t)
	h.SetStallAfter(5 * time.Millisecond)
	ev := NewEventOn[int](h)
	h.Go(func() { ev.Wait() }) // keeps the hub serving, idle
	waitFor(t, "the watchdog's clock to stop", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.wd.paused
	})
	ch := make(chan int, 1)
	done := make(chan struct{})
	go h.Run(func() {
		defer close(done)
		h.Go(func() { ch <- 7 })
		<-ch // native: blocks while holding the hub
		h.Yield()
	})
	passed := false
	for i := 0; i < 2000 && !passed; i++ {
		passed = h.Stats().Handoffs > 0
		time.Sleep(5 * time.Millisecond)
	}
	if !passed {
		ch <- 0 // end the stall, so that the test ends
	}
	<-done
	ev.Send(1)
	if !passed {
		t.Fatal("the watchdog did not pass over a stall after the idle spell")
	}
}

// Under the report policy the same program stalls and is reported; an
// outsider then breaks the stall.
func TestStallReport(t *testing.T) {
	h := newTestHub(t)
	lb := captureLog(h)
	h.SetStallAfter(5 * time.Millisecond)
	h.SetStallPolicy(PolicyReport)
	ch := make(chan int)
	ran := atomic.Bool{}
	done := make(chan struct{})
	h.Go(func() {
		h.Go(func() { ran.Store(true) })
		<-ch
		close(done)
	})
	waitFor(t, "stall report", func() bool { return strings.Contains(lb.String(), "not handed off") })
	if ran.Load() {
		t.Fatal("report policy handed the hub to another thread")
	}
	ch <- 1
	<-done
	waitFor(t, "the other thread to run", ran.Load)
}

// A computing thread past the threshold is counted, never overlapped, and
// not logged (the blocking detector reports a hub held too long).
func TestStallComputingNotOverlapped(t *testing.T) {
	h := newTestHub(t)
	lb := captureLog(h)
	h.SetStallAfter(5 * time.Millisecond)
	var stop, other atomic.Bool
	overlapped := false
	done := make(chan struct{})
	h.Go(func() {
		h.Go(func() { other.Store(true) })
		for !stop.Load() {
			if other.Load() {
				overlapped = true
			}
			runtime.Gosched()
		}
		close(done)
	})
	waitFor(t, "the watchdog to look at the computing thread", func() bool { return h.Stats().Stalls > 0 })
	stop.Store(true)
	<-done
	if overlapped {
		t.Fatal("another green thread ran while one was computing")
	}
	if out := lb.String(); out != "" {
		t.Fatalf("a computing thread was logged:\n%s", out)
	}
}

// A thread that yields with nobody else to run makes a green call each
// time, as Eventlet's sleep(0) switches to the hub and back: neither the
// watchdog nor the blocking detector reports it as computing, however long
// it waits this way for an outsider.
//
// An OS that leaves the yielding goroutine's thread unscheduled for longer
// than the thresholds (a loaded machine) makes it look stalled, which a
// yield itself never does: a real failure shows in every attempt.
func TestYieldAloneIsAGreenCall(t *testing.T) {
	t.Cleanup(func() { checkLeaks(t) })
	var why string
	for range 3 {
		if why = yieldAlone(); why == "" {
			return
		}
		t.Log(why)
	}
	t.Fatal(why)
}

// yieldAlone is one attempt of TestYieldAloneIsAGreenCall: what went
// wrong, or "".
func yieldAlone() string {
	h := New("")
	defer h.Close()
	lb := captureLog(h)
	// A yield that did not count would be taken for a stall at the first
	// tick past the threshold; one well above a time slice keeps a busy
	// machine's scheduling out of it.
	h.SetStallAfter(25 * time.Millisecond)
	h.BlockingDetection(25 * time.Millisecond)
	var set atomic.Bool
	go func() {
		time.Sleep(150 * time.Millisecond) // many of the watchdog's ticks
		set.Store(true)
	}()
	h.Run(func() {
		for i := 0; !set.Load() && i < 1e9; i++ {
			h.Yield()
		}
	})
	if !set.Load() {
		return "the outsider never set the flag"
	}
	if s := h.Stats(); s.Stalls > 0 {
		return fmt.Sprintf("a yielding thread was taken for one that computes: %+v", s)
	}
	if out := lb.String(); strings.Contains(out, "blocking detector") {
		return "a yielding thread was reported:\n" + out
	}
	return ""
}

func TestBlockingDetector(t *testing.T) {
	h := newTestHub(t)
	lb := captureLog(h)
	h.BlockingDetection(5 * time.Millisecond)
	h.SetStallAfter(time.Second)
	h.Run(func() {
		// Native sleeps block the hub, until the detector reports it (up
		// to 2s: on a loaded machine the watchdog may run late).
		for i := 0; i < 200 && !strings.Contains(lb.String(), "blocking detector"); i++ {
			time.Sleep(10 * time.Millisecond)
		}
	})
	out := lb.String()
	if !strings.Contains(out, "blocking detector") || !strings.Contains(out, "TestBlockingDetector") {
		t.Fatalf("detector output lacks the report or the stack:\n%s", out)
	}
}

func TestPanicIsolation(t *testing.T) {
	h := newTestHub(t)
	lb := captureLog(h)
	h.Run(func() {
		g := SpawnOn(h, func() (int, error) { panic("boom") })
		ok := SpawnOn(h, func() (int, error) { h.Yield(); return 1, nil })
		_, err := g.Wait()
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" {
			t.Fatalf("Wait = %v", err)
		}
		if v, err := ok.Wait(); v != 1 || err != nil {
			t.Fatal(v, err)
		}
		ge := SpawnOn(h, func() (int, error) { runtime.Goexit(); return 0, nil })
		if _, err := ge.Wait(); err == nil {
			t.Fatal("Goexit thread reported no error")
		}
	})
	if !strings.Contains(lb.String(), "panicked: boom") || !strings.Contains(lb.String(), "core_test.go") {
		t.Fatalf("panic not logged with its stack:\n%s", lb)
	}
}

func TestTimeout(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		err := h.WithTimeout(5*time.Millisecond, func() error {
			h.Sleep(time.Hour)
			return nil
		})
		var ne net.Error
		if !IsTimeout(err) || !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("WithTimeout = %v", err)
		}
		// A Timeout cancelled in time never fires.
		err = h.WithTimeout(time.Hour, func() error { h.Sleep(time.Millisecond); return nil })
		if err != nil {
			t.Fatal(err)
		}
		// A call with an error result returns the Timeout.
		sem := h.NewSemaphore(0)
		to := h.NewTimeout(5 * time.Millisecond)
		err = sem.acquire(time.Time{}, nil)
		to.Cancel()
		if err != to {
			t.Fatalf("acquire = %v, want the Timeout", err)
		}
		// A Timeout that fired while the thread ran is delivered at its next
		// switch point.
		to = h.NewTimeout(time.Millisecond)
		time.Sleep(20 * time.Millisecond) // computing (natively), not switching
		func() {
			defer func() {
				if r := recover(); r != to {
					t.Errorf("recovered %v, want the Timeout", r)
				}
			}()
			h.Yield()
		}()
	})
	// From an outsider, WithTimeout runs fn as a green thread.
	if err := h.WithTimeout(5*time.Millisecond, func() error { h.Sleep(time.Hour); return nil }); !IsTimeout(err) {
		t.Fatal(err)
	}
}

func TestKillAndCancel(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		deferred := false
		g := SpawnOn(h, func() (int, error) {
			defer func() { deferred = true }()
			h.Sleep(time.Hour)
			return 1, nil
		})
		h.Yield()
		g.Kill()
		if _, err := g.Wait(); err != ErrKilled || !deferred {
			t.Fatalf("Wait = %v, deferred = %v", err, deferred)
		}
		ran := false
		c := SpawnOn(h, func() (int, error) { ran = true; return 0, nil })
		if !c.Cancel() {
			t.Fatal("Cancel of a thread that had not started said false")
		}
		if _, err := c.Wait(); err != ErrKilled || ran {
			t.Fatalf("cancelled thread: err=%v ran=%v", err, ran)
		}
		a := SpawnAfterOn(h, time.Hour, func() (int, error) { ran = true; return 0, nil })
		if !a.Cancel() {
			t.Fatal("Cancel of SpawnAfter said false")
		}
		a.Wait()
		if ran {
			t.Fatal("cancelled SpawnAfter ran")
		}
		var linked atomic.Int32
		l := SpawnAfterOn(h, time.Millisecond, func() (int, error) { return 5, nil })
		l.Link(func(g *GreenThread[int]) { linked.Add(1) })
		if v, _ := l.Wait(); v != 5 {
			t.Fatal(v)
		}
		l.Link(func(g *GreenThread[int]) { linked.Add(1) })
		if linked.Load() != 2 {
			t.Fatal("links not called", linked.Load())
		}
	})
}

func TestBlockingReleasesHub(t *testing.T) {
	h := newTestHub(t)
	h.Run(func() {
		ch := make(chan int)
		h.Go(func() { ch <- 1 })
		var got int
		h.Blocking(func() { got = <-ch })
		if got != 1 || !h.IsGreen() {
			t.Fatal(got)
		}
		func() {
			defer func() { recover() }()
			h.Blocking(func() { panic("x") })
		}()
		if h.self() == nil || h.current.Load() != h.self() {
			t.Fatal("hub not re-acquired after a panic in Blocking")
		}
	})
}

func TestExecute(t *testing.T) {
	h := newTestHub(t)
	if err := h.SetThreadpoolSize(0); err == nil {
		t.Fatal("pool size 0 accepted")
	}
	if err := h.SetThreadpoolSize(2); err != nil {
		t.Fatal(err)
	}
	var running, most atomic.Int32
	h.Run(func() {
		p := h.NewSemaphore(0)
		for i := 0; i < 8; i++ {
			h.Go(func() {
				ExecuteOn(h, func() (int, error) {
					n := running.Add(1)
					for {
						m := most.Load()
						if n <= m || most.CompareAndSwap(m, n) {
							break
						}
					}
					time.Sleep(2 * time.Millisecond)
					// Nested calls run at once instead of waiting for a slot.
					v, _ := ExecuteOn(h, func() (int, error) { return 1, nil })
					running.Add(-1)
					return v, nil
				})
				p.Release()
			})
		}
		for i := 0; i < 8; i++ {
			p.Acquire()
		}
	})
	if most.Load() > 2 {
		t.Fatalf("%d Execute calls at once, pool size 2", most.Load())
	}
}

func TestEnvValidation(t *testing.T) {
	t.Setenv("GREEN_THREADPOOL_SIZE", "lots")
	h := New("")
	defer h.Close()
	if _, err := h.enter(); err == nil || !strings.Contains(err.Error(), "GREEN_THREADPOOL_SIZE") {
		t.Fatalf("bad GREEN_THREADPOOL_SIZE: %v", err)
	}
	t.Setenv("GREEN_THREADPOOL_SIZE", "")
	t.Setenv("GREEN_HUB", "kqueue-ish")
	h2 := New("")
	defer h2.Close()
	if _, err := h2.enter(); err == nil || !strings.Contains(err.Error(), "kqueue-ish") {
		t.Fatalf("bad GREEN_HUB: %v", err)
	}
}

func TestUseAfterStart(t *testing.T) {
	h := newTestHub(t)
	if err := h.Use(KindPoll); err != nil {
		t.Fatal(err)
	}
	h.Run(func() {})
	if h.Kind() != KindPoll {
		t.Fatal(h.Kind())
	}
	if err := h.Use(KindEpoll); !errors.Is(err, ErrStarted) {
		t.Fatalf("Use after start = %v", err)
	}
}

// Close wakes every thread waiting in the hub and leaves no goroutine.
func TestCloseWakesEveryone(t *testing.T) {
	defer checkLeaks(t)
	h := New("")
	sem := h.NewSemaphore(0)
	var ended atomic.Int32
	var gs []*GreenThread[int]
	for i := 0; i < 10; i++ {
		gs = append(gs, SpawnOn(h, func() (int, error) {
			defer ended.Add(1)
			if i%2 == 0 {
				h.Sleep(time.Hour)
			} else {
				sem.Acquire()
			}
			return 0, nil
		}))
	}
	h.Run(func() { h.Yield() })
	h.Close()
	for _, g := range gs {
		if _, err := g.Wait(); err != ErrHubClosed {
			t.Fatalf("Wait after Close = %v", err)
		}
	}
	waitFor(t, "every thread to unwind", func() bool { return ended.Load() == 10 })
}

// Timers: 100,000 armed, half cancelled; the heap keeps only live ones
// and gives memory back when they go.
func TestManyTimers(t *testing.T) {
	h := newTestHub(t)
	var fired atomic.Int32
	var ts []*Timeout
	for i := 0; i < 100000; i++ {
		to := h.NewTimeout(time.Duration(i%50) * time.Millisecond)
		if i%2 == 0 {
			to.Cancel()
		} else {
			ts = append(ts, to)
		}
	}
	h.mu.Lock()
	n := len(h.timers)
	h.mu.Unlock()
	if n > 50000 {
		t.Fatalf("%d timers in the heap after cancelling half of 100000", n)
	}
	for _, to := range ts {
		if !to.Cancel() {
			fired.Add(1)
		}
	}
	h.mu.Lock()
	n, c := len(h.timers), cap(h.timers)
	h.mu.Unlock()
	if n != 0 || c > 4096 {
		t.Fatalf("heap len %d cap %d after cancelling all", n, c)
	}
}
