package hub

import (
	"time"
)

// Sleep pauses the calling green thread for d, letting the others run
// (Eventlet's sleep). An outsider just sleeps. A Timeout or Kill arriving
// meanwhile panics with it.
func Sleep(d time.Duration) { Default().Sleep(d) }

// Sleep is the per-hub form of the package function.
func (h *Hub) Sleep(d time.Duration) {
	t, err := h.enter()
	raise(err)
	if t == nil {
		if d > 0 {
			time.Sleep(d)
		}
		return
	}
	if d <= 0 {
		h.yield(t)
		raise(t.pending())
		return
	}
	w := ownWaiter(t, "Sleep")
	if err := w.wait(h, time.Now().Add(d)); err != errTimedOut {
		raise(err)
	}
}

// Yield lets every other runnable green thread run once, then returns
// (Eventlet's sleep(0)).
func Yield() { Default().Yield() }

// Yield is the per-hub form of the package function.
//
// It is as frequent as a channel hand-off, so the holder, the usual
// caller, is recognised without enter's other steps (the hub has started
// if anyone holds it; a detached thread is not the holder).
func (h *Hub) Yield() {
	t := h.current.Load()
	if t == nil || t.goid.Load() != curGoid() || h.closed.Load() || t.intr.Load() != nil {
		h.Sleep(0)
		return
	}
	h.yield(t)
	if t.intr.Load() != nil {
		raise(t.pending())
	}
}

// raise turns an error at a switch point without an error result into the
// panic that unwinds the thread (a Timeout, a kill, the hub closing).
func raise(err error) {
	if err != nil {
		panic(err)
	}
}

// Blocking runs fn, which may block natively (a syscall, a lock, a channel
// the hub does not know about), with the hub released, so that other green
// threads run meanwhile; the caller holds the hub again when Blocking
// returns, even if fn panics. Outsiders just call fn.
func Blocking(fn func()) { Default().Blocking(fn) }

// Blocking is the per-hub form of the package function.
func (h *Hub) Blocking(fn func()) {
	t, err := h.enter()
	raise(err)
	if t == nil {
		fn()
		return
	}
	h.detach(t)
	defer h.attach(t)
	fn()
}

// IsGreen reports whether the caller is a green thread of the default hub.
func IsGreen() bool {
	h := defaultHub.Load()
	return h != nil && h.started.Load() && h.self() != nil
}

// IsGreen reports whether the caller is a green thread of h.
func (h *Hub) IsGreen() bool { return h.started.Load() && h.self() != nil }
