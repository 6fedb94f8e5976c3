//go:build unix

package hub

import (
	"errors"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// With the netpoll kind a handle's fd is watched by Go's own netpoller —
// the one every goroutine blocked in the standard net package waits in,
// which gathers readiness for all of them in one epoll_wait — rather than
// by a poller of the hub's. The fd is wrapped in an *os.File, and a wait
// goes through its syscall.RawConn:
//
//   - the RawConn calls back at once; the callback, still holding the hub,
//     does the system call (Do) or checks readiness (Wait, Trampoline);
//   - if that would block, the callback queues the caller's waiter (for
//     deadlines, multiple-reader detection and Dump), gives the hub to the
//     next runnable thread and returns false: the goroutine parks in the
//     runtime's poller, as a goroutine of the standard net does;
//   - when the fd is ready the runtime wakes the goroutine, which claims
//     the wake-up and, for Do, does the system call again at once, before
//     it takes the hub back (at once if nobody holds it): the call touches
//     only the fd and the caller's buffer, so it may run beside the hub's
//     holder, and the hub is held for the caller's own code alone.
//
// Doing the system call inside the callback matters: the RawConn clears
// the fd's readiness when it starts, so readiness found before it would
// be lost.
//
// Everything else that wakes a waiter — Close, a deadline, a Timeout or
// Kill, the hub closing — fires the waiter, and firing a waiter that
// sleeps in Go's poller kicks it out: the File gets a read (or write)
// deadline in the past. The kicked waiter removes that deadline again
// once it is back, under np.mu, so a kick never outlives its wait. Real
// deadlines stay in the Handle and run on the hub's timers, as on every
// kind.
type netpollFd struct {
	f  *os.File
	rc syscall.RawConn

	mu     sync.Mutex
	kicked [2]*waiter // the waiter whose wake-up set the kick, per direction
}

// aLongTimeAgo is a deadline in the past: it wakes a RawConn wait at once.
var aLongTimeAgo = time.Unix(1, 0)

// newNetpollFd hands fd to Go's poller. Like epoll, it refuses what
// cannot be polled (regular files, directories), which the runtime would
// otherwise take as always ready.
func newNetpollFd(fd int) (*netpollFd, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, os.NewSyscallError("fstat", err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG, unix.S_IFDIR, unix.S_IFBLK:
		return nil, os.NewSyscallError("netpoll", unix.EPERM)
	}
	f := os.NewFile(uintptr(fd), "")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &netpollFd{f: f, rc: rc}, nil
}

// kick fires w, which waits on x in Go's poller.
func (x *Handle) kick(w *waiter, err error) bool { return x.np.kick(w, err) }

// kick wakes w, which sleeps (or is about to) in Go's poller, with err.
func (np *netpollFd) kick(w *waiter, err error) bool {
	np.mu.Lock()
	defer np.mu.Unlock()
	if !w.fired.CompareAndSwap(false, true) {
		return false
	}
	w.err = err
	np.kicked[w.mode.idx()] = w
	np.setDeadline(w.mode, aLongTimeAgo)
	return true
}

func (np *netpollFd) setDeadline(mode Mode, t time.Time) {
	if mode == Write {
		np.f.SetWriteDeadline(t)
	} else {
		np.f.SetReadDeadline(t)
	}
}

// back is the first thing w does on coming back from Go's poller: it
// claims the wake-up if nobody fired w (then the fd is ready) and removes
// a kick that w's own firing set. It reports whether w claimed it.
func (np *netpollFd) back(w *waiter) (ready bool) {
	if w.fired.CompareAndSwap(false, true) {
		// Nobody fired w, so no kick of its own is set (only the firing
		// that wins sets one, under np.mu): the lock is not needed.
		return true
	}
	np.mu.Lock()
	defer np.mu.Unlock()
	if i := w.mode.idx(); np.kicked[i] == w {
		np.kicked[i] = nil
		np.setDeadline(w.mode, time.Time{})
	}
	return false
}

// Do runs op, a non-blocking system call on the handle's fd, until it
// reports that it did not block (op returns false), waiting for mode
// readiness in between. It returns nil then, or why the wait ended:
// ErrClosed, os.ErrDeadlineExceeded, a *MultipleWaitersError, or an
// interruption. op runs while the caller holds the hub.
//
// Do is small enough to be inlined into its caller: a thread idle on a
// connection is parked under it, and every frame there counts (see
// do).
func (x *Handle) Do(mode Mode, op func(fd int) (wouldBlock bool)) error {
	return x.do(mode, op, nil)
}

// DoReleased is Do for a large transfer: the calling thread gives the hub
// up for the whole call — the system calls and the waits in Go's poller
// between them — and takes it back once, at the end, so that two green
// threads copying through a pipe use two cores, as two goroutines on a
// standard pipe do. op must touch nothing but the fd and the caller's own
// buffers. A Timeout or Kill still ends the wait. On the kinds that poll
// fds themselves, whose waits need the hub, each system call runs with the
// hub released and the waits between them hold it.
func (x *Handle) DoReleased(mode Mode, op func(fd int) (wouldBlock bool)) error {
	t, err := x.h.enter()
	if err != nil {
		return err
	}
	if t == nil { // an outsider holds no hub
		return x.Do(mode, op)
	}
	if x.np == nil {
		return x.releasedPolled(t, mode, op)
	}
	x.h.goOut(t)
	err = x.do(mode, op, x.readyWaiter(t, mode, op, time.Time{}))
	x.h.comeBack(t)
	return err
}

// releasedPolled is DoReleased on a kind that polls fds itself. After a
// would-block the call is tried once more holding the hub, as Do tries it,
// and only readiness found by the hub's poller sends it back out.
func (x *Handle) releasedPolled(t *thread, mode Mode, op func(int) bool) error {
	for {
		x.h.goOut(t)
		again := op(x.fd)
		x.h.comeBack(t)
		if !again {
			return nil
		}
		tried, ready := false, false
		err := x.doPolled(mode, func(fd int) bool {
			if tried { // woken by readiness: go back out of the hub
				ready = true
				return false
			}
			tried = true
			return op(fd)
		})
		if err != nil || !ready {
			return err
		}
	}
}

// doPolled is Do for the kinds that poll fds themselves.
func (x *Handle) doPolled(mode Mode, op func(fd int) bool) error {
	t, err := x.h.enter()
	if err != nil {
		return err
	}
	for {
		tok := x.Token(mode)
		if !op(x.fd) {
			return nil
		}
		if err := x.wait(t, mode, tok, time.Time{}); err != nil {
			return err
		}
	}
}

// Netpoll waiter states, in waiter.np.
const (
	npTry      = iota // the callback has yet to run op
	npDone            // op did not block, or the wait failed: see res
	npAsleep          // the waiter sleeps in Go's poller
	npWoken           // readiness woke it and op, run again, did not block
	npSpurious        // readiness woke it but op would still block
)

// do is the netpoll kind's one wait: for Do, with op the system call that
// the RawConn's callback runs and w nil; for Wait and Trampoline, with w
// their waiter, readied by readyWaiter (op nil: readiness alone). Do
// enters the hub here; Wait and Trampoline have entered already.
//
// A thread idle on a connection parks under this frame, and a goroutine's
// stack grows for the deepest moment of any call, not for the park: under
// a handler with large frames of its own (the examples' bufio loop),
// every byte between the handler and the deepest call counts against Go's
// smallest stack (2 KiB, of which the runtime keeps 928 bytes for
// itself). So the frames on the way (this one, the callback, op) are kept
// small: the rest is in calls that return first, every call takes few
// arguments (each word of them takes room in its caller's frame), and
// only w lives across a call.
func (x *Handle) do(mode Mode, op func(int) bool, w *waiter) error {
	if x.np == nil { // Do on a kind that polls fds itself
		return x.doPolled(mode, op)
	}
	if w == nil {
		var err error
		if w, err = x.opWaiter(mode, op); w == nil {
			return err
		}
	}
	for {
		w.np = npTry
		var err error
		if w.mode == Write {
			err = w.x.np.rc.Write(w.cb)
		} else {
			err = w.x.np.rc.Read(w.cb)
		}
		again, err := w.woke(err)
		if !again {
			return err
		}
	}
}

// opWaiter enters the hub and readies the caller's waiter for Do.
//
//go:noinline
func (x *Handle) opWaiter(mode Mode, op func(int) bool) (*waiter, error) {
	t, err := x.h.enter()
	if err != nil {
		return nil, err
	}
	return x.readyWaiter(t, mode, op, time.Time{}), nil
}

// readyWaiter readies the waiter of t (entered; nil for an outsider) for a
// wait on x: op as for Do, extra a deadline of the call's own.
func (x *Handle) readyWaiter(t *thread, mode Mode, op func(int) bool, extra time.Time) *waiter {
	var w *waiter
	if t == nil {
		w = outsiderWaiter()
	} else {
		w = ownWaiter(t, "fd")
	}
	w.x, w.fd, w.mode, w.op, w.extra = x, x.fd, mode, op, extra
	if w.cb == nil {
		// One of Run's threads: made at its first wait. (A spawned
		// thread's is made with it, see newThread.)
		w.initCallback()
	}
	return w
}

// outsiders keeps the waiters of outsiders' waits in Go's poller: a
// goroutine of net/http's server waits on every request's connection, and
// a waiter, its callback and all, costs several allocations. Nothing holds
// a waiter once its wait is over (woke has stopped its timer, taken it
// out of its queue and cleared its kick), so woke gives it back.
var outsiders = sync.Pool{New: func() any {
	w := &waiter{reason: "fd"}
	w.initCallback()
	return w
}}

// outsiderWaiter is a reset waiter from outsiders.
func outsiderWaiter() *waiter {
	w := outsiders.Get().(*waiter)
	w.err, w.dl, w.res = nil, time.Time{}, nil
	w.fired.Store(false)
	return w
}

// woke is what do does when the RawConn returns (err is its error): it
// tells whether to call it again, or else the result. An outsider's
// waiter goes back to outsiders with the result.
//
//go:noinline
func (w *waiter) woke(err error) (again bool, res error) {
	again, res = w.wokeOnce(err)
	if !again && w.t == nil {
		w.x, w.op = nil, nil // (hold no handle or buffer in the pool)
		outsiders.Put(w)
	}
	return again, res
}

// wokeOnce is woke for any waiter: it settles the wait that just ended.
//
//go:noinline
func (w *waiter) wokeOnce(err error) (again bool, res error) {
	x := w.x
	switch w.np {
	case npDone:
		return false, w.res
	case npTry: // the RawConn failed before calling back
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// Another waiter's kick, not yet removed: that waiter
			// removes it as soon as it runs.
			runtime.Gosched()
			return true, nil
		}
		return false, mapFileErr(err)
	}
	// A wake-up the callback claimed is readiness; otherwise back tells.
	ready := w.np != npAsleep || x.np.back(w)
	if w.tm != nil {
		x.h.stopTimer(w.tm)
		w.tm = nil
	}
	t := w.t
	if t != nil {
		t.waiter.Store(nil)
		if !t.detached.Load() { // (DoReleased comes back at the end)
			x.h.take(t)
		}
	}
	x.disarm(w, w.mode)
	if ready {
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return false, mapFileErr(err)
		}
		if w.np == npWoken {
			return false, nil
		}
		// Readiness: retry op (or, waiting for readiness alone, done). A
		// deadline error unclaimed was a kick meant for another waiter.
		return w.op != nil || err != nil, nil
	}
	if w.err == errTimedOut {
		return true, nil // re-read the deadline
	}
	if t != nil && w.err != nil {
		t.consume(w.err)
	}
	return false, w.err
}

// mapFileErr turns the os.File's own errors into the handle's.
func mapFileErr(err error) error {
	if errors.Is(err, os.ErrClosed) {
		return ErrClosed
	}
	return err
}

// initCallback makes w's RawConn callback: called first with the hub
// held, then once more when Go's poller finds the fd ready. It is a
// closure rather than a method value, whose wrapper would be one more
// frame under the RawConn, and keeps to the system call: the sleep is a
// call of its own.
//
// Woken by readiness, it claims the wake-up (a Close, deadline or
// interruption that fires w later finds it taken, as when it fires after
// the caller is back) and runs op again before the caller takes the hub
// back. Claimed first, so that a kick never lands after op has moved
// bytes. A kick that won already is left to woke, and so is readiness
// alone (Wait, Trampoline: nothing to run).
func (w *waiter) initCallback() {
	w.cb = func(uintptr) bool {
		if w.np == npAsleep {
			if w.op != nil && w.fired.CompareAndSwap(false, true) {
				if w.op(w.fd) {
					w.np = npSpurious
				} else {
					w.np = npWoken
				}
			}
			return true
		}
		if w.op != nil {
			if !w.op(w.fd) {
				w.np, w.res = npDone, nil
				return true
			}
		} else if pollReady(w.fd, w.mode) {
			w.np, w.res = npDone, nil
			return true
		}
		return w.sleep()
	}
}

// sleep is the callback's way to sleep: it queues w (for deadlines,
// multiple-reader detection and Dump) and gives the hub to the next
// runnable thread, and reports false; or, if w may not wait (the handle
// closing, the deadline passed, another green thread waiting), records
// the error and reports true.
//
// Its calls go deeper than the park that follows (locks, a deadline's
// timer, the hand-off), so sleep itself keeps to a frame of one word and
// they are calls of their own.
//
//go:noinline
func (w *waiter) sleep() bool {
	if !w.arm() {
		return true
	}
	if w.t != nil {
		w.leave(nil) // Go's poller wakes it, not the hub
	}
	return false
}

// arm queues w on its handle and arms its deadline; it reports whether w
// may sleep, or else records why not. A retry after a wake-up re-arms the
// same waiter: nothing holds it any more (it left the queue and the
// thread), so it may be reset.
//
//go:noinline
func (w *waiter) arm() bool {
	x := w.x
	w.err = nil
	w.fired.Store(false)
	x.mu.Lock()
	err := x.armLocked(w, w.extra)
	x.mu.Unlock()
	if err != nil {
		w.np, w.res = npDone, err
		return false
	}
	w.np = npAsleep
	if !w.dl.IsZero() {
		w.tm = w.armDeadline(x.h, w.dl)
	}
	return true
}
