package hub

import (
	"runtime/debug"
	"sync/atomic"
)

// thread is the hub's side of a green thread: a goroutine that runs only
// while it holds the hub.
type thread struct {
	h        *Hub
	id       uint64
	goid     atomic.Int64
	wake     chan struct{} // the baton arrives here (its worker's)
	prevT    *thread       // threadList links, under h.mu
	nextT    *thread
	fn       func()
	started  atomic.Bool
	detached atomic.Bool
	waiter   atomic.Pointer[waiter] // what it parks on, for interrupts and Dump
	intr     atomic.Pointer[intr]   // pending Timeout, kill or hub close
	exit     func(how exitHow, val any, stack []byte)
	wk       *worker     // the goroutine running it, if a worker
	wkIdle   bool        // finish offered wk for the next thread
	normal   bool        // fn returned (rather than panicked or Goexit)
	parks    int         // how often it parked (see busyParks)
	locals   map[any]any // Local[T] values; only the thread itself touches it
	own      waiter      // reused for handle waits and Sleep (see ownWaiter)
}

// intr is an interruption waiting to be delivered at a switch point.
// Sticky ones (kill, hub closed) are delivered at every switch point after.
type intr struct {
	err    error
	sticky bool
}

type exitHow int

const (
	exitReturn exitHow = iota
	exitPanic
	exitGoexit
	exitInterrupt // killed, an uncaught Timeout, or the hub closed
)

// newThread makes a thread that will run fn when first given the hub;
// with run, it is also made runnable (under the same lock).
func (h *Hub) newThread(fn func(), run bool) *thread {
	t := &thread{h: h, fn: fn}
	h.addThread(t, run)
	return t
}

// addThread numbers t and lists it among h's threads; with run, it is also
// made runnable (under the same lock).
func (h *Hub) addThread(t *thread, run bool) {
	h.mu.Lock()
	h.nextID++
	t.id = h.nextID
	h.threads.add(t)
	wake := false
	if run {
		h.runq.push(t)
		wake = h.idle
		h.idle = false
	}
	h.mu.Unlock()
	if wake {
		h.p.wakeup()
	}
	h.stats.spawns.Add(1)
}

// threadList is the hub's live threads, linked through the threads
// themselves (a map would hash on every spawn and exit).
type threadList struct {
	head *thread
	n    int
}

func (l *threadList) add(t *thread) {
	t.nextT = l.head
	if l.head != nil {
		l.head.prevT = t
	}
	l.head = t
	l.n++
}

func (l *threadList) remove(t *thread) {
	if t.prevT != nil {
		t.prevT.nextT = t.nextT
	} else if l.head == t {
		l.head = t.nextT
	} else {
		return // not in the list
	}
	if t.nextT != nil {
		t.nextT.prevT = t.prevT
	}
	t.prevT, t.nextT = nil, nil
	l.n--
}

// self returns the calling goroutine's green thread on h, or nil for an
// outsider. The holder is found without a lock; threads that gave the hub
// away (Blocking, or passed over by the watchdog) are in a small map.
func (h *Hub) self() *thread {
	g := curGoid()
	if c := h.current.Load(); c != nil && c.goid.Load() == g {
		return c
	}
	if h.ndetached.Load() == 0 {
		return nil
	}
	h.mu.Lock()
	t := h.detached[g]
	h.mu.Unlock()
	return t
}

// enter is the first step of every green call: it starts the hub, finds
// the caller, takes the hub back if the caller had given it away, and
// delivers a pending interruption. t is nil for outsiders.
func (h *Hub) enter() (t *thread, err error) {
	if err := h.start(); err != nil {
		return nil, err
	}
	t = h.self()
	if t == nil {
		return nil, nil
	}
	if t.detached.Load() {
		h.attach(t)
	}
	return t, t.pending()
}

// pending delivers (and, unless sticky, consumes) the thread's interruption.
func (t *thread) pending() error {
	p := t.intr.Load()
	if p == nil {
		return nil
	}
	if !p.sticky {
		t.intr.CompareAndSwap(p, nil)
	}
	return p.err
}

// interrupt asks t to stop waiting with err: now if it is parked, else at
// its next switch point.
func (t *thread) interrupt(err error, sticky bool) {
	p := &intr{err: err, sticky: sticky}
	for {
		old := t.intr.Load()
		if old != nil && old.sticky {
			return
		}
		if old != nil && !sticky {
			return // one pending Timeout at a time; the first wins
		}
		if t.intr.CompareAndSwap(old, p) {
			break
		}
	}
	if w := t.waiter.Load(); w != nil {
		w.fire(err)
	}
}

// consume clears a non-sticky interruption that was delivered through a
// waiter rather than by pending.
func (t *thread) consume(err error) {
	if p := t.intr.Load(); p != nil && !p.sticky && p.err == err {
		t.intr.CompareAndSwap(p, nil)
	}
}

// ready makes t runnable. Any goroutine may call it.
func (h *Hub) ready(t *thread) {
	h.mu.Lock()
	h.runq.push(t)
	wake := h.idle
	h.idle = false
	h.mu.Unlock()
	if wake {
		h.p.wakeup()
	}
}

// switchLocked hands the hub from self (its holder; nil when self is
// leaving for good or has detached) to the next runnable thread or to the
// loop, then, if self is non-nil, parks self until the hub comes back.
// h.mu is held on entry and released.
func (h *Hub) switchLocked(self *thread) {
	if h.handOffLocked(self) {
		<-self.wake
	}
}

// busyParks is how often a thread must have parked before it runs the
// loop's poll itself (see handOffLocked).
const busyParks = 8

// handOffLocked does switchLocked's hand-off and reports whether self must
// now wait for the hub to come back. It returns before self parks, so its
// frame is not among those under a parked thread (see waiter.wait).
//
//go:noinline
func (h *Hub) handOffLocked(self *thread) (mustWait bool) {
	var next *thread
	if h.runq.len() > 0 && h.sincePoll < pollEvery {
		next = h.runq.pop()
		h.sincePoll++
		if next == self {
			h.mu.Unlock()
			return false
		}
	} else if self != nil && self.parks >= busyParks {
		// Nothing else to run, or time to poll, and self is a busy thread:
		// it does the loop's work itself rather than hand the hub to the
		// loop goroutine and wait to be handed it back, which would cost
		// two hand-offs per wake-up when self is the one the poll wakes
		// (one busy connection). Polling runs deeper than parking, so the
		// goroutine's stack grows past Go's smallest; a thread that has
		// parked only a few times (an idle connection) leaves the poll to
		// the loop goroutine and keeps its stack small.
		h.switches++
		h.current.Store(nil)
		h.mu.Unlock()
		next, wk, ok := h.runLoop()
		if !ok || next == self {
			return false
		}
		h.resume(next, wk)
		return true
	}
	h.switches++
	h.current.Store(next)
	var wk *worker
	if next != nil && !next.started.Load() {
		wk = h.workerLocked(next)
	}
	h.mu.Unlock()
	h.resume(next, wk)
	return self != nil
}

// resume gives the hub to next (nil: the loop). A thread that has not
// started runs on wk, an idle worker goroutine, or on a new one.
//
//go:noinline
func (h *Hub) resume(next *thread, wk *worker) {
	switch {
	case next == nil:
		h.loopBaton <- struct{}{}
	case !next.started.Load() && !next.started.Swap(true): // Load: no locked op per switch
		if wk.fresh {
			wk.fresh = false
			go h.work(next)
		} else {
			wk.next <- next
		}
	default:
		next.wake <- struct{}{}
	}
}

// A worker is a goroutine that runs green threads one after another.
// Starting a goroutine costs more than waking a parked one, so a goroutine
// whose thread ended waits (up to maxIdleWorkers of them) for the next
// thread to start instead of exiting.
type worker struct {
	next  chan *thread  // the next thread to run, nil to exit
	wake  chan struct{} // the wake channel of the thread it runs
	fresh bool          // no goroutine yet: resume starts one
}

const maxIdleWorkers = 256

// workerLocked picks the goroutine that will run next, which has not
// started: an idle worker, or a new one. The thread takes the worker's
// wake channel (one allocation per goroutine, not per thread).
func (h *Hub) workerLocked(next *thread) *worker {
	var wk *worker
	if n := len(h.idleWorkers); n > 0 {
		wk = h.idleWorkers[n-1]
		h.idleWorkers[n-1] = nil
		h.idleWorkers = h.idleWorkers[:n-1]
	} else {
		wk = &worker{next: make(chan *thread, 1), wake: make(chan struct{}, 1), fresh: true}
	}
	next.wk, next.wake = wk, wk.wake
	return wk
}

// work runs t, then further threads handed to it, on this goroutine.
// (A thread that calls runtime.Goexit ends the goroutine with it.)
func (h *Hub) work(t *thread) {
	for {
		t.main()
		wk := t.wk
		if !t.wkIdle {
			return
		}
		if t = <-wk.next; t == nil {
			return // the hub closed
		}
	}
}

// yield puts t at the back of the run queue and runs the others first.
func (h *Hub) yield(t *thread) {
	h.mu.Lock()
	if h.closed.Load() {
		h.mu.Unlock()
		return
	}
	if h.runq.len() == 0 {
		// Alone: let the loop fire due timers and poll, as Eventlet's
		// sleep(0) passes through the hub.
		h.sincePoll = pollEvery
	}
	h.runq.push(t)
	h.switchLocked(t)
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

// attach waits until t holds the hub again.
func (h *Hub) attach(t *thread) {
	h.mu.Lock()
	if !t.detached.Swap(false) {
		h.mu.Unlock()
		return
	}
	delete(h.detached, t.goid.Load())
	h.ndetached.Add(-1)
	if h.closed.Load() {
		h.mu.Unlock()
		return
	}
	h.runq.push(t)
	wake := h.idle
	h.idle = false
	h.mu.Unlock()
	if wake {
		h.p.wakeup()
	}
	<-t.wake
}

// main is the goroutine of a green thread; it starts holding the hub.
//
// Its frame, like every frame under a parked thread, is kept small (see
// waiter.wait): the cold start is a call of its own and the deferred end a
// method.
func (t *thread) main() {
	if !t.begin() {
		return
	}
	defer t.end()
	t.fn()
	t.normal = true
}

// begin reports whether the thread should run; one cancelled or killed
// before it ran ends here.
//
//go:noinline
func (t *thread) begin() bool {
	t.goid.Store(curGoid())
	if err := t.pending(); err != nil || t.h.closed.Load() {
		if err == nil {
			err = ErrHubClosed
		}
		t.finish(false, err)
		return false
	}
	return true
}

// end is main's deferred call: how did fn end?
func (t *thread) end() {
	var r any
	if t.normal || !t.h.cfg.fatalPanics.Load() {
		r = recover()
	}
	t.finish(t.normal, r)
}

// finish records how the thread ended, runs its exit hook, and hands the
// hub on without parking.
func (t *thread) finish(normal bool, r any) {
	h := t.h
	how, val := exitReturn, r
	var stack []byte
	switch {
	case normal:
	case r == nil:
		how = exitGoexit
	case isInterrupt(r):
		how = exitInterrupt
	default:
		how = exitPanic
		stack = debug.Stack()
		h.ErrorLog.Printf("green thread %d panicked: %v\n%s", t.id, r, stack)
	}
	if t.exit != nil {
		t.exit(how, val, stack)
	}
	t.waiter.Store(nil)
	h.mu.Lock()
	h.threads.remove(t)
	// Offer this goroutine for the next thread now, under the same lock as
	// the hand-off below (not after it, which would contend with the next
	// holder). Goexit is still unwinding the goroutine: not that one.
	if t.wk != nil && how != exitGoexit && !h.closed.Load() && len(h.idleWorkers) < maxIdleWorkers {
		h.idleWorkers = append(h.idleWorkers, t.wk)
		t.wkIdle = true
	}
	if t.detached.Swap(false) {
		delete(h.detached, t.goid.Load())
		h.ndetached.Add(-1)
		h.mu.Unlock()
		return
	}
	if h.current.Load() != t || h.closed.Load() {
		h.mu.Unlock()
		return
	}
	h.switchLocked(nil)
}

// isInterrupt tells the panics the hub itself raises at switch points.
func isInterrupt(r any) bool {
	switch r := r.(type) {
	case *Timeout:
		return true
	case error:
		return r == ErrKilled || r == ErrHubClosed
	}
	return false
}
