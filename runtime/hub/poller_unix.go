//go:build unix && !linux

package hub

const defaultKind = KindNetpoll

var pollers = map[string]func() (poller, error){
	KindNetpoll: func() (poller, error) { return newSleepPoller(nil), nil },
	KindPoll:    func() (poller, error) { return newPollPoller() },
}
