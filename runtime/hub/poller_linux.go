//go:build linux

package hub

const defaultKind = KindNetpoll

var pollers = map[string]func() (poller, error){
	KindNetpoll: func() (poller, error) { return newSleepPoller(nil), nil },
	KindEpoll:   func() (poller, error) { return newEpoller() },
	KindPoll:    func() (poller, error) { return newPollPoller() },
}
