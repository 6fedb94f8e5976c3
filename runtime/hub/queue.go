package hub

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Unbounded is the size of a Queue without a bound (Eventlet's
// maxsize=None, LightQueue).
const Unbounded = -1

// A Queue passes values between green threads (and outsiders), like
// Eventlet's queue module: unbounded, bounded (Put waits while it is full),
// or of size 0, a rendezvous channel where Put waits until a Get takes its
// value. NewQueue gives items out first in first out, NewLifoQueue last in
// first out, NewPriorityQueue smallest first.
//
// Waiters are served in arrival order, and a value is handed straight to
// the longest-waiting getter, so a woken getter never finds its value
// stolen. Put and Get have no error result: a Timeout or Kill arriving
// while they wait panics with it (see WithTimeout); the Context forms
// return errors instead.
type Queue[T any] struct {
	h       *Hub
	mu      sync.Mutex
	size    int // Unbounded (<0), 0 (rendezvous) or the bound
	items   store[T]
	getters []*qent[T] // waiting Gets; only while items is empty
	putters []*qent[T] // waiting Puts, each holding its value
}

// qent is a caller waiting on a queue with the value it brings (a Put) or
// receives (a Get). The value changes hands only by whoever fires w with
// nil, so a waiter that woke for another reason neither lost nor got one.
type qent[T any] struct {
	w *waiter
	v T
}

// NewQueue returns a FIFO queue of the given size on the default hub:
// Unbounded (any negative size), 0 for a rendezvous channel, or a bound.
func NewQueue[T any](size int) *Queue[T] { return NewQueueOn[T](Default(), size) }

// NewQueueOn is NewQueue on h.
func NewQueueOn[T any](h *Hub, size int) *Queue[T] {
	return newQueue(h, size, &fifo[T]{})
}

// NewLifoQueue returns a queue whose Get takes the newest item (Eventlet's
// LifoQueue).
func NewLifoQueue[T any](size int) *Queue[T] { return NewLifoQueueOn[T](Default(), size) }

// NewLifoQueueOn is NewLifoQueue on h.
func NewLifoQueueOn[T any](h *Hub, size int) *Queue[T] {
	return newQueue(h, size, &lifo[T]{})
}

// NewPriorityQueue returns a queue whose Get takes the smallest item by
// less (Eventlet's PriorityQueue). Items of equal priority come out in no
// set order; put a sequence number in T to make them FIFO.
func NewPriorityQueue[T any](size int, less func(a, b T) bool) *Queue[T] {
	return NewPriorityQueueOn(Default(), size, less)
}

// NewPriorityQueueOn is NewPriorityQueue on h.
func NewPriorityQueueOn[T any](h *Hub, size int, less func(a, b T) bool) *Queue[T] {
	if less == nil {
		panic("hub: NewPriorityQueue with a nil less function")
	}
	return newQueue(h, size, &prio[T]{less: less})
}

func newQueue[T any](h *Hub, size int, s store[T]) *Queue[T] {
	if h == nil {
		panic("hub: queue on a nil hub")
	}
	if size < 0 {
		size = Unbounded
	}
	return &Queue[T]{h: h, size: size, items: s}
}

// full reports whether a Put must wait; q.mu is held.
func (q *Queue[T]) full() bool { return q.size >= 0 && q.items.len() >= q.size }

// Put adds v, waiting while the queue is full (for a rendezvous queue:
// until a Get takes v).
func (q *Queue[T]) Put(v T) { raise(q.put(v, time.Time{}, nil)) }

// PutTimeout is Put waiting at most d; it reports whether v went in.
func (q *Queue[T]) PutTimeout(v T, d time.Duration) bool {
	return expired(q.put(v, time.Now().Add(d), nil))
}

// PutContext is Put that gives up with ctx.Err() when ctx is done.
func (q *Queue[T]) PutContext(ctx context.Context, v T) error { return q.put(v, time.Time{}, ctx) }

// TryPut adds v only if that needs no wait (a rendezvous queue: only if a
// Get is waiting).
func (q *Queue[T]) TryPut(v T) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.putNowLocked(v)
}

// Get takes an item, waiting until there is one.
func (q *Queue[T]) Get() T {
	v, err := q.get(time.Time{}, nil)
	raise(err)
	return v
}

// GetTimeout is Get waiting at most d; ok is false if nothing came.
func (q *Queue[T]) GetTimeout(d time.Duration) (v T, ok bool) {
	v, err := q.get(time.Now().Add(d), nil)
	return v, expired(err)
}

// GetContext is Get that gives up with ctx.Err() when ctx is done.
func (q *Queue[T]) GetContext(ctx context.Context) (T, error) { return q.get(time.Time{}, ctx) }

// TryGet takes an item only if one is there now (for a rendezvous queue:
// only from a waiting Put).
func (q *Queue[T]) TryGet() (v T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.getNowLocked()
}

// expired maps a timed wait's outcome to ok, raising an interruption.
func expired(err error) bool {
	if err == errTimedOut {
		return false
	}
	raise(err)
	return true
}

// putNowLocked hands v to a waiting getter or buffers it, if either can
// be done without waiting.
func (q *Queue[T]) putNowLocked(v T) bool {
	for len(q.getters) > 0 {
		e := q.getters[0]
		q.getters[0] = nil
		q.getters = q.getters[1:]
		e.v = v // read by the getter only if the fire below is the one that wakes it
		if e.w.fire(nil) {
			return true
		}
	}
	if q.full() {
		return false
	}
	q.items.push(v)
	return true
}

// getNowLocked takes a buffered item (then lets the first waiting putter
// in) or, with nothing buffered, a waiting putter's value.
func (q *Queue[T]) getNowLocked() (T, bool) {
	if q.items.len() > 0 {
		v := q.items.pop()
		q.admitLocked()
		return v, true
	}
	for len(q.putters) > 0 {
		e := q.putters[0]
		q.putters[0] = nil
		q.putters = q.putters[1:]
		if e.w.fire(nil) {
			return e.v, true
		}
	}
	var zero T
	return zero, false
}

// admitLocked moves waiting putters' values in while there is room.
func (q *Queue[T]) admitLocked() {
	for !q.full() && len(q.putters) > 0 {
		e := q.putters[0]
		q.putters[0] = nil
		q.putters = q.putters[1:]
		if e.w.fire(nil) {
			q.items.push(e.v)
		}
	}
}

func (q *Queue[T]) put(v T, deadline time.Time, ctx context.Context) error {
	t, err := q.h.enter()
	if err != nil {
		return err
	}
	q.mu.Lock()
	if q.putNowLocked(v) {
		q.mu.Unlock()
		return nil
	}
	e := &qent[T]{w: newWaiter(t, "Queue.Put"), v: v}
	q.putters = append(q.putters, e)
	q.mu.Unlock()
	return q.block(e, &q.putters, deadline, ctx)
}

func (q *Queue[T]) get(deadline time.Time, ctx context.Context) (T, error) {
	var zero T
	t, err := q.h.enter()
	if err != nil {
		return zero, err
	}
	q.mu.Lock()
	if v, ok := q.getNowLocked(); ok {
		q.mu.Unlock()
		return v, nil
	}
	e := &qent[T]{w: newWaiter(t, "Queue.Get")}
	q.getters = append(q.getters, e)
	q.mu.Unlock()
	if err := q.block(e, &q.getters, deadline, ctx); err != nil {
		return zero, err
	}
	return e.v, nil
}

// block waits for e, which is queued on list; on failure it takes e out.
func (q *Queue[T]) block(e *qent[T], list *[]*qent[T], deadline time.Time, ctx context.Context) error {
	if ctx != nil {
		stop := context.AfterFunc(ctx, func() { e.w.fire(ctx.Err()) })
		defer stop()
	}
	err := e.w.wait(q.h, deadline)
	if err != nil {
		q.mu.Lock()
		for i, x := range *list {
			if x == e {
				*list = append((*list)[:i], (*list)[i+1:]...)
				break
			}
		}
		q.mu.Unlock()
	}
	return err
}

// Len is the number of buffered items (Eventlet's qsize). A rendezvous
// queue buffers none.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items.len()
}

// Cap is the queue's size: Unbounded, 0 for rendezvous, or the bound.
func (q *Queue[T]) Cap() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.size
}

// Getting is the number of callers waiting in Get.
func (q *Queue[T]) Getting() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.getters)
}

// Putting is the number of callers waiting in Put.
func (q *Queue[T]) Putting() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.putters)
}

// Resize changes the bound (Unbounded: none; 0: rendezvous). Growing it
// lets waiting putters in at once; shrinking it keeps the items already in,
// and Put waits until Gets bring the count under the new size.
func (q *Queue[T]) Resize(size int) {
	if size < 0 {
		size = Unbounded
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.size = size
	q.admitLocked()
}

func (q *Queue[T]) String() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return fmt.Sprintf("Queue(size=%d len=%d getting=%d putting=%d)",
		q.size, q.items.len(), len(q.getters), len(q.putters))
}
