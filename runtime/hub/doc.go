// Package hub is greenify's runtime: one event loop, the hub, on which
// green threads run one at a time, as in Python's Eventlet.
//
// # The model
//
// A green thread is a goroutine that runs only while it holds the hub.
// It keeps the hub until it blocks in a green call — green I/O (the
// green/net, green/os and green/exec packages), Sleep or Yield, a hub
// primitive (Event, Semaphore, Queue, Pool...), Blocking or Execute — and
// at that point hands the hub straight to the next runnable green thread.
// Between two such calls nothing else on the hub runs, so data shared by
// green threads needs no lock:
//
//	hub.Run(func() {
//		count := 0
//		for range 10 {
//			hub.Go(func() { count++; hub.Yield(); count++ })
//		}
//		hub.Sleep(time.Millisecond)
//		fmt.Println(count) // 20
//	})
//
// Where a green thread waits for an fd depends on the hub's kind, chosen
// with GREEN_HUB or Use, like EVENTLET_HUB. The default, netpoll, waits
// where Go's own net package waits: the thread gives up the hub and its
// goroutine parks in the runtime's netpoller, which wakes it when the fd
// is ready; it then finishes its read or write (a system call that touches
// only the fd and its own buffer, so it runs beside the hub's holder) and
// takes the hub back. So an idle connection costs what a goroutine blocked
// in net costs. The epoll (Linux) and poll (every unix)
// kinds watch fds with a poller of the hub's own instead. On every kind a
// loop goroutine of the hub's fires timers.
//
// Package-level functions act on a default hub that starts on first use; a
// *Hub made with New is an explicit one, and Current tells a green thread
// which hub it runs on. A hub with no green thread, timer or watched fd
// left ends its own goroutines (loop, watchdog) after a short linger and
// starts them again on the next use, so tests that check for leaked
// goroutines pass without closing it. Close stops a hub at once and wakes
// every green thread waiting in it with ErrHubClosed.
//
// # Green threads and outsiders
//
// Go, Spawn and SpawnAfter start green threads (Eventlet's spawn_n, spawn
// and spawn_after); Run makes the caller itself a green thread while its
// function runs, on the caller's own goroutine, and Current tells which
// hub the calling thread belongs to.
// Any other goroutine — main, a net/http handler, a test — is an outsider:
// it may call every function here and blocks correctly without stalling
// the hub, but does not get the one-at-a-time promise.
//
// A green thread that panics dies alone: the panic is logged with its stack
// to the hub's ErrorLog and its Wait returns a *PanicError (SetFatalPanics
// makes panics crash instead). runtime.Goexit ends that thread only.
//
// # Timeouts and kills
//
// A Timeout (NewTimeout, WithTimeout) is armed on the green thread that
// made it and fires at that thread's current or next switch point. A green
// call with an error result then returns the *Timeout, for which IsTimeout
// is true and which is a net.Error with Timeout() == true; a call without
// one (Sleep, Acquire, Get...) panics with it, and WithTimeout recovers its
// own. Kill works the same way with ErrKilled, at every later switch point
// too, so the thread unwinds running its defers. Calls that take a
// context.Context honour its deadline and cancellation.
//
// # Blocking outside the hub
//
// Code that blocks natively while holding the hub — a plain channel, a
// sync.Mutex held across a yield, the standard library's own I/O — would
// stop every green thread. Wrap it in Blocking, or run it with Execute on
// the bounded pool (GREEN_THREADPOOL_SIZE, default 20). What is not wrapped
// is caught by a watchdog: a green thread that keeps the hub longer than
// GREEN_STALL_AFTER (20ms) is looked at through one stack dump. If it is
// blocked outside the hub, the hub is handed to the next thread under the
// default policy GREEN_STALL_POLICY=handoff, and the stalled thread takes
// its turn again at its next green call; a thread that computes is never
// overlapped, and only counted (Stats().Stalls). PolicyReport hands off
// nothing and logs the stall (Eventlet's behaviour). BlockingDetection
// (GREEN_BLOCKING_DETECT) logs every thread, computing or blocked, that
// keeps the hub that long, with its stack, like Eventlet's
// hub_blocking_detection.
//
// # Fds: handles, trampoline, multiple readers
//
// A green package registers each non-blocking fd it owns once (Register)
// and waits on the returned *Handle: Do runs a non-blocking system call
// until it does not block (DoReleased does the same with the hub given up
// for the whole call, for large copies whose two ends should use two
// cores), Wait and Trampoline wait for readiness. The handle is
// reference-counted: Close
// wakes every waiter with ErrClosed and leaves the poller at once, and the
// fd is closed when the last operation in flight lets go, so a reused fd
// number never inherits old waiters or events. Each direction has an
// operation lock: a whole Read holds the read lock, which serializes
// outsiders as net.Conn promises, and a second green thread that wants a
// direction another green thread already waits on gets a
// *MultipleWaitersError — Eventlet's "Second simultaneous read on fileno N
// detected". PreventMultipleReaders and Handle.SetDetect turn that off (the
// threads then queue in order). Trampoline is Eventlet's trampoline: wait
// until an fd is ready.
//
// # Primitives
//
// Event (one-shot result), Semaphore and BoundedSemaphore, Queue (bounded,
// unbounded, rendezvous, priority and LIFO), Pool (a bounded set of green
// threads, with Imap), Pile (results in spawn order), Local (per-thread
// values), Execute (blocking work), Dump and Backdoor (introspection).
// The package's examples show each in a few lines.
//
// # Names that differ from Eventlet
//
// spawn_n is Go, since that is what the go statement it replaces says;
// sleep(0) is Yield; tpool.execute is Execute and runs the function on the
// caller's own goroutine with the hub released — a goroutine already has an
// OS thread of its own while it blocks, so the pool only bounds how many
// run at once and there is no worker hop (nor idle workers for Close to
// stop). Eventlet's GreenThread methods keep their names. Timeout is a
// value, as in Eventlet, and also an error.
//
// # Where there is no poller
//
// On windows and wasip1 the hub runs green threads, timers and every
// primitive but cannot watch fds: Register returns ErrNoPoller and the
// green packages fall back to the standard ones.
package hub
