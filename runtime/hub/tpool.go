package hub

import (
	"fmt"
	"sync"
	"time"
)

const maxPoolSize = 10000

// tpool bounds how much blocking work runs at once (Eventlet's tpool).
//
// Eventlet needs real OS threads because a Python green thread cannot block
// without stopping the hub. A goroutine can: once its green thread has
// given the hub away it blocks in a syscall or in cgo on an OS thread of
// its own, which the Go runtime supplies. So Execute runs fn on the
// caller's goroutine with the hub released, and the pool is the bound on
// how many such calls run at once (GREEN_THREADPOOL_SIZE, default 20): no
// worker hop, no extra hand-off, and panics and Goexit behave as in any
// call. Nested Execute calls from inside fn run at once (the caller
// already holds a slot), so the pool cannot deadlock on itself.
type tpool struct {
	mu      sync.Mutex
	sem     *Semaphore
	holders map[int64]int
}

func (p *tpool) init(h *Hub, n int) {
	p.sem = &Semaphore{h: h, count: n, bound: n}
	p.holders = make(map[int64]int)
}

// Execute runs fn with the default hub released, on a bounded pool of
// blocking calls, and returns its result (Eventlet's tpool.execute).
func Execute[T any](fn func() (T, error)) (T, error) { return ExecuteOn(Default(), fn) }

// ExecuteOn is Execute on an explicit hub.
func ExecuteOn[T any](h *Hub, fn func() (T, error)) (T, error) {
	var zero T
	t, err := h.enter()
	if err != nil {
		return zero, err
	}
	g := curGoid()
	p := &h.tpool
	p.mu.Lock()
	nested := p.holders[g] > 0
	p.holders[g]++
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		if p.holders[g]--; p.holders[g] == 0 {
			delete(p.holders, g)
		}
		p.mu.Unlock()
	}()
	if !nested {
		if err := p.sem.acquire(time.Time{}, nil); err != nil {
			return zero, err
		}
		defer p.sem.Release()
	}
	if t != nil && !t.detached.Load() {
		h.detach(t)
		defer h.attach(t)
	}
	return fn()
}

// SetThreadpoolSize changes how many Execute calls may run at once.
func SetThreadpoolSize(n int) error { return Default().SetThreadpoolSize(n) }

// SetThreadpoolSize is the per-hub form of the package function.
func (h *Hub) SetThreadpoolSize(n int) error {
	if n < 1 || n > maxPoolSize {
		return fmt.Errorf("hub: thread pool size %d: want 1 to %d", n, maxPoolSize)
	}
	if err := h.start(); err != nil {
		return err
	}
	s := h.tpool.sem
	s.mu.Lock()
	old := s.bound
	s.bound = n
	s.count += n - old
	for s.count > 0 && s.q.wakeOne(nil) != nil {
		s.count--
	}
	s.mu.Unlock()
	return nil
}
