package hub

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestQueueFIFOUnbounded(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, Unbounded)
	if q.Cap() != Unbounded {
		t.Fatalf("Cap = %d", q.Cap())
	}
	for i := range 100 {
		if !q.TryPut(i) {
			t.Fatal("TryPut on an unbounded queue failed")
		}
	}
	if q.Len() != 100 {
		t.Fatalf("Len = %d", q.Len())
	}
	h.Run(func() {
		for i := range 100 {
			if v := q.Get(); v != i {
				t.Fatalf("Get = %d, want %d", v, i)
			}
		}
	})
	if _, ok := q.TryGet(); ok {
		t.Fatal("TryGet on an empty queue succeeded")
	}
}

func TestQueueBounded(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 2)
	h.Run(func() {
		done := false
		h.Go(func() {
			for i := range 5 {
				q.Put(i)
			}
			done = true
		})
		h.Yield()
		if q.Len() != 2 || q.Putting() != 1 || done {
			t.Fatalf("after the putter ran: len=%d putting=%d done=%v; want 2, 1, false", q.Len(), q.Putting(), done)
		}
		if q.TryPut(99) {
			t.Fatal("TryPut on a full queue succeeded")
		}
		var got []int
		for range 5 {
			got = append(got, q.Get())
		}
		if !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
			t.Fatalf("got %v", got)
		}
		h.Yield()
		if !done {
			t.Fatal("putter did not finish")
		}
	})
}

func TestQueueRendezvous(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[string](h, 0)
	if q.TryPut("x") {
		t.Fatal("TryPut without a getter succeeded")
	}
	h.Run(func() {
		var log []string
		h.Go(func() {
			log = append(log, "put start")
			q.Put("a")
			log = append(log, "put done")
		})
		h.Yield()
		h.Yield()
		// The putter waits until someone takes the value; nothing is buffered.
		if q.Len() != 0 || q.Putting() != 1 || len(log) != 1 {
			t.Fatalf("len=%d putting=%d log=%v", q.Len(), q.Putting(), log)
		}
		log = append(log, "get")
		if v, ok := q.TryGet(); !ok || v != "a" {
			t.Fatalf("TryGet from a waiting putter = %q, %v", v, ok)
		}
		h.Yield()
		if !slices.Equal(log, []string{"put start", "get", "put done"}) {
			t.Fatalf("order %v", log)
		}
		// A getter that waits gets a later Put's value directly.
		g := SpawnOn(h, func() (string, error) { return q.Get(), nil })
		h.Yield()
		if q.Getting() != 1 {
			t.Fatalf("getting=%d", q.Getting())
		}
		if !q.TryPut("b") {
			t.Fatal("TryPut to a waiting getter failed")
		}
		if v, _ := g.Wait(); v != "b" {
			t.Fatalf("getter got %q", v)
		}
	})
	// Outsiders rendezvous with green threads.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 10 {
			q.Put(string(rune('0' + i)))
		}
	}()
	h.Run(func() {
		for i := range 10 {
			if v := q.Get(); v != string(rune('0'+i)) {
				t.Errorf("got %q", v)
			}
		}
	})
	wg.Wait()
}

func TestQueueLifoAndPriority(t *testing.T) {
	h := newTestHub(t)
	l := NewLifoQueueOn[int](h, Unbounded)
	p := NewPriorityQueueOn(h, 3, func(a, b int) bool { return a < b })
	h.Run(func() {
		for _, v := range []int{1, 2, 3} {
			l.Put(v)
		}
		var got []int
		for range 3 {
			got = append(got, l.Get())
		}
		if !slices.Equal(got, []int{3, 2, 1}) {
			t.Errorf("LIFO gave %v", got)
		}
		// Bounded priority queue with waiting putters.
		h.Go(func() {
			for _, v := range []int{50, 10, 40, 5, 30, 20} {
				p.Put(v)
			}
		})
		h.Yield()
		got = got[:0]
		for range 6 {
			got = append(got, p.Get())
		}
		// 50, 10, 40 went in and 5 waited: the first Get let 5 in, and
		// the getter ran on until the queue was empty; then the putter
		// handed 30 straight to it and buffered 20.
		if !slices.Equal(got, []int{10, 5, 40, 50, 30, 20}) {
			t.Errorf("priority gave %v", got)
		}
	})
}

func TestQueueTimeouts(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 1)
	check := func(who string) {
		if _, ok := q.GetTimeout(time.Millisecond); ok {
			t.Errorf("%s: GetTimeout on empty queue succeeded", who)
		}
		q.Put(1)
		if q.PutTimeout(2, time.Millisecond) {
			t.Errorf("%s: PutTimeout on full queue succeeded", who)
		}
		if q.Len() != 1 || q.Putting() != 0 {
			t.Errorf("%s: len=%d putting=%d after a timed-out put", who, q.Len(), q.Putting())
		}
		if v, ok := q.GetTimeout(time.Millisecond); !ok || v != 1 {
			t.Errorf("%s: GetTimeout = %v, %v", who, v, ok)
		}
		if !q.PutTimeout(3, time.Millisecond) {
			t.Errorf("%s: PutTimeout with room failed", who)
		}
		q.Get()
	}
	check("outsider")
	h.Run(func() { check("green") })
}

func TestQueueContext(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 0)
	for _, green := range []bool{false, true} {
		for _, put := range []bool{false, true} {
			ctx, cancel := context.WithCancel(context.Background())
			errc := make(chan error, 1)
			op := func() {
				if put {
					errc <- q.PutContext(ctx, 1)
				} else {
					_, err := q.GetContext(ctx)
					errc <- err
				}
			}
			if green {
				h.Go(op)
			} else {
				go op()
			}
			waitFor(t, "the caller to queue", func() bool { return q.Getting()+q.Putting() == 1 })
			cancel()
			if err := <-errc; err != context.Canceled {
				t.Errorf("green=%v put=%v: %v", green, put, err)
			}
			if n := q.Getting() + q.Putting(); n != 0 {
				t.Errorf("green=%v put=%v: %d callers left queued", green, put, n)
			}
		}
	}
	// A value that needs no wait goes through even with a done context.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	u := NewQueueOn[int](h, Unbounded)
	if err := u.PutContext(ctx, 4); err != nil {
		t.Fatal(err)
	}
	if v, err := u.GetContext(ctx); v != 4 || err != nil {
		t.Fatalf("GetContext = %v, %v", v, err)
	}
	if _, err := u.GetContext(ctx); err != context.Canceled {
		t.Fatalf("GetContext on empty queue with done ctx: %v", err)
	}
}

// A Timeout or Kill takes a waiter out of the queue without losing or
// swallowing a value.
func TestQueueTimeoutAndKill(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 0)
	h.Run(func() {
		err := h.WithTimeout(time.Millisecond, func() error { q.Get(); return nil })
		if _, ok := err.(*Timeout); !ok {
			t.Errorf("Get under WithTimeout: %v", err)
		}
		err = h.WithTimeout(time.Millisecond, func() error { q.Put(1); return nil })
		if _, ok := err.(*Timeout); !ok {
			t.Errorf("Put under WithTimeout: %v", err)
		}
		getter := SpawnOn(h, func() (int, error) { return q.Get(), nil })
		putter := SpawnOn(h, func() (int, error) { q.Put(2); return 0, nil })
		// The putter handed 2 to the getter; both are done.
		if v, err := getter.Wait(); v != 2 || err != nil {
			t.Errorf("getter: %v, %v", v, err)
		}
		putter.Wait()
		g := SpawnOn(h, func() (int, error) { return q.Get(), nil })
		h.Yield()
		g.Kill()
		if _, err := g.Wait(); err != ErrKilled {
			t.Errorf("killed getter: %v", err)
		}
		if q.Getting() != 0 || q.Putting() != 0 {
			t.Errorf("getting=%d putting=%d", q.Getting(), q.Putting())
		}
		if q.TryPut(3) {
			t.Error("TryPut reached a dead getter")
		}
	})
}

func TestQueueResize(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 1)
	h.Run(func() {
		for i := range 5 {
			h.Go(func() { q.Put(i) })
		}
		h.Yield()
		if q.Len() != 1 || q.Putting() != 4 {
			t.Fatalf("len=%d putting=%d", q.Len(), q.Putting())
		}
		q.Resize(3) // growing lets two putters in
		if q.Len() != 3 || q.Putting() != 2 || q.Cap() != 3 {
			t.Fatalf("after Resize(3): len=%d putting=%d cap=%d", q.Len(), q.Putting(), q.Cap())
		}
		q.Resize(Unbounded)
		if q.Len() != 5 || q.Putting() != 0 {
			t.Fatalf("after Resize(Unbounded): len=%d putting=%d", q.Len(), q.Putting())
		}
		h.Yield()
		// Shrinking keeps the items; puts wait until Gets make room.
		q.Resize(2)
		if q.Len() != 5 || q.TryPut(9) {
			t.Fatalf("after Resize(2): len=%d, or TryPut succeeded", q.Len())
		}
		var got []int
		for range 3 {
			got = append(got, q.Get())
		}
		if q.TryPut(9) {
			t.Fatal("TryPut succeeded at len == size")
		}
		got = append(got, q.Get())
		if !q.TryPut(9) {
			t.Fatal("TryPut failed under the new size")
		}
		got = append(got, q.Get(), q.Get())
		if !slices.Equal(got, []int{0, 1, 2, 3, 4, 9}) {
			t.Fatalf("got %v", got)
		}
		// Down to rendezvous and back.
		q.Resize(0)
		h.Go(func() { q.Put(10) })
		h.Yield()
		if q.Len() != 0 || q.Putting() != 1 {
			t.Fatalf("rendezvous: len=%d putting=%d", q.Len(), q.Putting())
		}
		q.Resize(1)
		if q.Len() != 1 || q.Putting() != 0 {
			t.Fatalf("Resize(1) from rendezvous: len=%d putting=%d", q.Len(), q.Putting())
		}
		q.Get()
	})
}

// Outsider producers and green consumers, and the reverse, on one queue.
func TestQueueOutsidersAndGreenMixed(t *testing.T) {
	h := newTestHub(t)
	q := NewQueueOn[int](h, 4)
	const producers, each = 4, 200
	const per = (producers + 2) * each / 4 // each of 4 consumers
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				q.Put(p*each + i)
			}
		}()
	}
	sums := make(chan int, 4)
	h.Run(func() {
		for range 2 {
			h.Go(func() {
				s := 0
				for range per {
					s += q.Get()
				}
				sums <- s
			})
		}
		// And an outsider consumer beside green producers.
		for p := range 2 {
			h.Go(func() {
				for i := range each {
					q.Put(-(p*each + i))
				}
			})
		}
	})
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := 0
			for range per {
				s += q.Get()
			}
			sums <- s
		}()
	}
	wg.Wait()
	total := 0
	for range 4 {
		total += <-sums
	}
	n := producers * each
	want := n*(n-1)/2 - (2*each)*(2*each-1)/2
	if total != want {
		t.Fatalf("sum of everything got = %d, want %d", total, want)
	}
	if q.Len() != 0 {
		t.Fatalf("left %d", q.Len())
	}
}

// 10,000 green threads in a ring, each forwarding a token from its inbox
// to the next one's, several laps.
func TestQueueTokenRing10000(t *testing.T) {
	h := newTestHub(t)
	const n, laps = 10000, 3
	qs := make([]*Queue[int], n)
	for i := range qs {
		qs[i] = NewQueueOn[int](h, i%3-1) // unbounded, rendezvous and size-1 inboxes
	}
	var hops int
	h.Run(func() {
		for i := 1; i < n; i++ {
			h.Go(func() {
				for {
					v := qs[i].Get()
					hops++
					qs[(i+1)%n].Put(v)
					if v == laps-1 {
						return
					}
				}
			})
		}
		for lap := range laps {
			qs[1].Put(lap)
			if v := qs[0].Get(); v != lap {
				t.Fatalf("lap %d came back as %d", lap, v)
			}
		}
	})
	if hops != (n-1)*laps {
		t.Fatalf("hops = %d, want %d", hops, (n-1)*laps)
	}
}

func TestQueuePanicsOnNilLess(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	NewPriorityQueueOn[int](New(""), 0, nil)
}

var errStop = errors.New("stop")

// Put→Get between two green threads, counted per hand-off.
func BenchmarkQueuePutGet(b *testing.B) {
	for _, size := range []int{Unbounded, 0} {
		name := map[int]string{Unbounded: "unbounded", 0: "rendezvous"}[size]
		b.Run(name, func(b *testing.B) {
			h := New("")
			defer h.Close()
			ping, pong := NewQueueOn[int](h, size), NewQueueOn[int](h, size)
			h.Run(func() {
				h.Go(func() {
					for {
						v := ping.Get()
						if v < 0 {
							return
						}
						pong.Put(v)
					}
				})
				h.Yield()
				b.ResetTimer()
				for i := 0; i < b.N; i += 2 {
					ping.Put(i)
					pong.Get()
				}
				b.StopTimer()
				ping.Put(-1)
				h.Yield()
			})
		})
	}
}
