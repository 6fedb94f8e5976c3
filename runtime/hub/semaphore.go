package hub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// A Semaphore is a counting semaphore whose waiters are green threads (or
// outsiders). Release hands a unit straight to the longest waiter, so
// waiters are served in order.
type Semaphore struct {
	h     *Hub
	mu    sync.Mutex
	count int
	bound int // BoundedSemaphore's ceiling; 0: none
	q     waitq
}

// ErrOverRelease is returned by BoundedSemaphore.Release past its bound.
var ErrOverRelease = errors.New("hub: semaphore released too many times")

// NewSemaphore returns a semaphore with n units on the default hub.
func NewSemaphore(n int) *Semaphore { return Default().NewSemaphore(n) }

// NewSemaphore returns a semaphore with n units on h.
func (h *Hub) NewSemaphore(n int) *Semaphore {
	if n < 0 {
		panic(fmt.Sprintf("hub: NewSemaphore(%d): negative count", n))
	}
	return &Semaphore{h: h, count: n}
}

// A BoundedSemaphore is a Semaphore whose Release fails past its initial
// count (a release without an acquire is a bug it reports).
type BoundedSemaphore struct{ Semaphore }

// NewBoundedSemaphore returns a bounded semaphore with n units.
func NewBoundedSemaphore(n int) *BoundedSemaphore { return Default().NewBoundedSemaphore(n) }

// NewBoundedSemaphore is the per-hub form.
func (h *Hub) NewBoundedSemaphore(n int) *BoundedSemaphore {
	s := &BoundedSemaphore{Semaphore{h: h, count: n, bound: n}}
	if n < 0 {
		panic(fmt.Sprintf("hub: NewBoundedSemaphore(%d): negative count", n))
	}
	return s
}

// Acquire takes a unit, waiting as long as it takes. A Timeout or Kill
// arriving meanwhile panics with it.
func (s *Semaphore) Acquire() { raise(s.acquire(time.Time{}, nil)) }

// AcquireTimeout takes a unit, waiting at most d; it reports whether it
// got one.
func (s *Semaphore) AcquireTimeout(d time.Duration) bool {
	err := s.acquire(time.Now().Add(d), nil)
	if err == errTimedOut {
		return false
	}
	raise(err)
	return true
}

// AcquireContext takes a unit or returns ctx's error.
func (s *Semaphore) AcquireContext(ctx context.Context) error {
	return s.acquire(time.Time{}, ctx)
}

// TryAcquire takes a unit if one is free now.
func (s *Semaphore) TryAcquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.count > 0 && s.q.len() == 0 {
		s.count--
		return true
	}
	return false
}

func (s *Semaphore) acquire(deadline time.Time, ctx context.Context) error {
	t, err := s.h.enter()
	if err != nil {
		return err
	}
	s.mu.Lock()
	if s.count > 0 && s.q.len() == 0 {
		s.count--
		s.mu.Unlock()
		return nil
	}
	w := newWaiter(t, "Semaphore.Acquire")
	s.q.add(w)
	s.mu.Unlock()
	if ctx != nil {
		stop := context.AfterFunc(ctx, func() { w.fire(ctx.Err()) })
		defer stop()
	}
	if err := w.wait(s.h, deadline); err != nil {
		s.mu.Lock()
		s.q.remove(w)
		s.mu.Unlock()
		return err
	}
	return nil
}

// Release gives a unit back, to the longest waiter if there is one.
func (s *Semaphore) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.q.wakeOne(nil) == nil {
		s.count++
	}
}

// Release gives a unit back; past the initial count it is an error.
func (s *BoundedSemaphore) Release() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.q.len() == 0 && s.count >= s.bound {
		return ErrOverRelease
	}
	if s.q.wakeOne(nil) == nil {
		s.count++
	}
	return nil
}

// Balance is the number of free units minus the number of waiters.
func (s *Semaphore) Balance() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count - s.q.len()
}
