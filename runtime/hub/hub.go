package hub

import (
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// A Hub is one scheduler: a run queue of green threads, of which exactly
// one holds the hub at a time, a timer heap, and a readiness source for
// fds. How the hub passes between threads is explained in sched.go.
type Hub struct {
	kind     string // requested kind, then the running one
	startMu  sync.Mutex
	started  atomic.Bool
	startErr error

	p       poller
	netpoll bool // fd waits block in Go's poller, not in p (KindNetpoll)
	quit    chan struct{}

	mu          sync.Mutex
	runq        runQueue
	current     atomic.Pointer[thread] // holder of the hub; nil: nobody
	closed      atomic.Bool
	timers      timerHeap
	switches    uint64 // hand-offs of the hub, and yields alone, for the watchdog and Dump
	threads     threadList
	detached    map[int64]*thread
	ndetached   atomic.Int32
	nextID      uint64
	idleWorkers []*worker // goroutines waiting to run a new thread
	spare       []*thread // ended threads kept for reuse (recycleLocked)

	// The hub's own goroutines (see sched.go): the loop and the watchdog.
	serving    bool          // they run
	stopServe  chan struct{} // closed when they stop for lack of work
	sleeping   bool          // the loop waits in the poller
	sleepUntil time.Time     // until then (zero: until woken)
	svc        sync.WaitGroup
	evs        []pollEvent // the loop's buffers
	due        []*timer
	firing     *timer    // the timer whose callback the loop runs now
	timerDone  sync.Cond // on h.mu: firing went back to nil

	hmu        sync.Mutex
	handles    map[uint64]*Handle
	nhandles   atomic.Int32
	nextHandle uint64

	// ErrorLog receives panics of green threads, stall reports and the
	// blocking detector's output. Set it before the hub starts.
	ErrorLog *log.Logger

	cfg    config
	envErr error
	stats  counters
	wd     watchdog
	tpool  tpool
}

type counters struct {
	spawns, polls, stalls, handoffs atomic.Uint64
}

// New returns a hub that starts on first use. kind is KindNetpoll,
// KindEpoll, KindPoll, or "" for GREEN_HUB, then this GOOS's default
// (the first of Kinds).
func New(kind string) *Hub {
	h := &Hub{
		kind:     kind,
		quit:     make(chan struct{}),
		detached: make(map[int64]*thread),
		handles:  make(map[uint64]*Handle),
		ErrorLog: log.New(os.Stderr, "hub: ", log.LstdFlags),
	}
	h.evs = make([]pollEvent, 256)
	h.timerDone.L = &h.mu
	h.envErr = h.cfg.loadEnv()
	return h
}

var defaultHub atomic.Pointer[Hub]

// Default returns the hub that package-level functions use, creating it
// (not yet started) if there is none. After Close, the next use makes a
// fresh one.
func Default() *Hub {
	for {
		if h := defaultHub.Load(); h != nil {
			return h
		}
		defaultHub.CompareAndSwap(nil, New(""))
	}
}

// Use chooses the default hub's poller, like EVENTLET_HUB. It is an error
// once that hub has started.
func Use(kind string) error { return Default().Use(kind) }

// Use chooses h's poller; an error once h has started.
func (h *Hub) Use(kind string) error {
	h.startMu.Lock()
	defer h.startMu.Unlock()
	if h.started.Load() {
		return fmt.Errorf("hub.Use(%q): %w as %q", kind, ErrStarted, h.kind)
	}
	if _, err := resolveKind(kind); err != nil {
		return err
	}
	h.kind = kind
	return nil
}

// Kind reports which poller h runs (or will run).
func (h *Hub) Kind() string {
	h.startMu.Lock()
	defer h.startMu.Unlock()
	if h.started.Load() || h.kind != "" {
		return h.kind
	}
	k := os.Getenv("GREEN_HUB")
	if k == "" {
		k = defaultKind
	}
	return k
}

// start brings the loop up once. Its error (a bad GREEN_* variable, no
// poller) is returned by every later call. Every green call starts with
// it, so the check of a started hub is small enough to be inlined and the
// first start is a call of its own.
func (h *Hub) start() error {
	if h.started.Load() && !h.closed.Load() {
		return h.startErr // written before started was set
	}
	return h.startSlow()
}

//go:noinline
func (h *Hub) startSlow() error {
	if h.started.Load() { // closed
		return ErrHubClosed
	}
	h.startMu.Lock()
	defer h.startMu.Unlock()
	if h.started.Load() {
		return h.startErr
	}
	defer h.started.Store(true)
	if h.closed.Load() {
		h.startErr = ErrHubClosed
		return h.startErr
	}
	if h.envErr != nil {
		h.startErr = h.envErr
		return h.envErr
	}
	p, kind, err := newPoller(h.kind)
	if err != nil {
		h.startErr = err
		return err
	}
	h.p, h.kind = p, kind
	h.netpoll = kind == KindNetpoll
	h.tpool.init(h, h.cfg.poolSize)
	return nil
}

// mustStart is start for calls that have no error result.
func (h *Hub) mustStart() {
	if err := h.start(); err != nil && err != ErrHubClosed {
		panic(err)
	}
}

// Close closes the default hub; see (*Hub).Close.
func Close() error {
	h := defaultHub.Load()
	if h == nil {
		return nil
	}
	defaultHub.CompareAndSwap(h, nil)
	return h.Close()
}

// Close stops the hub: its loop, watchdog and idle workers end, and
// every green thread waiting in the hub wakes with ErrHubClosed (a call
// without an error result panics with it and the thread unwinds quietly).
// Threads blocked outside the hub are left to finish. After Close there is
// no baton: remaining threads unwind concurrently. Close waits for the
// hub's own goroutines, not for green threads.
func (h *Hub) Close() error {
	h.startMu.Lock()
	if h.closed.Swap(true) {
		h.startMu.Unlock()
		return ErrHubClosed
	}
	wasStarted := h.started.Load() && h.p != nil
	h.started.Store(true) // start reports ErrHubClosed from now on
	h.startMu.Unlock()
	if !wasStarted {
		return nil
	}
	h.mu.Lock()
	var ts []*thread
	var wakes []chan struct{}
	for t := h.threads.head; t != nil; t = t.nextT {
		ts = append(ts, t)
		wakes = append(wakes, t.wake)
	}
	h.mu.Unlock()
	for i, t := range ts {
		t.interrupt(ErrHubClosed, true)
		if !t.started.Swap(true) {
			go t.main() // it ends at once, reporting ErrHubClosed
			continue
		}
		select { // release it wherever it parks
		case wakes[i] <- struct{}{}:
		default:
		}
	}
	h.hmu.Lock()
	hs := make([]*Handle, 0, len(h.handles))
	for _, x := range h.handles {
		hs = append(hs, x)
	}
	h.hmu.Unlock()
	for _, x := range hs {
		x.wakeAll(ErrHubClosed)
	}
	h.mu.Lock()
	h.stopServingLocked()
	h.mu.Unlock()
	close(h.quit)
	h.p.wakeup()
	h.svc.Wait()
	h.p.close()
	return nil
}

// stopTimer disarms t; it reports whether t had not fired yet.
func (h *Hub) stopTimer(t *timer) bool {
	h.mu.Lock()
	ok := !t.ran && !t.stopped
	t.stopped = true
	h.timers.remove(t)
	if len(h.timers) == 0 {
		h.wakeIfIdleLocked()
	}
	// A callback the loop runs now finishes first: after stopTimer the
	// callback is neither running nor to run, so what it touches (a
	// thread's own waiter, reset for its next wait) is the caller's again.
	for h.firing == t {
		h.timerDone.Wait()
	}
	h.mu.Unlock()
	return ok
}
