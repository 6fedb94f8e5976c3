//go:build unix && !linux

package hub

import "fmt"

const defaultKind = KindPoll

func openPoller(kind string) (poller, error) {
	if kind == KindPoll {
		return newPollPoller()
	}
	return nil, fmt.Errorf("unknown or unsupported hub %q (this GOOS has %q)", kind, KindPoll)
}
