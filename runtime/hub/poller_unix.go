//go:build unix && !linux

package hub

const defaultKind = KindPoll

var pollers = map[string]func() (poller, error){
	KindPoll: func() (poller, error) { return newPollPoller() },
}
