package hub

import (
	"slices"
	"sync"
	"sync/atomic"
)

// Current returns the hub of the calling green thread, or Default() when
// the caller is an outsider. A package that opens something a green thread
// will wait on (a socket, a pipe) registers it with Current(), so that a
// thread of a hub made with New waits on its own hub.
func Current() *Hub {
	for _, h := range *running.list.Load() {
		if h.self() != nil {
			return h
		}
	}
	return Default()
}

// running lists the hubs that have started and not closed, so that Current
// can ask each whether the caller is one of its threads. Few hubs run at
// once and Current is asked when a socket opens, not per operation, so a
// copy-on-write slice is enough.
var running struct {
	mu   sync.Mutex
	list atomic.Pointer[[]*Hub]
}

func init() { running.list.Store(new([]*Hub)) }

// listRunning adds h to the hubs Current looks at.
func listRunning(h *Hub) {
	running.mu.Lock()
	defer running.mu.Unlock()
	l := append(slices.Clone(*running.list.Load()), h)
	running.list.Store(&l)
}

// unlistRunning removes h from them.
func unlistRunning(h *Hub) {
	running.mu.Lock()
	defer running.mu.Unlock()
	l := slices.DeleteFunc(slices.Clone(*running.list.Load()), func(x *Hub) bool { return x == h })
	running.list.Store(&l)
}
