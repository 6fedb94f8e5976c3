package hub

import (
	"sync"
	"time"
)

// A GreenThread is a handle on a spawned green thread and its result,
// like Eventlet's GreenThread.
type GreenThread[T any] struct {
	t     *thread
	mu    sync.Mutex
	done  bool
	val   T
	err   error
	q     waitq
	links []func(*GreenThread[T])
	timer *timer // SpawnAfter's, until it fires
}

// Go starts fn as a green thread on the default hub (Eventlet's spawn_n).
// It does not switch: fn runs when the caller next blocks in a green call.
func Go(fn func()) { Default().Go(fn) }

// Go starts fn as a green thread on h.
func (h *Hub) Go(fn func()) {
	h.mustStart()
	h.newThread(fn, true)
}

// Spawn starts fn as a green thread on the default hub and returns a
// handle whose Wait gives fn's result (Eventlet's spawn).
func Spawn[T any](fn func() (T, error)) *GreenThread[T] {
	return SpawnOn(Default(), fn)
}

// SpawnOn is Spawn on an explicit hub.
func SpawnOn[T any](h *Hub, fn func() (T, error)) *GreenThread[T] {
	h.mustStart()
	g := newGreenThread(h, fn)
	h.ready(g.t)
	return g
}

// SpawnAfter starts fn after d (Eventlet's spawn_after). Cancel before it
// starts keeps it from ever running.
func SpawnAfter[T any](d time.Duration, fn func() (T, error)) *GreenThread[T] {
	return SpawnAfterOn(Default(), d, fn)
}

// SpawnAfterOn is SpawnAfter on an explicit hub.
func SpawnAfterOn[T any](h *Hub, d time.Duration, fn func() (T, error)) *GreenThread[T] {
	h.mustStart()
	g := newGreenThread(h, fn)
	g.mu.Lock()
	g.timer = h.addTimer(time.Now().Add(d), func() {
		g.mu.Lock()
		g.timer = nil
		g.mu.Unlock()
		h.ready(g.t)
	})
	g.mu.Unlock()
	return g
}

func newGreenThread[T any](h *Hub, fn func() (T, error)) *GreenThread[T] {
	g := &GreenThread[T]{}
	g.t = h.newThread(func() {
		v, err := fn()
		g.val, g.err = v, err
	}, false)
	g.t.keep = true // g names it after it ends
	g.t.exit = g.exited
	return g
}

// exited runs on the thread's own goroutine as it ends.
func (g *GreenThread[T]) exited(how exitHow, val any, stack []byte) {
	g.mu.Lock()
	switch how {
	case exitPanic:
		var zero T
		g.val, g.err = zero, &PanicError{Value: val, Stack: stack}
	case exitGoexit:
		if g.err == nil {
			g.err = errGoexit
		}
	case exitInterrupt:
		var zero T
		g.val = zero
		g.err, _ = val.(error)
	}
	g.done = true
	g.q.wakeAll(nil)
	links := g.links
	g.links = nil
	g.mu.Unlock()
	for _, fn := range links {
		g.callLink(fn)
	}
}

func (g *GreenThread[T]) callLink(fn func(*GreenThread[T])) {
	defer func() {
		if r := recover(); r != nil {
			g.t.h.ErrorLog.Printf("link callback of green thread %d panicked: %v", g.t.id, r)
		}
	}()
	fn(g)
}

// ID is the thread's number in its hub, as Dump shows it.
func (g *GreenThread[T]) ID() uint64 { return g.t.id }

// Wait blocks until the thread ends and returns its result: fn's values,
// a *PanicError if it panicked, ErrKilled if it was killed or cancelled,
// the *Timeout that ended it, or ErrHubClosed.
func (g *GreenThread[T]) Wait() (T, error) {
	h := g.t.h
	t, err := h.enter()
	if err != nil {
		var zero T
		return zero, err
	}
	g.mu.Lock()
	if g.done {
		g.mu.Unlock()
		return g.val, g.err
	}
	w := newWaiter(t, "GreenThread.Wait")
	g.q.add(w)
	g.mu.Unlock()
	if err := w.wait(h, time.Time{}); err != nil {
		g.mu.Lock()
		g.q.remove(w)
		g.mu.Unlock()
		var zero T
		return zero, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.val, g.err
}

// Ready reports whether the thread has ended.
func (g *GreenThread[T]) Ready() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.done
}

// Kill ends the thread: at its current or next switch point it gets
// ErrKilled (as an error, or as a panic where the call has no error
// result) and unwinds, running its defers; every later switch point
// delivers it again. A thread that has not started never runs. Kill does
// not wait; Wait does. It cannot interrupt a thread blocked outside the hub.
func (g *GreenThread[T]) Kill() {
	g.Cancel()
	g.t.interrupt(ErrKilled, true)
}

// Cancel keeps a thread that has not started from ever running and
// reports whether it did so (Eventlet's cancel).
func (g *GreenThread[T]) Cancel() bool {
	h := g.t.h
	g.mu.Lock()
	tm := g.timer
	g.timer = nil
	g.mu.Unlock()
	if tm != nil && h.stopTimer(tm) {
		// It never reached the run queue: end it here.
		g.t.interrupt(ErrKilled, true)
		h.ready(g.t)
		return true
	}
	h.mu.Lock()
	notStarted := !g.t.started.Load()
	inQueue := false
	h.runq.each(func(t *thread) { inQueue = inQueue || t == g.t })
	h.mu.Unlock()
	if notStarted && inQueue {
		g.t.interrupt(ErrKilled, true)
		return true
	}
	return false
}

// Link calls fn with g when the thread ends (at once if it has), on the
// ending thread's goroutine; a panic in fn is logged.
func (g *GreenThread[T]) Link(fn func(*GreenThread[T])) {
	g.mu.Lock()
	if !g.done {
		g.links = append(g.links, fn)
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	g.callLink(fn)
}

// Run makes the caller a green thread of the default hub for as long as fn
// runs: the caller waits for its turn, runs fn on its own goroutine
// holding the hub, and lets the hub go when fn returns, panics or calls
// runtime.Goexit. So a test's t.FailNow inside Run ends the test as usual,
// and a panic in fn reaches the caller as the ordinary panic. A green
// thread calling Run just calls fn. On a closed hub fn does not run.
func Run(fn func()) { Default().Run(fn) }

// Run is the per-hub form of the package function.
func (h *Hub) Run(fn func()) {
	h.mustStart()
	if h.self() != nil {
		fn()
		return
	}
	t := &thread{h: h, wake: make(chan struct{}, 1)}
	t.started.Store(true) // Close must not start it on a goroutine of its own
	t.goid.Store(curGoid())
	h.addThread(t, true)
	<-t.wake
	if t.pending() != nil || h.closed.Load() {
		t.leave()
		return
	}
	defer t.leave()
	fn()
}

// leave ends a thread made by Run: it hands the hub on without parking. A
// panic the hub raised to stop the thread (a Kill, an uncaught Timeout,
// the hub closing) ends Run quietly, as it ends a spawned thread; any
// other panic goes on up the caller's stack.
func (t *thread) leave() {
	if r := recover(); r != nil && !isInterrupt(r) {
		defer panic(r)
	}
	t.finish(true, nil)
}
