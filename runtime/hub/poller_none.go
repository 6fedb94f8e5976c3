//go:build !unix

package hub

import (
	"errors"
	"time"
)

// On a GOOS without poll(2) (windows, wasip1) the hub still runs green
// threads, timers and every primitive; it cannot watch fds, so Register
// fails and the green packages fall back to the standard ones.
const defaultKind = "none"

// ErrNoPoller is returned by Register where the hub cannot watch fds.
var ErrNoPoller = errors.New("hub: no fd poller on this GOOS")

// Every kind a program may name elsewhere degrades to the sleeping poller.
var pollers = map[string]func() (poller, error){
	defaultKind: newSleepPoller,
	KindEpoll:   newSleepPoller,
	KindPoll:    newSleepPoller,
}

func newSleepPoller() (poller, error) { return &sleepPoller{wake: make(chan struct{}, 1)}, nil }

type sleepPoller struct{ wake chan struct{} }

func (p *sleepPoller) register(int, uint64) error   { return ErrNoPoller }
func (p *sleepPoller) deregister(int, uint64)       {}
func (p *sleepPoller) want(int, uint64, Mode, bool) {}
func (p *sleepPoller) wakeup() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}
func (p *sleepPoller) close() error { return nil }

func (p *sleepPoller) wait(evs []pollEvent, timeout time.Duration) (int, error) {
	if timeout == 0 {
		return 0, nil
	}
	var c <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		c = t.C
	}
	select {
	case <-p.wake:
	case <-c:
	}
	return 0, nil
}
