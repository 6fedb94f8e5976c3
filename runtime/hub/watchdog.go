package hub

import (
	"bytes"
	"runtime"
	"strconv"
	"time"
)

// The watchdog watches for a green thread that keeps the hub too long.
//
// Code the rewriter does not reach can block a green thread natively while
// it holds the hub (the standard library's own I/O, a dependency, a lock
// held across a yield). Go cannot tell from outside whether a goroutine is
// blocked or computing except through a whole-process stack dump, which
// stops the world; so the watchdog samples only two counters on its ticks
// (who holds the hub, how many switches so far), and dumps stacks only when
// the same holder has kept the hub past the threshold, at most once per
// stall and rate-limited.
type watchdog struct {
	clock    wdClock // while the hub serves; under h.mu
	paused   bool    // the clock is stopped while nobody holds the hub; under h.mu
	lastDump time.Time
}

const minDumpGap = 50 * time.Millisecond

// pokeWatchdog makes a running watchdog tick at the current thresholds.
func (h *Hub) pokeWatchdog() {
	_, _, tick := h.thresholds()
	h.mu.Lock()
	if h.wd.clock != nil && !h.wd.paused {
		h.wd.clock.reset(tick)
	}
	h.mu.Unlock()
}

// restartWatchdogLocked starts the clock again that the watchdog stopped
// while nobody held the hub; the baton was just taken. h.mu is held.
//
//go:noinline
func (h *Hub) restartWatchdogLocked() {
	h.wd.paused = false
	_, _, tick := h.thresholds()
	h.wd.clock.reset(tick)
}

func (h *Hub) thresholds() (stall, detect, tick time.Duration) {
	stall = time.Duration(h.cfg.stallAfter.Load())
	detect = time.Duration(h.cfg.blockDetect.Load())
	tick = stall
	if detect > 0 && detect < tick {
		tick = detect
	}
	tick /= 4
	if tick < time.Millisecond {
		tick = time.Millisecond
	}
	return
}

// startWatchdogLocked starts the watchdog's clock and goroutine; h.mu is
// held. stopServingLocked stops the clock, which ends the goroutine.
func (h *Hub) startWatchdogLocked() {
	_, _, tick := h.thresholds()
	h.wd.clock = newWdClock(tick)
	go h.wd.run(h, h.wd.clock)
}

func (wd *watchdog) run(h *Hub, clock wdClock) {
	defer h.svc.Done()
	var (
		last     *thread
		lastSw   uint64
		since    time.Time
		stalled  bool // handled this episode's stall
		detected bool // reported this episode to the detector
	)
	for clock.wait() {
		h.mu.Lock()
		cur, sw := h.current.Load(), h.switches
		if cur == nil && last == nil && sw == lastSw && h.wd.clock == clock {
			// Nobody has held the hub for a whole tick, and nothing can
			// stall before somebody takes it: the clock stops until then
			// (see restartWatchdogLocked), so that an idle server makes
			// no wake-ups, as one on the standard net makes none.
			h.wd.paused = true
			clock.pause()
			h.mu.Unlock()
			continue
		}
		var id uint64
		var g int64
		if cur != nil { // (read under the lock: an ended thread's record is reused)
			id, g = cur.id, cur.goid.Load()
		}
		h.mu.Unlock()
		now := time.Now()
		if cur == nil || cur != last || sw != lastSw {
			last, lastSw, since, stalled, detected = cur, sw, now, false, false
			continue
		}
		stall, detect, tick := h.thresholds()
		held := now.Sub(since) + tick // it held the hub at the previous tick already
		needStall := !stalled && held >= stall
		needDetect := detect > 0 && !detected && held >= detect
		if !needStall && !needDetect {
			continue
		}
		if now.Sub(wd.lastDump) < minDumpGap {
			continue
		}
		wd.lastDump = now
		state, stack := goroutineState(g)
		blocked := isBlockedState(state)
		if needDetect {
			detected = true
			h.ErrorLog.Printf("blocking detector: green thread %d has held the hub for %v (%s)\n%s",
				id, held.Round(time.Millisecond), state, stack)
		}
		if needStall {
			stalled = true
			h.stats.stalls.Add(1)
			switch {
			case !blocked:
				// A computing thread keeps the hub and is never overlapped.
				// Nothing is logged: a CPU-heavy call (a TLS handshake, a
				// large encode) often passes the stall threshold, or seems to
				// on a busy machine, where a runnable thread waits for a CPU;
				// the blocking detector, at a threshold the user chooses,
				// reports a hub held too long, with the stack.
			case h.cfg.policyReport.Load():
				h.ErrorLog.Printf("green thread %d is blocked outside the hub (%s) for %v; policy %q: not handed off",
					id, state, held.Round(time.Millisecond), PolicyReport)
			default:
				if h.handOffStalled(cur, sw) && detect > 0 {
					h.ErrorLog.Printf("green thread %d blocked outside the hub (%s): hub handed to the next thread", id, state)
				}
			}
		}
	}
}

// handOffStalled passes over t, which is blocked outside the hub, if it
// still holds the hub with no switch since the watchdog looked.
func (h *Hub) handOffStalled(t *thread, sw uint64) bool {
	h.mu.Lock()
	if h.current.Load() != t || h.switches != sw || h.closed.Load() {
		h.mu.Unlock()
		return false
	}
	h.stats.handoffs.Add(1)
	h.detachLocked(t)
	h.switchLocked(nil)
	return true
}

// isBlockedState tells a goroutine that waits (for a channel, a lock, a
// syscall, I/O, a timer) from one that computes.
func isBlockedState(s string) bool {
	switch s {
	case "running", "runnable", "", "unknown":
		return false
	}
	return true
}

// goroutineState dumps every goroutine's stack (this stops the world) and
// returns goroutine id's wait state, as runtime.Stack prints it in the
// header ("chan receive", "select", "IO wait", "running"...), and its stack.
func goroutineState(id int64) (string, []byte) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	head := []byte("goroutine " + strconv.FormatInt(id, 10) + " [")
	i := bytes.Index(buf, head)
	if i < 0 {
		return "unknown", nil
	}
	rest := buf[i:]
	if j := bytes.Index(rest, []byte("\n\n")); j >= 0 {
		rest = rest[:j]
	}
	st := rest[len(head):]
	if j := bytes.IndexByte(st, ']'); j >= 0 {
		st = st[:j]
	}
	if j := bytes.IndexByte(st, ','); j >= 0 {
		st = st[:j] // ", 2 minutes", ", locked to thread"
	}
	return string(st), rest
}
