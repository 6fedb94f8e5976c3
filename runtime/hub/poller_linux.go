//go:build linux

package hub

import "fmt"

const defaultKind = KindEpoll

func openPoller(kind string) (poller, error) {
	switch kind {
	case KindEpoll:
		return newEpoller()
	case KindPoll:
		return newPollPoller()
	}
	return nil, fmt.Errorf("unknown hub %q (want %q or %q)", kind, KindEpoll, KindPoll)
}
