package hub

import "time"

// The watchdog's clock ticks while the hub serves. A Go timer would do,
// but a P whose heap holds a timer reads the clock on every goroutine
// switch it schedules (to see whether the timer is due), and the
// watchdog's ticker never leaves the heap while the hub serves: so every
// hand-off of the hub on that P paid a clock read, a fifth of a Yield on a
// VM whose clock read costs 60 ns. Where the OS has a pollable timer
// (timerfd on Linux), the clock waits in Go's netpoller instead, which no
// switch looks at.

// A wdClock ticks every period until stopped.
type wdClock interface {
	// wait blocks until the next tick; false once the clock is stopped.
	wait() bool
	// reset changes the period, or starts a paused clock again.
	reset(period time.Duration)
	// pause stops the ticks until the next reset; a wait blocks meanwhile.
	pause()
	// stop ends the clock and wakes a wait; it may be called from any
	// goroutine, once.
	stop()
}

// newWdClock returns the best clock this OS has.
func newWdClock(period time.Duration) wdClock {
	if c := newFdClock(period); c != nil {
		return c
	}
	return newTickerClock(period)
}

// tickerClock is the portable clock: a Go ticker.
type tickerClock struct {
	tk   *time.Ticker
	done chan struct{}
}

func newTickerClock(period time.Duration) *tickerClock {
	return &tickerClock{tk: time.NewTicker(period), done: make(chan struct{})}
}

func (c *tickerClock) wait() bool {
	select {
	case <-c.tk.C:
		return true
	case <-c.done:
		return false
	}
}

func (c *tickerClock) reset(period time.Duration) { c.tk.Reset(period) }

func (c *tickerClock) pause() { c.tk.Stop() }

func (c *tickerClock) stop() {
	c.tk.Stop()
	close(c.done)
}
