package hub

import (
	"runtime"
	"time"
)

// The scheduler: how the hub passes between green threads.
//
// The hub is a baton. At any moment either one green thread holds it
// (h.current) or nobody does; only its holder runs green code. Every
// transfer happens under h.mu:
//
//   - Hand-off. A holder that blocks in a green call (park), yields, or
//     ends gives the baton to the first thread of the run queue and wakes
//     that thread's goroutine (a send on its wake channel, which the Go
//     scheduler keeps on the same P). With the run queue empty the baton
//     is dropped: nobody holds it. (The send also wakes an idle P, whose
//     thread finds nothing to run and sleeps again: with one holder at a
//     time, most of what the hub costs over goroutines under load is
//     this, and threads that Go's netpoller readies on the other P
//     finding the baton held.)
//   - Ready. Whatever makes a thread runnable — a waker, a timer, a
//     spawn — queues it if the baton is held, or, when nobody holds it,
//     gives the baton to that thread at once. So the run queue is empty
//     whenever the baton is free, and a thread woken on an idle hub starts
//     running without passing through any other goroutine.
//   - Park. A thread that waits puts its waiter where the waker finds it,
//     then hands off and receives on its wake channel. A waker that fires
//     early has queued the thread already, so the hand-off finds it and
//     nothing is lost.
//   - Take. A thread that comes back from outside the hub (Blocking, a
//     stall hand-off, an fd wait in Go's poller) takes the free baton
//     itself, or queues and waits for it. A native wait of rewritten code
//     (a channel operation, a sync lock: outside) drops the baton first
//     without trying the operation again: its partner, woken natively by
//     the operation that made it ready, is on its way back and must find
//     the baton free, or it queues and costs a second wake-up.
//
// The loop is a goroutine of its own that never holds the baton: it sleeps
// in the poller until the next timer or fd event, fires due timers and
// dispatches events, and both only ready threads. With the netpoll kind,
// fd waits block in Go's own netpoller instead (see handle_netpoll.go) and
// the loop only keeps time. The watchdog (watchdog.go) watches the holder;
// its clock stops while nobody holds the hub, and the next take starts it.
//
// An idle hub holds no goroutines: when no green thread, timer or polled
// handle is left, the loop lingers briefly, then it and the watchdog end
// (along with the goroutines and thread records kept to start new threads);
// the next use
// starts them again (serveLocked).

// linger is how long an idle hub keeps its goroutines before they end.
const linger = 50 * time.Millisecond

// ready makes t runnable. Any goroutine may call it.
func (h *Hub) ready(t *thread) {
	h.mu.Lock()
	h.readyLocked(t)
}

// readyLocked is ready with h.mu held; it releases h.mu.
func (h *Hub) readyLocked(t *thread) {
	if h.current.Load() != nil || h.closed.Load() {
		h.runq.push(t)
		h.mu.Unlock()
		return
	}
	h.grabLocked(t)
	wk := h.workerFor(t)
	h.mu.Unlock()
	h.resume(t, wk)
}

// grabLocked makes t the holder of the free baton. A hub nobody held may
// have stopped its watchdog's clock (see watchdog.run): the holder needs
// watching again.
func (h *Hub) grabLocked(t *thread) {
	h.switches++
	h.current.Store(t)
	if h.wd.paused {
		h.restartWatchdogLocked()
	}
}

// take makes the calling thread t the holder again: at once if the baton
// is free, else after the threads queued before it.
func (h *Hub) take(t *thread) {
	h.mu.Lock()
	h.takeLocked(t)
}

// takeLocked is take with h.mu held; it releases h.mu.
func (h *Hub) takeLocked(t *thread) {
	if h.closed.Load() {
		h.mu.Unlock()
		return
	}
	if h.current.Load() == nil {
		h.grabLocked(t)
		h.mu.Unlock()
		return
	}
	h.runq.push(t)
	h.mu.Unlock()
	<-t.wake
}

// handOffLocked gives the baton from its holder to the next runnable
// thread, or drops it; self is the holder, or nil when the holder leaves
// for good or steps outside the hub. It releases h.mu and reports whether
// self must now wait on its wake channel (false: self was next itself).
//
// It returns before self waits, so its frame is not among those under a
// parked thread (see waiter.wait).
//
//go:noinline
func (h *Hub) handOffLocked(self *thread) (mustWait bool) {
	var next *thread
	if h.runq.len() > 0 {
		next = h.runq.pop()
		if next == self {
			h.mu.Unlock()
			return false
		}
	}
	h.switches++
	h.current.Store(next)
	if next == nil {
		h.mu.Unlock()
		return self != nil
	}
	wk := h.workerFor(next)
	h.mu.Unlock()
	h.resume(next, wk)
	return self != nil
}

// switchLocked hands off and, if self is non-nil, waits until the baton
// comes back. h.mu is held on entry and released.
func (h *Hub) switchLocked(self *thread) {
	if h.handOffLocked(self) {
		<-self.wake
	}
}

// resume wakes next, which now holds the baton. A thread that has not
// started runs on wk, an idle worker goroutine, or on a goroutine of its
// own (wk is newGoroutine).
//
// resume often runs deep in a stack: in a thread that parks, inside Go's
// poller callback, under the thread's own handler. It allocates nothing
// there (an allocation is the deepest call a goroutine makes, and would
// grow the parking thread's stack for good): the new goroutine's start
// was made with the thread, and the goroutine makes its worker itself.
//
//go:noinline
func (h *Hub) resume(next *thread, wk *worker) {
	switch {
	case wk == nil:
		next.wake <- struct{}{}
	case !next.started.Swap(true):
		if wk == newGoroutine {
			go next.start()
		} else {
			wk.next <- next
		}
	}
}

// yield puts t at the back of the run queue and runs the others first.
// Alone, it lets other goroutines run (the loop may have events to
// dispatch) and goes on; that still counts as a switch, as Eventlet's
// sleep(0) passes through the hub, so the watchdog and the blocking
// detector do not take a thread that keeps yielding for one that computes.
// It is handOffLocked and resume written out for the one case Yield has:
// the next thread is another one.
func (h *Hub) yield(t *thread) {
	h.mu.Lock()
	if h.closed.Load() || h.runq.len() == 0 {
		h.switches++
		h.mu.Unlock()
		runtime.Gosched()
		return
	}
	next := h.runq.pop()
	h.runq.push(t)
	h.switches++
	h.current.Store(next)
	if next.started.Load() {
		h.mu.Unlock()
		next.wake <- struct{}{}
	} else {
		wk := h.workerFor(next)
		h.mu.Unlock()
		h.resume(next, wk)
	}
	<-t.wake
}

// detach gives the hub away while t goes on running outside it (Blocking,
// Execute, or the watchdog passing over a stalled t).
func (h *Hub) detach(t *thread) {
	h.mu.Lock()
	h.detachLocked(t)
	if h.current.Load() == t && !h.closed.Load() {
		h.switchLocked(nil)
		return
	}
	h.mu.Unlock()
}

func (h *Hub) detachLocked(t *thread) {
	if t.detached.Swap(true) {
		return
	}
	h.detached[t.goid.Load()] = t
	h.ndetached.Add(1)
}

// outside runs fn, a native wait that makes no green call (a channel
// operation, a sync lock), with the hub given up, and takes the hub back
// afterwards, also when fn panics. It is Blocking for the waits of
// rewritten code, kept short because they are as frequent as a channel
// hand-off: no entry in h.detached (nothing in fn asks who its caller is)
// and one lock each way. When fn's partner is a green thread, it is the
// partner's own wait that ends fn, and the partner then gives the hub up
// next; so a thread is woken natively at most once per hand-off.
func (h *Hub) outside(fn func()) {
	t, err := h.enter()
	raise(err)
	if t == nil {
		fn()
		return
	}
	h.goOut(t)
	defer h.comeBack(t)
	fn()
}

// goOut gives the hub up for t, which goes on outside it, flagged as
// detached (for Dump) but not listed in h.detached: what it does outside
// never asks who its caller is.
func (h *Hub) goOut(t *thread) {
	h.mu.Lock()
	t.detached.Store(true)
	if h.current.Load() == t && !h.closed.Load() {
		h.handOffLocked(nil)
	} else {
		h.mu.Unlock()
	}
}

// comeBack is goOut's return to the hub: take, with the flag cleared
// under the same lock.
func (h *Hub) comeBack(t *thread) {
	h.mu.Lock()
	t.detached.Store(false)
	h.takeLocked(t)
}

// attach waits until t holds the hub again.
func (h *Hub) attach(t *thread) {
	h.mu.Lock()
	if !t.detached.Swap(false) {
		h.mu.Unlock()
		return
	}
	delete(h.detached, t.goid.Load())
	h.ndetached.Add(-1)
	h.takeLocked(t)
}

// A worker is a goroutine that runs green threads one after another.
// Starting a goroutine costs more than waking a parked one, so a goroutine
// whose thread ended waits (up to maxIdleWorkers of them, while the hub
// serves) for the next thread to start instead of exiting.
type worker struct {
	next  chan *thread  // the next thread to run, nil to exit
	wake  chan struct{} // the wake channel of the thread it runs
	idle  bool          // its thread's end offered it for the next one
	gone  bool          // its goroutine unwinds with a thread: never offered
	cur   *thread       // the thread it runs, for end
	endFn func()        // end as a func value: deferred, one word of the start's frame
}

const maxIdleWorkers = 256

// newGoroutine is workerFor's answer when no worker is idle: resume starts
// the thread's own goroutine.
var newGoroutine = new(worker)

// workerFor returns nil for a thread that runs already, else the worker
// that will run it: an idle one (the thread takes its wake channel, one
// allocation per goroutine, not per thread), or newGoroutine.
func (h *Hub) workerFor(next *thread) *worker {
	if next.started.Load() {
		return nil
	}
	n := len(h.idleWorkers)
	if n == 0 {
		return newGoroutine
	}
	wk := h.idleWorkers[n-1]
	h.idleWorkers[n-1] = nil
	h.idleWorkers = h.idleWorkers[:n-1]
	next.wk, next.wake = wk, wk.wake
	return wk
}

// newStart makes t's start: the body of a worker goroutine whose first
// thread is t. It is made once per thread, with the thread, so that resume
// can start a goroutine without allocating; a reused thread keeps it.
//
// A thread's function runs right under this frame, as a go statement's
// runs right under the goroutine's start: an idle connection's thread
// then keeps Go's smallest stack whenever the standard net's goroutine
// would. So the function is a closure, not a call of one (which would be
// a frame more), a thread that returns is finished here, and only one
// that panics, is killed or calls runtime.Goexit unwinds into the worker's
// end, which finishes it and lets the goroutine end (an unwound goroutine
// is not reused). The loop does not touch a thread after the thread's
// end: that may be reused.
func (t *thread) newStart() func() {
	return func() {
		wk := t.newWorker()
		end := wk.endFn // (defer wk.end() would keep a closure here)
		defer end()
		for {
			if wk.cur.begin() {
				wk.cur.fn()
				t := wk.cur
				wk.cur = nil // (finish may give t to the next spawn)
				t.returned()
			} else {
				wk.cur = nil // begin finished it
			}
			if !wk.idle {
				return
			}
			if wk.cur = wk.nextThread(); wk.cur == nil {
				return // the hub closed or went idle
			}
		}
	}
}

// newWorker makes the calling goroutine the worker of t, its first
// thread, at the top of the goroutine's stack. (Close reads a thread's
// wake channel under h.mu.)
//
//go:noinline
func (t *thread) newWorker() *worker {
	h := t.h
	wk := &worker{next: make(chan *thread, 1), wake: make(chan struct{}, 1), cur: t}
	wk.endFn = wk.end
	h.mu.Lock()
	t.wk, t.wake = wk, wk.wake
	h.mu.Unlock()
	return wk
}

// nextThread waits for the next thread to run; nil: end the goroutine.
//
//go:noinline
func (wk *worker) nextThread() *thread {
	wk.idle = false
	return <-wk.next
}

// end is a worker's deferred call; it has work to do only when a thread
// unwound rather than returned.
func (wk *worker) end() {
	t := wk.cur
	if t == nil {
		return
	}
	wk.cur = nil
	wk.gone = true // this goroutine ends with the thread: not offered again
	var r any
	if !t.h.cfg.fatalPanics.Load() {
		r = recover()
	}
	t.finish(false, r)
}

// serveLocked starts the loop and the watchdog unless they run.
func (h *Hub) serveLocked() {
	if h.serving || h.closed.Load() || h.p == nil {
		return
	}
	h.serving = true
	h.stopServe = make(chan struct{})
	h.svc.Add(2)
	go h.loop(h.stopServe)
	h.startWatchdogLocked()
	listRunning(h)
}

// stopServingLocked lets the watchdog and idle workers end; the loop
// returns by itself.
func (h *Hub) stopServingLocked() {
	if !h.serving {
		return
	}
	h.serving = false
	close(h.stopServe)
	h.wd.clock.stop()
	h.wd.clock, h.wd.paused = nil, false
	for _, wk := range h.idleWorkers {
		wk.next <- nil
	}
	h.idleWorkers = nil
	h.spare = nil
	unlistRunning(h)
}

// idleLocked reports whether the hub has nothing that needs its goroutines.
func (h *Hub) idleLocked() bool {
	return h.threads.n == 0 && len(h.timers) == 0 && (h.netpoll || h.nhandles.Load() == 0)
}

// wakeIfIdleLocked wakes a sleeping loop when the hub has just gone idle
// (its last thread ended, its last timer or polled handle went), so that
// it starts to linger rather than sleep on.
func (h *Hub) wakeIfIdleLocked() {
	if h.sleeping && h.idleLocked() {
		h.sleeping = false
		h.p.wakeup()
	}
}

// loop fires timers and dispatches fd events until the hub closes or stays
// idle for linger.
func (h *Hub) loop(stop chan struct{}) {
	defer h.svc.Done()
	var idleSince time.Time
	for {
		now := time.Now()
		h.mu.Lock()
		if h.closed.Load() || h.stopServe != stop {
			h.mu.Unlock()
			return
		}
		h.due = h.dueTimersLocked(now, h.due[:0])
		ndue := len(h.due)
		timeout := time.Duration(-1)
		h.sleepUntil = time.Time{}
		switch {
		case ndue > 0:
		case len(h.timers) > 0:
			idleSince = time.Time{}
			h.sleepUntil = h.timers[0].when
			timeout = h.sleepUntil.Sub(now)
		case h.idleLocked():
			if idleSince.IsZero() {
				idleSince = now
			}
			if timeout = linger - now.Sub(idleSince); timeout <= 0 {
				h.stopServingLocked()
				h.mu.Unlock()
				return
			}
		default:
			idleSince = time.Time{}
		}
		h.sleeping = ndue == 0
		h.mu.Unlock()
		if ndue > 0 {
			for i, t := range h.due {
				h.due[i] = nil
				h.mu.Lock()
				if t.stopped {
					h.mu.Unlock()
					continue
				}
				t.ran, h.firing = true, t
				h.mu.Unlock()
				t.fn()
				h.mu.Lock()
				h.firing = nil
				h.timerDone.Broadcast()
				h.mu.Unlock()
			}
			continue
		}
		n, err := h.p.wait(h.evs, timeout)
		h.mu.Lock()
		h.sleeping = false
		h.mu.Unlock()
		h.stats.polls.Add(1)
		if err != nil && !h.closed.Load() {
			h.ErrorLog.Printf("poller: %v", err)
		}
		h.dispatch(h.evs[:n])
	}
}

func (h *Hub) dueTimersLocked(now time.Time, due []*timer) []*timer {
	for len(h.timers) > 0 && !h.timers[0].when.After(now) {
		due = append(due, h.timers.pop())
	}
	return due
}

// addTimer arms fn at when; fn runs on the loop goroutine and only readies
// or fires things (it does not hold the hub).
func (h *Hub) addTimer(when time.Time, fn func()) *timer {
	t := &timer{when: when, fn: fn}
	h.mu.Lock()
	h.serveLocked()
	h.timers.push(t)
	wake := h.sleeping && (h.sleepUntil.IsZero() || when.Before(h.sleepUntil))
	if wake {
		h.sleeping = false
	}
	h.mu.Unlock()
	if wake {
		h.p.wakeup()
	}
	return t
}
