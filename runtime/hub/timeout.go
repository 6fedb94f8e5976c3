package hub

import (
	"fmt"
	"sync"
	"time"
)

// A Timeout is Eventlet's Timeout: armed on the green thread that made
// it, it fires at that thread's current or next switch point. A green call
// with an error result returns the *Timeout itself (IsTimeout is true, and
// it satisfies net.Error with Timeout() == true); a call without one
// panics with it, and WithTimeout recovers its own.
type Timeout struct {
	h     *Hub
	t     *thread
	d     time.Duration
	mu    sync.Mutex
	timer *timer
	fired bool
}

// NewTimeout arms a Timeout of d on the calling green thread. Made by an
// outsider it is armed on nothing and only reports Fired (use WithTimeout,
// which runs its function as a green thread, from outsiders).
func NewTimeout(d time.Duration) *Timeout { return Default().NewTimeout(d) }

// NewTimeout is the per-hub form of the package function.
func (h *Hub) NewTimeout(d time.Duration) *Timeout {
	h.mustStart()
	to := &Timeout{h: h, t: h.self(), d: d}
	if to.t != nil {
		to.t.keep = true // to may fire after the thread ended
	}
	to.mu.Lock()
	to.timer = h.addTimer(time.Now().Add(d), to.fire)
	to.mu.Unlock()
	return to
}

func (to *Timeout) fire() {
	to.mu.Lock()
	to.fired = true
	to.timer = nil // (NewTimeout holds mu until it has stored the timer)
	to.mu.Unlock()
	if to.t != nil {
		to.t.interrupt(to, false)
	}
}

// Cancel disarms the timeout; it reports whether it had not fired.
func (to *Timeout) Cancel() bool {
	to.mu.Lock()
	tm := to.timer
	to.timer = nil
	to.mu.Unlock()
	if to.t != nil {
		to.t.consume(to) // fired but not yet delivered: it never will be
	}
	if tm == nil {
		return false
	}
	return to.h.stopTimer(tm)
}

// Fired reports whether the timeout went off.
func (to *Timeout) Fired() bool {
	to.mu.Lock()
	defer to.mu.Unlock()
	return to.fired
}

func (to *Timeout) Error() string   { return fmt.Sprintf("timed out after %v", to.d) }
func (to *Timeout) Timeout() bool   { return true }
func (to *Timeout) Temporary() bool { return true }

// WithTimeout runs fn with a Timeout of d and returns fn's error, or the
// *Timeout if it fired inside fn (whether fn returned it or a call without
// an error result panicked with it). From an outsider, fn runs as a green
// thread and the caller waits.
func WithTimeout(d time.Duration, fn func() error) error {
	return Default().WithTimeout(d, fn)
}

// WithTimeout is the per-hub form of the package function.
func (h *Hub) WithTimeout(d time.Duration, fn func() error) (err error) {
	h.mustStart()
	if h.self() == nil {
		h.Run(func() { err = h.WithTimeout(d, fn) })
		return err
	}
	to := h.NewTimeout(d)
	defer to.Cancel()
	defer func() {
		if r := recover(); r != nil {
			if r == to {
				err = to
				return
			}
			panic(r)
		}
	}()
	return fn()
}
