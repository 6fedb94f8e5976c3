package hub

import (
	"context"
	"errors"
	"os"
	"sync"
	"time"
)

// An Event carries one result from the thread that sends it to any number
// of waiters (Eventlet's event.Event). Send does not switch: the waiters
// run when the sender next blocks. A second Send is an error until Reset.
//
// The zero Event is ready to use on the default hub; NewEventOn binds one
// to an explicit hub.
type Event[T any] struct {
	h  *Hub
	mu sync.Mutex
	r  *eventResult[T]
}

// eventResult is one round of an Event, between Resets. Waiters keep the
// round they waited on, so a Reset right after a Send cannot take the
// result from a waiter that was woken but has not run yet.
type eventResult[T any] struct {
	sent bool
	val  T
	err  error
	q    waitq
}

// ErrAlreadySent is returned by Event.Send and Event.SendError on an event
// that was sent and not Reset since.
var ErrAlreadySent = errors.New("hub: event already sent")

// NewEvent returns an event on the default hub.
func NewEvent[T any]() *Event[T] { return &Event[T]{} }

// NewEventOn returns an event on h.
func NewEventOn[T any](h *Hub) *Event[T] { return &Event[T]{h: h} }

func (e *Event[T]) hub() *Hub {
	if e.h != nil {
		return e.h
	}
	return Default()
}

// round returns the current round; e.mu is held.
func (e *Event[T]) round() *eventResult[T] {
	if e.r == nil {
		e.r = &eventResult[T]{}
	}
	return e.r
}

// Send sets the event's value and wakes every waiter.
func (e *Event[T]) Send(v T) error { return e.send(v, nil) }

// SendError sets the event's result to an error, which every Wait returns
// (Eventlet's send_exception).
func (e *Event[T]) SendError(err error) error {
	var zero T
	return e.send(zero, err)
}

func (e *Event[T]) send(v T, err error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.round()
	if r.sent {
		return ErrAlreadySent
	}
	r.sent, r.val, r.err = true, v, err
	r.q.wakeAll(nil)
	return nil
}

// Ready reports whether the event has been sent (a Wait would not block).
func (e *Event[T]) Ready() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.r != nil && e.r.sent
}

// Reset makes a sent event fresh, so it can be sent again. Waiters of the
// previous round already have its result; later waiters wait for the next
// Send. Resetting a fresh event does nothing.
func (e *Event[T]) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.r != nil && e.r.sent {
		e.r = nil
	}
}

// Wait blocks until the event is sent and returns what was sent: the value,
// or the error given to SendError. A Timeout or Kill arriving meanwhile is
// returned as the error (the value is then the zero T).
func (e *Event[T]) Wait() (T, error) { return e.wait(time.Time{}, nil) }

// WaitTimeout is Wait for at most d; past it, it returns
// os.ErrDeadlineExceeded (IsTimeout is true for it).
func (e *Event[T]) WaitTimeout(d time.Duration) (T, error) {
	return e.wait(time.Now().Add(d), nil)
}

// WaitContext is Wait until ctx is done, when it returns ctx.Err().
func (e *Event[T]) WaitContext(ctx context.Context) (T, error) {
	return e.wait(time.Time{}, ctx)
}

func (e *Event[T]) wait(deadline time.Time, ctx context.Context) (T, error) {
	var zero T
	h := e.hub()
	t, err := h.enter()
	if err != nil {
		return zero, err
	}
	e.mu.Lock()
	r := e.round()
	if r.sent {
		e.mu.Unlock()
		return r.val, r.err
	}
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			e.mu.Unlock()
			return zero, err
		}
	}
	w := newWaiter(t, "Event.Wait")
	r.q.add(w)
	e.mu.Unlock()
	if ctx != nil {
		stop := context.AfterFunc(ctx, func() { w.fire(ctx.Err()) })
		defer stop()
	}
	if err := w.wait(h, deadline); err != nil {
		e.mu.Lock()
		r.q.remove(w)
		e.mu.Unlock()
		if err == errTimedOut {
			err = os.ErrDeadlineExceeded
		}
		return zero, err
	}
	// r is immutable once sent.
	return r.val, r.err
}
