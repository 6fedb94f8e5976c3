//go:build unix

package hub

import (
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A Handle is the hub's reference-counted hold on one fd. Everything that
// waits on the fd waits through it, so that Close can wake every waiter
// with an error and take the fd out of the poller before the number can be
// reused (epoll keeps watching a closed fd while a dup of it lives, and a
// reused number must never report its predecessor's waiters).
//
// Each direction (Read, Write) has an operation lock, like internal/poll's
// fdMutex: a whole Read call holds the read lock, so outsiders' calls on
// one handle are serialized as net.Conn promises, and a second green thread
// that wants the lock while another green thread holds it is the
// "simultaneous read" that multiple-reader detection reports.
type Handle struct {
	h  *Hub
	fd int
	id uint64

	np *netpollFd // with the netpoll kind: the fd in Go's poller

	mu      sync.Mutex
	closing bool
	refs    int  // the open reference plus operations in flight
	detect  int8 // -1 off, 0 as the hub says, 1 on
	dirs    [2]dir
}

type dir struct {
	seq      atomic.Uint64 // readiness edges seen
	deadline atomic.Int64  // unix ns, 0: none; the fd's only copy
	locked   bool
	owner    *thread // green holder of the lock (nil: an outsider or none)
	lockq    waitq   // callers queued for the lock
	waiters  waitq   // callers waiting for readiness
	// The waiters' first slot, so that a wait does not allocate: an
	// allocation on the way into a park can grow the thread's stack.
	slot [1]*waiter
}

func (m Mode) idx() int {
	if m == Write {
		return 1
	}
	return 0
}

// Register hands fd (non-blocking, owned by the caller until now) to the
// default hub. The Handle's Close closes it.
func Register(fd int) (*Handle, error) { return Default().Register(fd) }

// Register is the per-hub form of the package function.
func (h *Hub) Register(fd int) (*Handle, error) {
	if err := h.start(); err != nil {
		return nil, err
	}
	x := &Handle{h: h, fd: fd, refs: 1}
	for i := range x.dirs {
		x.dirs[i].waiters.ws = x.dirs[i].slot[:0]
	}
	h.hmu.Lock()
	h.nextHandle++
	x.id = h.nextHandle
	h.handles[x.id] = x
	h.nhandles.Add(1)
	h.hmu.Unlock()
	var err error
	if h.netpoll {
		x.np, err = newNetpollFd(fd)
	} else {
		err = h.p.register(fd, x.id)
	}
	if err != nil {
		h.forget(x)
		return nil, err
	}
	if !h.netpoll { // the loop polls the handle
		h.mu.Lock()
		h.serveLocked()
		h.mu.Unlock()
	}
	return x, nil
}

// Fd is the handle's descriptor; valid while the caller holds a lock or a
// reference.
func (x *Handle) Fd() int { return x.fd }

// Hub is the hub the handle belongs to.
func (x *Handle) Hub() *Hub { return x.h }

// SetDetect turns multiple-reader detection on or off for this handle;
// off, green threads queue for it in order, as outsiders do.
func (x *Handle) SetDetect(on bool) {
	x.mu.Lock()
	if on {
		x.detect = 1
	} else {
		x.detect = -1
	}
	x.mu.Unlock()
}

func (x *Handle) detecting() bool {
	if x.detect != 0 {
		return x.detect > 0
	}
	return !x.h.cfg.noDetect.Load()
}

// Incref takes a reference for an operation that needs the fd to stay
// open but not the direction lock.
func (x *Handle) Incref() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closing {
		return ErrClosed
	}
	x.refs++
	return nil
}

// Decref drops a reference; the last one closes the fd.
func (x *Handle) Decref() {
	x.mu.Lock()
	x.decrefLocked()
}

// decrefLocked drops a reference and unlocks x.mu.
func (x *Handle) decrefLocked() {
	x.refs--
	last := x.refs == 0
	x.mu.Unlock()
	if last {
		if x.np != nil {
			x.np.f.Close() // closes x.fd once Go's poller lets go of it
		} else {
			unix.Close(x.fd)
		}
	}
}

// Lock takes the direction's operation lock and a reference. It waits
// behind other holders, unless the caller is a green thread, another green
// thread holds it, and detection is on: then it fails with a
// *MultipleWaitersError at once.
func (x *Handle) Lock(mode Mode) error {
	t, err := x.h.enter()
	if err != nil {
		return err
	}
	x.mu.Lock()
	if d := &x.dirs[mode.idx()]; !d.locked && !x.closing {
		d.locked, d.owner = true, t
		x.refs++
		x.mu.Unlock()
		return nil
	}
	x.mu.Unlock()
	return x.lockSlow(t, mode)
}

// lockSlow is Lock when the lock is taken or the handle closing: Lock's
// frame is under every first Read of a connection, so what waits is a
// call of its own.
//
//go:noinline
func (x *Handle) lockSlow(t *thread, mode Mode) error {
	for {
		x.mu.Lock()
		if x.closing {
			x.mu.Unlock()
			return ErrClosed
		}
		d := &x.dirs[mode.idx()]
		if !d.locked {
			d.locked, d.owner = true, t
			x.refs++
			x.mu.Unlock()
			return nil
		}
		if t != nil && d.owner != nil && d.owner != t && x.detecting() {
			x.mu.Unlock()
			return &MultipleWaitersError{Fd: x.fd, Mode: mode, First: d.owner.id, Second: t.id}
		}
		dl := d.when()
		if !dl.IsZero() && !time.Now().Before(dl) {
			x.mu.Unlock()
			return os.ErrDeadlineExceeded
		}
		w := ownWaiter(t, "fd lock")
		w.fd, w.mode = x.fd, mode
		d.lockq.add(w)
		x.mu.Unlock()
		err := w.wait(x.h, dl)
		if err == nil {
			return nil // Unlock handed the lock (and its reference) to us
		}
		x.mu.Lock()
		d.lockq.remove(w)
		x.mu.Unlock()
		if err == errTimedOut {
			continue // re-read the deadline
		}
		return err
	}
}

// Unlock releases the direction lock, handing it to the next queued
// caller, and drops the reference Lock took.
func (x *Handle) Unlock(mode Mode) {
	x.mu.Lock()
	d := &x.dirs[mode.idx()]
	if w := d.lockq.wakeOne(nil); w != nil {
		d.owner = w.t
		x.mu.Unlock()
		return
	}
	d.locked, d.owner = false, nil
	x.decrefLocked()
}

// Token is the direction's readiness edge count. Take it before the
// syscall whose EAGAIN makes you Wait, so that an edge in between is seen.
func (x *Handle) Token(mode Mode) uint64 { return x.dirs[mode.idx()].seq.Load() }

// Wait parks the caller until the direction sees a readiness edge newer
// than token. It returns nil then (retry the syscall), ErrClosed when the
// handle closes, os.ErrDeadlineExceeded when the direction's deadline
// passes, or a Timeout/kill/hub-closed interruption.
func (x *Handle) Wait(mode Mode, token uint64) error {
	t, err := x.h.enter()
	if err != nil {
		return err
	}
	return x.wait(t, mode, token, time.Time{})
}

func (x *Handle) wait(t *thread, mode Mode, token uint64, extra time.Time) error {
	if x.np != nil {
		return x.do(mode, nil, x.readyWaiter(t, mode, nil, extra))
	}
	for {
		w, err := x.arm(t, mode, token, extra)
		if w == nil {
			return err
		}
		err = w.wait(x.h, w.dl)
		x.disarm(w, mode)
		if err != errTimedOut {
			return err // nil: an edge
		}
		// The deadline passed or moved: re-read it.
	}
}

// arm checks what a waiter would wait for and, if it must wait, queues
// its waiter (with the deadline in it) and returns it; else it returns the
// result (nil: an edge came already). Not inlined: its frame is gone by the time
// the thread parks (see waiter.wait).
//
//go:noinline
func (x *Handle) arm(t *thread, mode Mode, token uint64, extra time.Time) (*waiter, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.dirs[mode.idx()].seq.Load() != token && !x.closing {
		return nil, nil
	}
	w := ownWaiter(t, "fd")
	w.fd, w.mode = x.fd, mode
	if err := x.armLocked(w, extra); err != nil {
		return nil, err
	}
	return w, nil
}

// armLocked queues w for readiness in w.mode with the deadline it is to
// keep (the direction's, or extra if sooner), unless the handle closes,
// that deadline has passed, or another green thread waits in the same
// direction (multiple-reader detection). x.mu is held.
func (x *Handle) armLocked(w *waiter, extra time.Time) error {
	if x.closing {
		return ErrClosed
	}
	d := &x.dirs[w.mode.idx()]
	dl := d.deadline.Load() // unix ns: small frames on the way into a park
	if !extra.IsZero() {
		if e := max(extra.UnixNano(), 1); dl == 0 || e < dl {
			dl = e
		}
	}
	if dl != 0 && time.Now().UnixNano() >= dl {
		return os.ErrDeadlineExceeded
	}
	if w.t != nil && x.detecting() {
		if err := x.detectOthers(d, w); err != nil {
			return err
		}
	}
	if dl != 0 {
		w.dl = time.Unix(0, dl)
	}
	if d.waiters.len() == 0 {
		x.h.p.want(x.fd, x.id, w.mode, true)
	}
	d.waiters.add(w)
	return nil
}

// detectOthers is multiple-reader detection: another green thread waiting in
// the same direction is an error.
//
//go:noinline
func (x *Handle) detectOthers(d *dir, w *waiter) error {
	for _, o := range d.waiters.ws {
		if o.t != nil && o.t != w.t && !o.fired.Load() {
			return &MultipleWaitersError{Fd: x.fd, Mode: w.mode, First: o.t.id, Second: w.t.id}
		}
	}
	return nil
}

//go:noinline
func (x *Handle) disarm(w *waiter, mode Mode) {
	d := &x.dirs[mode.idx()]
	x.mu.Lock()
	d.waiters.remove(w)
	if d.waiters.len() == 0 && !x.closing {
		x.h.p.want(x.fd, x.id, mode, false)
	}
	x.mu.Unlock()
}

// ready records an edge and wakes the direction's waiters; the loop calls
// it for every event.
func (x *Handle) ready(mode Mode) {
	x.mu.Lock()
	for _, m := range [2]Mode{Read, Write} {
		if mode&m == 0 {
			continue
		}
		d := &x.dirs[m.idx()]
		d.seq.Add(1)
		d.waiters.wakeAll(nil)
	}
	x.mu.Unlock()
}

// when is the direction's deadline (zero: none).
func (d *dir) when() time.Time {
	if ns := d.deadline.Load(); ns != 0 {
		return time.Unix(0, ns)
	}
	return time.Time{}
}

// Expired reports whether mode's deadline has passed; an operation checks
// it before its first system call, as internal/poll does (a past deadline
// fails a Write even on a writable socket).
func (x *Handle) Expired(mode Mode) bool {
	ns := x.dirs[mode.idx()].deadline.Load()
	return ns != 0 && time.Now().UnixNano() >= ns
}

// SetDeadline sets the deadline of one or both directions (zero: none);
// callers waiting now re-check it.
func (x *Handle) SetDeadline(mode Mode, t time.Time) {
	x.mu.Lock()
	for _, m := range [2]Mode{Read, Write} {
		if mode&m == 0 {
			continue
		}
		d := &x.dirs[m.idx()]
		var ns int64
		if !t.IsZero() {
			ns = max(t.UnixNano(), 1)
		}
		d.deadline.Store(ns)
		// Waiters re-read the deadline when their wait times out.
		d.waiters.wakeAll(errTimedOut)
		d.lockq.wakeAll(errTimedOut)
	}
	x.mu.Unlock()
}

// Close marks the handle closing, wakes every waiter with ErrClosed and
// takes the fd out of the poller now; the fd itself is closed when the
// last operation in flight drops its reference. A second Close returns
// ErrClosed.
func (x *Handle) Close() error {
	x.mu.Lock()
	if x.closing {
		x.mu.Unlock()
		return ErrClosed
	}
	x.closing = true
	x.h.p.deregister(x.fd, x.id)
	for i := range x.dirs {
		x.dirs[i].waiters.wakeAll(ErrClosed)
		x.dirs[i].lockq.wakeAll(ErrClosed)
	}
	x.h.forget(x)
	x.decrefLocked()
	return nil
}

// forget takes x out of the hub's handles.
func (h *Hub) forget(x *Handle) {
	h.hmu.Lock()
	last := false
	if h.handles[x.id] == x {
		delete(h.handles, x.id)
		last = h.nhandles.Add(-1) == 0
	}
	h.hmu.Unlock()
	if last {
		h.mu.Lock()
		h.wakeIfIdleLocked()
		h.mu.Unlock()
	}
}

// wakeAll wakes every waiter with err (the hub is closing).
func (x *Handle) wakeAll(err error) {
	x.mu.Lock()
	for i := range x.dirs {
		x.dirs[i].waiters.wakeAll(err)
		x.dirs[i].lockq.wakeAll(err)
	}
	x.mu.Unlock()
}

// dispatch hands the poller's events to their handles.
func (h *Hub) dispatch(evs []pollEvent) {
	if len(evs) == 0 {
		return
	}
	var buf [64]*Handle
	xs := buf[:0]
	h.hmu.Lock()
	for _, ev := range evs {
		xs = append(xs, h.handles[ev.id])
	}
	h.hmu.Unlock()
	for i, x := range xs {
		if x != nil {
			x.ready(evs[i].mode)
		}
	}
}

// Trampoline waits until the handle is ready for mode (level-triggered,
// like Eventlet's trampoline), the deadline passes (zero: none;
// os.ErrDeadlineExceeded), the handle closes (ErrClosed) or the caller is
// interrupted.
func Trampoline(x *Handle, mode Mode, deadline time.Time) error {
	t, err := x.h.enter()
	if err != nil {
		return err
	}
	for {
		tok := x.Token(mode)
		if x.readyNow(mode) {
			return nil
		}
		if err := x.wait(t, mode, tok, deadline); err != nil {
			return err
		}
	}
}

// readyNow asks the kernel whether the fd is ready right now.
func (x *Handle) readyNow(mode Mode) bool {
	ev := int16(unix.POLLIN)
	if mode == Write {
		ev = unix.POLLOUT
	}
	if x.Incref() != nil {
		return true // closing: let wait report it
	}
	defer x.Decref()
	fds := []unix.PollFd{{Fd: int32(x.fd), Events: ev}}
	n, err := unix.Poll(fds, 0)
	return err == nil && n > 0 && fds[0].Revents != 0
}
