package hub

import "time"

// A poller is the readiness source of one hub: epoll on Linux, poll(2) on
// every unix, and on a GOOS without either a poller that only sleeps (green
// threads and timers work there; fd handles do not). It is driven by the hub
// loop alone, except for wakeup and want, which any goroutine may call.
type poller interface {
	// register starts watching fd, reporting it under id.
	register(fd int, id uint64) error
	// deregister stops watching fd; it is called before fd is closed, so
	// that a reused fd number never reports the old handle.
	deregister(fd int, id uint64)
	// want says whether some caller waits for mode on fd. Edge-triggered
	// pollers ignore it; level-triggered ones poll only what is wanted.
	want(fd int, id uint64, mode Mode, on bool)
	// wait fills evs with ready handles. timeout 0 never blocks, < 0 waits
	// until an event or a wakeup.
	wait(evs []pollEvent, timeout time.Duration) (int, error)
	// wakeup makes a blocked wait return soon.
	wakeup()
	close() error
}

// wakeID is the id pollers report their own wakeup fd under; handle ids
// start at 1.
const wakeID = 0

type pollEvent struct {
	id   uint64
	mode Mode
}

// Kinds of hub, for GREEN_HUB and Use.
const (
	// KindNetpoll waits where Go's own net package waits: a green thread
	// waiting on an fd gives up the hub and blocks in the runtime's
	// netpoller, which batches readiness for every goroutine in one call;
	// the hub keeps only timers. The default on unix.
	KindNetpoll = "netpoll"
	// KindEpoll polls the hub's own epoll fd (Linux).
	KindEpoll = "epoll"
	// KindPoll polls with poll(2) (every unix).
	KindPoll = "poll"
)
