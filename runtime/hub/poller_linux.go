//go:build linux

package hub

const defaultKind = KindEpoll

var pollers = map[string]func() (poller, error){
	KindEpoll: func() (poller, error) { return newEpoller() },
	KindPoll:  func() (poller, error) { return newPollPoller() },
}
