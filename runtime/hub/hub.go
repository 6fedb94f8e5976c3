package hub

import (
	"fmt"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// A Hub is one event loop: a readiness poller, a timer heap and a run queue
// of green threads, of which exactly one holds the hub at a time.
//
// The hub is a baton. The green thread that holds it runs; when it blocks in
// a green call it hands the baton straight to the next runnable thread (one
// channel hand-off, which the Go scheduler keeps on the same P) and parks.
// Only when nothing is runnable — or every pollEvery hand-offs, so that I/O
// and timers are not starved — does the baton go to the loop goroutine,
// which fires due timers, polls, and hands the baton on.
type Hub struct {
	kind     string // requested kind, then the running one
	startMu  sync.Mutex
	started  atomic.Bool
	startErr error

	p    poller
	quit chan struct{}
	done chan struct{} // closed when the loop and watchdog have returned

	mu          sync.Mutex
	runq        runQueue
	current     atomic.Pointer[thread] // holder of the hub; nil: the loop
	idle        bool                   // the loop holds the hub and sleeps in the poller
	idleUntil   time.Time              // when that sleep ends (zero: no timer)
	closed      atomic.Bool
	timers      timerHeap
	sincePoll   int
	switches    uint64 // hand-offs of the hub, for the watchdog and Dump
	threads     threadList
	detached    map[int64]*thread
	ndetached   atomic.Int32
	nextID      uint64
	loopBaton   chan struct{}
	idleWorkers []*worker // goroutines waiting to run a new thread
	loopers     sync.WaitGroup
	evs         []pollEvent // the loop's buffers, used by whoever runs it
	due         []func()

	hmu        sync.Mutex
	handles    map[uint64]*Handle
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

// pollEvery bounds how many green-to-green hand-offs may pass before the
// loop gets a turn to poll (with timeout 0) and fire timers.
const pollEvery = 256

type counters struct {
	spawns, polls, stalls, handoffs atomic.Uint64
}

// New returns a hub that starts on first use. kind is KindEpoll, KindPoll,
// or "" for GREEN_HUB, then the best poller of this GOOS.
func New(kind string) *Hub {
	h := &Hub{
		kind:      kind,
		quit:      make(chan struct{}),
		done:      make(chan struct{}),
		detached:  make(map[int64]*thread),
		handles:   make(map[uint64]*Handle),
		loopBaton: make(chan struct{}, 1),
		ErrorLog:  log.New(os.Stderr, "hub: ", log.LstdFlags),
	}
	h.wd.pokeCh = make(chan struct{}, 1)
	h.evs = make([]pollEvent, 256)
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
// poller) is returned by every later call.
func (h *Hub) start() error {
	if h.started.Load() {
		if h.closed.Load() {
			return ErrHubClosed
		}
		return h.startErr // written before started was set
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
	h.tpool.init(h, h.cfg.poolSize)
	h.loopBaton <- struct{}{} // the loop holds the hub first
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); h.loop() }()
	go func() { defer wg.Done(); h.wd.run(h) }()
	go func() { wg.Wait(); close(h.done) }()
	listRunning(h)
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

// Close stops the hub: its loop, watchdog and idle pool workers end, and
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
	unlistRunning(h)
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
	for _, wk := range h.idleWorkers {
		wk.next <- nil
	}
	h.idleWorkers = nil
	h.mu.Unlock()
	close(h.quit)
	h.p.wakeup()
	<-h.done
	return nil
}

// loop owns the hub when it is handed the hub with nothing runnable: at
// start, and when a thread ends or steps outside the hub. A thread that
// parks with nothing runnable does the loop's work itself instead (see
// switchLocked), so the loop goroutine is off the common path.
func (h *Hub) loop() {
	defer func() {
		h.mu.Lock() // closed is set: no thread starts runLoop after this
		h.mu.Unlock()
		h.loopers.Wait()
		h.p.close()
	}()
	for {
		select {
		case <-h.loopBaton:
		case <-h.quit:
			return
		}
		next, wk, ok := h.runLoop()
		if !ok {
			return
		}
		h.resume(next, wk)
	}
}

// runLoop is the loop's work — fire due timers, poll, dispatch readiness —
// done by whoever holds the hub as the loop (h.current nil), until some
// thread is runnable. It returns that thread, already current, with an
// idle worker for it if it has not started; ok is false once the hub is
// closed.
func (h *Hub) runLoop() (next *thread, wk *worker, ok bool) {
	h.mu.Lock()
	if h.closed.Load() {
		h.mu.Unlock()
		return nil, nil, false
	}
	h.loopers.Add(1)
	h.mu.Unlock()
	defer h.loopers.Done()
	for {
		if h.closed.Load() {
			return nil, nil, false
		}
		now := time.Now()
		h.mu.Lock()
		h.due = h.dueTimersLocked(now, h.due[:0])
		h.mu.Unlock()
		for i, fn := range h.due {
			fn()
			h.due[i] = nil
		}
		h.mu.Lock()
		var timeout time.Duration
		if h.runq.len() == 0 {
			timeout = -1
			h.idleUntil = time.Time{}
			if len(h.timers) > 0 {
				h.idleUntil = h.timers[0].when
				timeout = time.Until(h.idleUntil)
				if timeout <= 0 {
					h.mu.Unlock()
					continue
				}
			}
			h.idle = true
		}
		h.mu.Unlock()
		n, err := h.p.wait(h.evs, timeout)
		h.stats.polls.Add(1)
		if err != nil && !h.closed.Load() {
			h.ErrorLog.Printf("poller: %v", err)
		}
		h.dispatch(h.evs[:n])
		h.mu.Lock()
		h.idle = false
		if h.runq.len() > 0 {
			next = h.runq.pop()
			h.sincePoll = 0
			h.switches++
			h.current.Store(next)
			if !next.started.Load() {
				wk = h.workerLocked(next)
			}
			h.mu.Unlock()
			return next, wk, true
		}
		h.mu.Unlock()
	}
}

func (h *Hub) dueTimersLocked(now time.Time, due []func()) []func() {
	for len(h.timers) > 0 && !h.timers[0].when.After(now) {
		due = append(due, h.timers.pop().fn)
	}
	return due
}

// addTimer arms fn at when; fn runs on the loop while it holds the hub.
func (h *Hub) addTimer(when time.Time, fn func()) *timer {
	t := &timer{when: when, fn: fn}
	h.mu.Lock()
	h.timers.push(t)
	wake := h.idle && (h.idleUntil.IsZero() || when.Before(h.idleUntil))
	if wake {
		h.idle = false
	}
	h.mu.Unlock()
	if wake {
		h.p.wakeup()
	}
	return t
}

// stopTimer disarms t; it reports whether t had not fired yet.
func (h *Hub) stopTimer(t *timer) bool {
	h.mu.Lock()
	ok := t.idx >= 0
	h.timers.remove(t)
	h.mu.Unlock()
	return ok
}
