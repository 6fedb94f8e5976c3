package hub

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// tracker records how many pool threads run at once.
type tracker struct{ cur, max int }

func (tr *tracker) run(h *Hub, yields int) {
	tr.cur++
	tr.max = max(tr.max, tr.cur)
	for range yields {
		h.Yield()
	}
	tr.cur--
}

func TestPoolBoundsConcurrency(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(4)
	var tr tracker
	h.Run(func() {
		for i := range 50 {
			p.Go(func() { tr.run(h, 1+i%3) })
		}
		p.WaitAll()
	})
	if tr.max != 4 {
		t.Fatalf("max concurrency %d, want 4", tr.max)
	}
	if p.Running() != 0 || p.Free() != 4 || p.Waiting() != 0 {
		t.Fatalf("running=%d free=%d waiting=%d", p.Running(), p.Free(), p.Waiting())
	}
}

func TestPoolCounts(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(1)
	gate := NewEventOn[int](h)
	h.Run(func() {
		p.Go(func() { gate.Wait() })
		spawned := false
		h.Go(func() { p.Go(func() {}); spawned = true })
		h.Yield()
		if p.Running() != 1 || p.Free() != 0 || p.Waiting() != 1 || spawned {
			t.Fatalf("running=%d free=%d waiting=%d spawned=%v", p.Running(), p.Free(), p.Waiting(), spawned)
		}
		gate.Send(1)
		p.WaitAll()
		if !spawned || p.Running() != 0 || p.Waiting() != 0 {
			t.Fatalf("after WaitAll: spawned=%v running=%d waiting=%d", spawned, p.Running(), p.Waiting())
		}
	})
}

func TestPoolResize(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(1)
	gate := NewEventOn[int](h)
	h.Run(func() {
		for range 4 {
			h.Go(func() { p.Go(func() { gate.Wait() }) })
		}
		h.Yield()
		if p.Running() != 1 || p.Waiting() != 3 {
			t.Fatalf("running=%d waiting=%d", p.Running(), p.Waiting())
		}
		p.Resize(3) // growing admits waiting spawners at once
		if p.Running() != 3 || p.Waiting() != 1 || p.Size() != 3 {
			t.Fatalf("after Resize(3): running=%d waiting=%d size=%d", p.Running(), p.Waiting(), p.Size())
		}
		h.Yield()
		p.Resize(1) // shrinking lets the running ones finish
		if p.Free() != -2 || p.Running() != 3 {
			t.Fatalf("after Resize(1): free=%d running=%d", p.Free(), p.Running())
		}
		gate.Send(1)
		var tr tracker
		h.Yield() // the three finish; the fourth spawner gets the one slot
		for range 5 {
			p.Go(func() { tr.run(h, 2) })
		}
		p.WaitAll()
		if tr.max != 1 {
			t.Errorf("after shrinking to 1, %d ran at once", tr.max)
		}
		// Size 0 admits nothing until it grows.
		p.Resize(0)
		ran := false
		h.Go(func() { p.Go(func() { ran = true }) })
		h.Yield()
		if ran || p.Waiting() != 1 {
			t.Fatalf("size 0: ran=%v waiting=%d", ran, p.Waiting())
		}
		p.Resize(2)
		p.WaitAll()
		if !ran {
			t.Fatal("Resize(2) did not admit the waiting spawner")
		}
	})
}

func TestPoolSpawnInAndKill(t *testing.T) {
	h := newTestHub(t)
	captureLog(h)
	p := h.NewPool(2)
	gate := NewEventOn[int](h)
	h.Run(func() {
		g := SpawnIn(p, func() (int, error) { return 6 * 7, nil })
		if v, err := g.Wait(); v != 42 || err != nil {
			t.Fatalf("SpawnIn result %v, %v", v, err)
		}
		// Killed before it started, killed while waiting, panicked: each
		// gives its slot back.
		a := SpawnIn(p, func() (int, error) { t.Error("a cancelled thread ran"); return 0, nil })
		a.Kill()
		b := SpawnIn(p, func() (int, error) { return gate.Wait() })
		h.Yield()
		b.Kill()
		c := SpawnIn(p, func() (int, error) { panic("boom") })
		for _, g := range []*GreenThread[int]{a, b, c} {
			g.Wait()
		}
		h.Yield()
		if p.Running() != 0 {
			t.Fatalf("running=%d after kill, cancel and panic", p.Running())
		}
		if _, err := c.Wait(); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("panicked thread: %v", err)
		}
	})
}

func TestPoolSpawnerInterrupted(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(1)
	gate := NewEventOn[int](h)
	h.Run(func() {
		p.Go(func() { gate.Wait() })
		ran := false
		err := h.WithTimeout(time.Millisecond, func() error {
			p.Go(func() { ran = true })
			return nil
		})
		if _, ok := err.(*Timeout); !ok {
			t.Errorf("Go on a full pool under WithTimeout: %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		h.Go(cancel)
		if err := p.GoContext(ctx, func() { ran = true }); err != context.Canceled {
			t.Errorf("GoContext: %v", err)
		}
		g := SpawnOn(h, func() (int, error) { p.Go(func() { ran = true }); return 0, nil })
		h.Yield()
		g.Kill()
		g.Wait()
		if p.Waiting() != 0 {
			t.Errorf("waiting=%d after the spawners gave up", p.Waiting())
		}
		gate.Send(1)
		p.WaitAll()
		if ran {
			t.Error("a function whose spawner gave up ran")
		}
		// WaitAll itself can be cut short.
		p.Go(func() { gate.Reset(); gate.Wait() })
		ctx, cancel = context.WithCancel(context.Background())
		cancel()
		if err := p.WaitAllContext(ctx); err != context.Canceled {
			t.Errorf("WaitAllContext: %v", err)
		}
		gate.Send(2)
		p.WaitAll()
	})
}

func TestPoolWaitAllFromMemberPanics(t *testing.T) {
	h := newTestHub(t)
	captureLog(h)
	p := h.NewPool(2)
	g := SpawnIn(p, func() (int, error) { p.WaitAll(); return 0, nil })
	if _, err := g.Wait(); err == nil || !strings.Contains(err.Error(), "never return") {
		t.Fatalf("WaitAll from a member: %v", err)
	}
}

// Outsiders may spawn into a pool and wait on it.
func TestPoolOutsider(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(3)
	var tr tracker
	for range 20 {
		p.Go(func() { tr.run(h, 2) })
	}
	p.WaitAll()
	if tr.max > 3 || tr.max == 0 {
		t.Fatalf("max concurrency %d", tr.max)
	}
}

func TestImapOrder(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(4)
	var tr tracker
	var got []int
	h.Run(func() {
		// Later items finish first; results still come in input order.
		for v := range Imap(p, slices.Values([]int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}), func(x int) int {
			tr.cur++
			tr.max = max(tr.max, tr.cur)
			h.Sleep(time.Duration(x) * 100 * time.Microsecond)
			tr.cur--
			return x * x
		}) {
			got = append(got, v)
		}
	})
	if !slices.Equal(got, []int{81, 64, 49, 36, 25, 16, 9, 4, 1, 0}) {
		t.Fatalf("got %v", got)
	}
	if tr.max != 4 {
		t.Fatalf("max concurrency %d, want 4", tr.max)
	}
	// From an outsider, with an early break.
	n := 0
	for v := range Imap(p, slices.Values([]int{1, 2, 3, 4, 5, 6, 7, 8}), func(x int) int { h.Yield(); return -x }) {
		n++
		if v != -n {
			t.Errorf("got %d, want %d", v, -n)
		}
		if n == 3 {
			break
		}
	}
	p.WaitAll()
	if n != 3 {
		t.Fatalf("n = %d", n)
	}
}

func TestImapPanicReachesCaller(t *testing.T) {
	h := newTestHub(t)
	captureLog(h)
	p := h.NewPool(2)
	var got []int
	func() {
		defer func() {
			if r := recover(); r != "bad 3" {
				t.Errorf("recovered %v, want the panic of fn", r)
			}
		}()
		for v := range Imap(p, slices.Values([]int{1, 2, 3, 4}), func(x int) int {
			if x == 3 {
				panic("bad 3")
			}
			return x
		}) {
			got = append(got, v)
		}
	}()
	p.WaitAll()
	if !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("got %v before the panic", got)
	}
}
