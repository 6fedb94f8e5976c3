package hub

import (
	"strconv"
	"sync/atomic"
	"time"
)

// A waiter is one caller blocked on something: a green thread (parked,
// giving the hub away) or an outsider goroutine (blocked on a channel).
// Whatever it waits on fires it once; the first fire wins, which is how a
// wake-up, a deadline, a Timeout and a Kill race without losing or doubling
// a wake-up.
type waiter struct {
	t      *thread       // nil for an outsider
	ch     chan struct{} // outsider's wake-up
	fired  atomic.Bool
	err    error     // why it fired; read by the owner after it wakes
	reason string    // what it waits on, for Dump
	fd     int       // with reason "fd" or "fd lock": which fd
	mode   Mode      // and which direction
	dl     time.Time // the deadline Handle.arm worked out

	// Waiting in Go's poller (the netpoll kind, see handle_netpoll.go).
	x     *Handle        // the handle it waits on; fire kicks it
	op    func(int) bool // the system call to retry, nil: readiness only
	extra time.Time      // a deadline of the call's own (Trampoline)
	cb    func(uintptr) bool
	np    int   // npTry, npDone, npAsleep, npWoken, npSpurious
	res   error // with npDone: the result
	tm    *timer
}

// what says what the waiter waits on.
func (w *waiter) what() string {
	switch w.reason {
	case "fd":
		return "fd " + strconv.Itoa(w.fd) + " " + w.mode.String()
	case "fd lock":
		return "lock of fd " + strconv.Itoa(w.fd) + " " + w.mode.String()
	}
	return w.reason
}

// ownWaiter returns the calling thread's own waiter, reset, or a new one
// for an outsider. It is for waits whose every waker lets go of the waiter
// before the thread runs again (wakers fire under the lock the thread takes
// to remove it, or under np.mu for a wait in Go's poller); a wait whose
// waker may still hold it later — a context's AfterFunc — takes a new one.
func ownWaiter(t *thread, reason string) *waiter {
	if t == nil {
		return newWaiter(nil, reason)
	}
	w := &t.own
	w.t, w.err, w.reason, w.dl, w.x = t, nil, reason, time.Time{}, nil
	w.fired.Store(false) // last: a late interrupter's CAS orders after the reset
	return w
}

func newWaiter(t *thread, reason string) *waiter {
	w := &waiter{t: t, reason: reason}
	if t == nil {
		w.ch = make(chan struct{}, 1)
	}
	return w
}

// fire wakes the waiter with err (nil: what it waited for happened). It
// reports whether this call was the one that woke it.
func (w *waiter) fire(err error) bool {
	if w.x != nil { // it sleeps in Go's poller
		return w.x.kick(w, err)
	}
	if !w.fired.CompareAndSwap(false, true) {
		return false
	}
	w.err = err
	if w.t != nil {
		w.t.h.ready(w.t)
	} else {
		w.ch <- struct{}{}
	}
	return true
}

// wait blocks until w fires or the deadline (zero: none) passes, in which
// case it returns errTimedOut. A green thread may also be woken by an
// interruption, whose error is returned.
//
// The caller has already put w where a waker finds it (under the waker's
// lock), so a fire between that and wait is not lost: a green thread that
// was readied early finds itself in the run queue when it parks.
func (w *waiter) wait(h *Hub, deadline time.Time) error {
	if w.t != nil && deadline.IsZero() {
		return w.park(h)
	}
	return w.waitSlow(h, deadline)
}

// The frames live while a green thread is parked stay small: an idle
// connection's goroutine then keeps Go's smallest stack (2 KB), as a
// goroutine blocked in the standard net does. So the parking path is split
// from its colder parts, which return before it parks.

//go:noinline
func (w *waiter) waitSlow(h *Hub, deadline time.Time) error {
	var tm *timer
	if !deadline.IsZero() {
		tm = w.armDeadline(h, deadline)
	}
	var err error
	if w.t != nil {
		err = w.park(h)
	} else {
		select {
		case <-w.ch:
		case <-h.quit:
			w.fire(ErrHubClosed)
		}
		err = w.err
	}
	if tm != nil {
		h.stopTimer(tm)
	}
	return err
}

//go:noinline
func (w *waiter) armDeadline(h *Hub, deadline time.Time) *timer {
	if !time.Now().Before(deadline) {
		w.fire(errTimedOut)
		return nil
	}
	return h.addTimer(deadline, func() { w.fire(errTimedOut) })
}

// park parks w's green thread until w fires.
func (w *waiter) park(h *Hub) error {
	t := w.t
	if w.leave(t) {
		<-t.wake
	}
	t.waiter.Store(nil)
	if h.closed.Load() && !w.fired.Load() {
		w.fire(ErrHubClosed)
	}
	if w.err != nil && w.err != errTimedOut {
		t.consume(w.err)
	}
	return w.err
}

// leave marks w's thread as parked on w (delivering an interruption
// already pending) and, if the thread holds the hub, hands the hub on. It
// reports whether the thread must wait on its wake channel for the hub to
// come back: self is the thread when it does (park), nil when Go's poller
// wakes it instead (the netpoll kind's waits).
//
//go:noinline
func (w *waiter) leave(self *thread) (mustWait bool) {
	t := w.t
	t.waiter.Store(w)
	if p := t.intr.Load(); p != nil {
		w.fire(p.err)
	}
	h := t.h
	if h.current.Load() != t {
		return false // (nothing makes t the holder but t itself)
	}
	h.mu.Lock()
	if h.current.Load() != t || h.closed.Load() {
		h.mu.Unlock()
		return false
	}
	return h.handOffLocked(self)
}

// waitq is a FIFO of waiters, guarded by its owner's lock.
type waitq struct {
	ws []*waiter
}

func (q *waitq) add(w *waiter) { q.ws = append(q.ws, w) }

func (q *waitq) len() int { return len(q.ws) }

// remove takes w out (after it woke for another reason than this queue).
func (q *waitq) remove(w *waiter) {
	for i, x := range q.ws {
		if x == w {
			copy(q.ws[i:], q.ws[i+1:])
			q.ws[len(q.ws)-1] = nil
			q.ws = q.ws[:len(q.ws)-1]
			return
		}
	}
}

// wakeOne fires the first waiter that had not fired yet; nil if none.
func (q *waitq) wakeOne(err error) *waiter {
	for len(q.ws) > 0 {
		w := q.ws[0]
		q.ws[0] = nil
		q.ws = q.ws[1:]
		if w.fire(err) {
			return w
		}
	}
	return nil
}

// wakeAll fires every waiter.
func (q *waitq) wakeAll(err error) {
	for i, w := range q.ws {
		w.fire(err)
		q.ws[i] = nil
	}
	q.ws = q.ws[:0]
}
