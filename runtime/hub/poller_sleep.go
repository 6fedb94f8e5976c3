package hub

import "time"

// A sleepPoller watches no fd: the loop only sleeps in it until the next
// timer or a wakeup. It is the netpoll kind's poller, whose fd waits
// block in Go's own netpoller instead, and the poller of a GOOS that has
// none (where Register fails with regErr).
type sleepPoller struct {
	wake   chan struct{}
	regErr error
}

func newSleepPoller(regErr error) *sleepPoller {
	return &sleepPoller{wake: make(chan struct{}, 1), regErr: regErr}
}

func (p *sleepPoller) register(int, uint64) error   { return p.regErr }
func (p *sleepPoller) deregister(int, uint64)       {}
func (p *sleepPoller) want(int, uint64, Mode, bool) {}
func (p *sleepPoller) close() error                 { return nil }

func (p *sleepPoller) wakeup() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

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
