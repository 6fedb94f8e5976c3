package hub

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"
	"time"
)

func TestEventSendWakesEveryWaiter(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[int](h)
	var got []int
	var mu sync.Mutex
	record := func(v int, err error) {
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		got = append(got, v)
		mu.Unlock()
	}
	// An outsider waits too.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); record(e.Wait()) }()
	h.Run(func() {
		for range 3 {
			h.Go(func() { record(e.Wait()) })
		}
		h.Yield()
		if e.Ready() {
			t.Error("Ready before Send")
		}
		if err := e.Send(7); err != nil {
			t.Fatal(err)
		}
		if err := e.Send(8); !errors.Is(err, ErrAlreadySent) {
			t.Errorf("second Send: %v, want ErrAlreadySent", err)
		}
		if err := e.SendError(errors.New("x")); !errors.Is(err, ErrAlreadySent) {
			t.Errorf("SendError after Send: %v, want ErrAlreadySent", err)
		}
		h.Yield()
		if !e.Ready() {
			t.Error("not Ready after Send")
		}
		if v, err := e.Wait(); v != 7 || err != nil { // no wait once sent
			t.Errorf("Wait after Send = %v, %v", v, err)
		}
	})
	wg.Wait()
	if len(got) != 4 {
		t.Fatalf("%d waiters woke, want 4: %v", len(got), got)
	}
	for _, v := range got {
		if v != 7 {
			t.Errorf("a waiter got %d, want 7", v)
		}
	}
}

func TestEventSendError(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[string](h)
	boom := errors.New("boom")
	g := SpawnOn(h, e.Wait)
	h.Run(func() {
		h.Yield()
		if err := e.SendError(boom); err != nil {
			t.Fatal(err)
		}
	})
	if v, err := g.Wait(); v != "" || err != boom {
		t.Fatalf("Wait = %q, %v; want the sent error", v, err)
	}
}

func TestEventReset(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[int](h)
	e.Reset() // a fresh event: nothing to do
	h.Run(func() {
		g := SpawnOn(h, e.Wait)
		h.Yield()
		// Send then Reset before the waiter runs: it still gets its round.
		e.Send(1)
		e.Reset()
		if e.Ready() {
			t.Error("Ready after Reset")
		}
		if v, err := g.Wait(); v != 1 || err != nil {
			t.Errorf("waiter of the first round got %v, %v", v, err)
		}
		g2 := SpawnOn(h, e.Wait)
		h.Yield()
		if g2.Ready() {
			t.Error("a waiter after Reset did not wait")
		}
		if err := e.Send(2); err != nil {
			t.Errorf("Send after Reset: %v", err)
		}
		if v, _ := g2.Wait(); v != 2 {
			t.Errorf("second round got %v", v)
		}
	})
}

func TestEventWaitTimeout(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[int](h)
	check := func(who string) {
		v, err := e.WaitTimeout(time.Millisecond)
		if v != 0 || !errors.Is(err, os.ErrDeadlineExceeded) || !IsTimeout(err) {
			t.Errorf("%s: WaitTimeout = %v, %v; want os.ErrDeadlineExceeded", who, v, err)
		}
	}
	check("outsider")
	h.Run(func() { check("green") })
	e.Send(3)
	if v, err := e.WaitTimeout(time.Millisecond); v != 3 || err != nil {
		t.Errorf("WaitTimeout after Send = %v, %v", v, err)
	}
	if v, err := e.WaitTimeout(-time.Second); v != 3 || err != nil {
		t.Errorf("WaitTimeout(<0) after Send = %v, %v", v, err)
	}
}

func TestEventWaitContext(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[int](h)
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.WaitContext(done); err != context.Canceled {
		t.Errorf("done context: %v", err)
	}
	for _, green := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		wait := func() { _, err := e.WaitContext(ctx); errc <- err }
		if green {
			h.Go(wait)
		} else {
			go wait()
		}
		waitFor(t, "the waiter to queue", func() bool {
			e.mu.Lock()
			defer e.mu.Unlock()
			return e.r != nil && e.r.q.len() == 1
		})
		cancel()
		if err := <-errc; err != context.Canceled {
			t.Errorf("green=%v: %v, want context.Canceled", green, err)
		}
		e.mu.Lock()
		if n := e.r.q.len(); n != 0 {
			t.Errorf("green=%v: %d waiters left queued", green, n)
		}
		e.mu.Unlock()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.Send(5)
	if v, err := e.WaitContext(ctx); v != 5 || err != nil {
		t.Errorf("after Send: %v, %v", v, err)
	}
}

func TestEventTimeoutAndKill(t *testing.T) {
	h := newTestHub(t)
	e := NewEventOn[int](h)
	h.Run(func() {
		err := h.WithTimeout(time.Millisecond, func() error {
			_, err := e.Wait()
			return err
		})
		var to *Timeout
		if !errors.As(err, &to) || !IsTimeout(err) {
			t.Errorf("Wait under WithTimeout: %v, want the *Timeout", err)
		}
		g := SpawnOn(h, e.Wait)
		h.Yield()
		g.Kill()
		if _, err := g.Wait(); err != ErrKilled {
			t.Errorf("killed waiter: %v, want ErrKilled", err)
		}
		e.mu.Lock()
		n := e.r.q.len()
		e.mu.Unlock()
		if n != 0 {
			t.Errorf("%d waiters left queued after timeout and kill", n)
		}
	})
}

func TestEventZeroValueOnDefaultHub(t *testing.T) {
	defer checkLeaks(t)
	defer Close()
	var e Event[string]
	g := Spawn(e.Wait)
	Go(func() { e.Send("hello") })
	if v, err := g.Wait(); v != "hello" || err != nil {
		t.Fatalf("got %q, %v", v, err)
	}
}

func TestEventCloseWakesWaiters(t *testing.T) {
	defer checkLeaks(t)
	h := New("")
	e := NewEventOn[int](h)
	g := SpawnOn(h, e.Wait)
	errc := make(chan error, 1)
	go func() { _, err := e.Wait(); errc <- err }()
	waitFor(t, "both waiters", func() bool {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.r != nil && e.r.q.len() == 2
	})
	h.Close()
	if err := <-errc; err != ErrHubClosed {
		t.Errorf("outsider: %v, want ErrHubClosed", err)
	}
	if _, err := g.Wait(); err != ErrHubClosed {
		t.Errorf("green: %v, want ErrHubClosed", err)
	}
}

// Send→Wait between two green threads, counted per hand-off.
func BenchmarkEventSendWait(b *testing.B) {
	h := New("")
	defer h.Close()
	ping, pong := NewEventOn[int](h), NewEventOn[int](h)
	h.Run(func() {
		h.Go(func() {
			for {
				v, err := ping.Wait()
				if err != nil || v < 0 {
					return
				}
				ping.Reset()
				pong.Send(v)
			}
		})
		h.Yield()
		b.ResetTimer()
		for i := 0; i < b.N; i += 2 {
			ping.Send(i)
			pong.Wait()
			pong.Reset()
		}
		b.StopTimer()
		ping.Send(-1)
		h.Yield()
	})
}
