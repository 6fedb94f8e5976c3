package hub

import (
	"runtime/debug"
	"sync/atomic"
	"time"
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
	start    func()      // the body of a goroutine of its own (newStart)
	normal   bool        // fn returned (rather than panicked or Goexit)
	keep     bool        // a pointer to it outlives the thread: never reused
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
// with run, it is also made runnable (under the same lock). The thread is
// one that ended before, when there is one to reuse (see recycleLocked).
func (h *Hub) newThread(fn func(), run bool) *thread {
	h.mu.Lock()
	var t *thread
	if n := len(h.spare); n > 0 {
		t = h.spare[n-1]
		h.spare[n-1] = nil
		h.spare = h.spare[:n-1]
	} else {
		t = &thread{h: h}
		// The RawConn callback of its fd waits, made now: made at the
		// first wait, its allocation would be the deepest moment of a
		// first Read. (A reused thread keeps its own.)
		t.own.initCallback()
		t.start = t.newStart()
	}
	t.fn = fn
	h.addThreadLocked(t, run)
	return t
}

// addThread numbers t and lists it among h's threads; with run, it is also
// made runnable (under the same lock).
func (h *Hub) addThread(t *thread, run bool) {
	h.mu.Lock()
	h.addThreadLocked(t, run)
}

// addThreadLocked is addThread with h.mu held; it releases h.mu.
func (h *Hub) addThreadLocked(t *thread, run bool) {
	h.nextID++
	t.id = h.nextID
	h.threads.add(t)
	h.serveLocked()
	h.stats.spawns.Add(1)
	if run {
		h.readyLocked(t)
		return
	}
	h.mu.Unlock()
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
	return h.selfDetached(g)
}

//go:noinline
func (h *Hub) selfDetached(g int64) *thread {
	h.mu.Lock()
	t := h.detached[g]
	h.mu.Unlock()
	return t
}

// enter is the first step of every green call: it starts the hub, finds
// the caller, takes the hub back if the caller had given it away, and
// delivers a pending interruption. t is nil for outsiders.
//
// It is on the way into every park, so its frame and those it calls stay
// small: the rare steps are calls of their own.
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
	if t.intr.Load() != nil {
		return t, t.pending()
	}
	return t, nil
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

// main runs a thread on a goroutine of its own, for Close's start of a
// thread that never ran (worker goroutines run threads in newStart's loop).
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

// returned finishes a thread whose function returned; a call of its own,
// so that a worker's frame stays small.
//
//go:noinline
func (t *thread) returned() { t.finish(true, nil) }

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
	h.wakeIfIdleLocked()
	// Offer this goroutine for the next thread now, under the same lock as
	// the hand-off below (not after it, which would contend with the next
	// holder). Goexit is still unwinding the goroutine: not that one.
	if t.wk != nil && !t.wk.gone && how != exitGoexit && h.serving && len(h.idleWorkers) < maxIdleWorkers {
		h.idleWorkers = append(h.idleWorkers, t.wk)
		t.wk.idle = true
	}
	holds := false
	if t.detached.Swap(false) {
		delete(h.detached, t.goid.Load())
		h.ndetached.Add(-1)
	} else {
		holds = h.current.Load() == t && !h.closed.Load()
	}
	if how != exitGoexit {
		h.recycleLocked(t)
	}
	if !holds {
		h.mu.Unlock()
		return
	}
	h.switchLocked(nil)
}

// recycleLocked keeps t, which has ended, for the next spawn: a spawn
// that allocates nothing is half the cost of one that does, and costs the
// collector nothing. Only a thread nobody can name any more is reused: not
// one with a GreenThread handle or a Timeout armed on it (keep), nor one
// run by Hub.Run (no worker). Everything else that held t — waiters,
// queues, the detached map, a Pool's members — let go of it before it
// ended. Its own waiter keeps the RawConn callback made for it, which is
// bound to the waiter's address. h.mu is held; the ending goroutine must
// not touch t after it releases h.mu.
func (h *Hub) recycleLocked(t *thread) {
	if t.keep || t.wk == nil || !h.serving || len(h.spare) >= maxIdleWorkers {
		return
	}
	t.id, t.fn, t.exit, t.wk, t.wake, t.normal, t.locals = 0, nil, nil, nil, nil, false, nil
	t.goid.Store(0)
	t.started.Store(false)
	t.waiter.Store(nil)
	t.intr.Store(nil)
	w := &t.own
	w.ch, w.err, w.reason, w.x, w.op, w.res, w.tm = nil, nil, "", nil, nil, nil, nil
	w.dl, w.extra = time.Time{}, time.Time{}
	h.spare = append(h.spare, t)
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
