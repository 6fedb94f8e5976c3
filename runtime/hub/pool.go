package hub

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"
)

// A Pool bounds how many green threads run at once (Eventlet's GreenPool):
// Go and SpawnIn wait, greenly, while size threads of the pool are running.
type Pool struct {
	h       *Hub
	mu      sync.Mutex
	size    int
	running int
	members map[*thread]struct{} // running threads, for WaitAll's self-check
	slots   waitq                // spawners waiting for a free slot
	idle    waitq                // WaitAll callers
}

// NewPool returns a pool of size on the default hub.
func NewPool(size int) *Pool { return Default().NewPool(size) }

// NewPool returns a pool of size on h. A size of 0 admits nothing until
// Resize.
func (h *Hub) NewPool(size int) *Pool {
	if size < 0 {
		panic(fmt.Sprintf("hub: NewPool(%d): negative size", size))
	}
	return &Pool{h: h, size: size, members: make(map[*thread]struct{})}
}

// acquire takes a slot for a new thread, waiting while the pool is full.
func (p *Pool) acquire(deadline time.Time, ctx context.Context) error {
	t, err := p.h.enter()
	if err != nil {
		return err
	}
	p.mu.Lock()
	if p.running < p.size && p.slots.len() == 0 {
		p.running++
		p.mu.Unlock()
		return nil
	}
	w := newWaiter(t, "Pool: waiting for a free slot")
	p.slots.add(w)
	p.mu.Unlock()
	if ctx != nil {
		stop := context.AfterFunc(ctx, func() { w.fire(ctx.Err()) })
		defer stop()
	}
	if err := w.wait(p.h, deadline); err != nil {
		p.mu.Lock()
		p.slots.remove(w)
		p.mu.Unlock()
		return err
	}
	return nil // the releaser counted us in
}

// admit registers a thread that holds a slot; its end releases the slot,
// however it ends (return, panic, kill, never started).
func (p *Pool) admit(t *thread) {
	p.mu.Lock()
	p.members[t] = struct{}{}
	p.mu.Unlock()
	prev := t.exit
	t.exit = func(how exitHow, val any, stack []byte) {
		if prev != nil {
			prev(how, val, stack)
		}
		p.release(t)
	}
}

func (p *Pool) release(t *thread) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.members, t)
	p.running--
	p.wakeLocked()
}

// wakeLocked hands free slots to waiting spawners, and wakes WaitAll
// callers once nothing runs.
func (p *Pool) wakeLocked() {
	for p.running < p.size && p.slots.wakeOne(nil) != nil {
		p.running++
	}
	if p.running == 0 && p.slots.len() == 0 {
		p.idle.wakeAll(nil)
	}
}

// Go runs fn as a green thread of the pool (Eventlet's spawn_n), first
// waiting while the pool is full. A Timeout or Kill arriving meanwhile
// panics with it, and fn does not run.
func (p *Pool) Go(fn func()) {
	raise(p.acquire(time.Time{}, nil))
	t := p.h.newThread(fn, false)
	p.admit(t)
	p.h.ready(t)
}

// GoContext is Go that gives up with ctx.Err() (fn not started) when ctx
// is done before a slot frees.
func (p *Pool) GoContext(ctx context.Context, fn func()) error {
	if err := p.acquire(time.Time{}, ctx); err != nil {
		return err
	}
	t := p.h.newThread(fn, false)
	p.admit(t)
	p.h.ready(t)
	return nil
}

// SpawnIn runs fn as a green thread of p and returns its handle (Eventlet's
// GreenPool.spawn), first waiting while the pool is full. A Timeout or Kill
// arriving meanwhile panics with it. It is a function, not a method,
// because Go methods cannot have type parameters.
func SpawnIn[T any](p *Pool, fn func() (T, error)) *GreenThread[T] {
	raise(p.acquire(time.Time{}, nil))
	g := newGreenThread(p.h, fn)
	p.admit(g.t)
	p.h.ready(g.t)
	return g
}

// WaitAll waits until no thread of the pool runs and no spawner waits for
// a slot (Eventlet's waitall). Called from one of the pool's own threads
// it would never return, so it panics. A Timeout or Kill arriving
// meanwhile panics with it.
func (p *Pool) WaitAll() { raise(p.WaitAllContext(nil)) }

// WaitAllContext is WaitAll that gives up with ctx.Err() when ctx is done.
// A nil ctx waits without end.
func (p *Pool) WaitAllContext(ctx context.Context) error {
	t, err := p.h.enter()
	if err != nil {
		return err
	}
	p.mu.Lock()
	if _, own := p.members[t]; own {
		p.mu.Unlock()
		panic("hub: Pool.WaitAll called from one of the pool's own green threads would never return")
	}
	if p.running == 0 && p.slots.len() == 0 {
		p.mu.Unlock()
		return nil
	}
	w := newWaiter(t, "Pool.WaitAll")
	p.idle.add(w)
	p.mu.Unlock()
	if ctx != nil {
		stop := context.AfterFunc(ctx, func() { w.fire(ctx.Err()) })
		defer stop()
	}
	if err := w.wait(p.h, time.Time{}); err != nil {
		p.mu.Lock()
		p.idle.remove(w)
		p.mu.Unlock()
		return err
	}
	return nil
}

// Resize changes how many threads may run at once. Growing lets waiting
// spawners in at once; shrinking lets running threads finish, and new ones
// wait until fewer than size run.
func (p *Pool) Resize(size int) {
	if size < 0 {
		panic(fmt.Sprintf("hub: Pool.Resize(%d): negative size", size))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.size = size
	p.wakeLocked()
}

// Size is the pool's bound.
func (p *Pool) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size
}

// Running is the number of the pool's threads that have not ended.
func (p *Pool) Running() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running
}

// Free is the number of threads that could start now without waiting:
// Size minus Running. After a Resize down it may be negative until enough
// threads end, as in Eventlet.
func (p *Pool) Free() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.size - p.running
}

// full reports whether a spawn would wait now.
func (p *Pool) full() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.running >= p.size || p.slots.len() > 0
}

// Waiting is the number of spawners waiting for a free slot.
func (p *Pool) Waiting() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.slots.len()
}

// Imap calls fn on each value of seq in green threads of p and yields the
// results in seq's order (Eventlet's GreenPool.imap). seq is read on the
// caller's goroutine, a value at a time as slots free, so at most the
// pool's size calls run at once, and the results of calls that finished
// ahead of their turn wait in memory. A panic in fn is re-raised in the
// caller when its turn comes. Stopping the loop early leaves the calls
// already started to finish in the pool (WaitAll waits for them).
func Imap[T, R any](p *Pool, seq iter.Seq[T], fn func(T) R) iter.Seq[R] {
	return func(yield func(R) bool) {
		var pending []*GreenThread[R]
		// next yields the oldest pending result; false: stop.
		next := func() bool {
			g := pending[0]
			pending[0] = nil
			pending = pending[1:]
			v, err := g.Wait()
			if err != nil {
				if pe, ok := err.(*PanicError); ok {
					panic(pe.Value)
				}
				raise(err) // our own interruption, or the thread was killed
			}
			return yield(v)
		}
		for x := range seq {
			for len(pending) > 0 && p.full() {
				if !next() {
					return
				}
			}
			pending = append(pending, SpawnIn(p, func() (R, error) { return fn(x), nil }))
		}
		for len(pending) > 0 {
			if !next() {
				return
			}
		}
	}
}
