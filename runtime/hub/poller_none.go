//go:build !unix

package hub

import "errors"

// On a GOOS without poll(2) (windows, wasip1) the hub still runs green
// threads, timers and every primitive; it cannot watch fds, so Register
// fails and the green packages fall back to the standard ones.
const defaultKind = "none"

// ErrNoPoller is returned by Register where the hub cannot watch fds.
var ErrNoPoller = errors.New("hub: no fd poller on this GOOS")

// Every kind a program may name elsewhere degrades to the sleeping poller.
var pollers = map[string]func() (poller, error){
	defaultKind: newNoPoller,
	KindEpoll:   newNoPoller,
	KindPoll:    newNoPoller,
	KindNetpoll: newNoPoller,
}

func newNoPoller() (poller, error) { return newSleepPoller(ErrNoPoller), nil }
