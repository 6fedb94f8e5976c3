package hub

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/petermattis/goid"
)

// Caller identity is on every hot path: "is the caller the green thread that
// holds the hub, or an outsider?". Go has no public goroutine id; goid reads
// it from the runtime's g struct in about a nanosecond. That reads runtime
// internals, so it is checked once against the documented (slow) source, the
// header line of runtime.Stack, and abandoned if they ever disagree.

var (
	goidOnce sync.Once
	goidFast atomic.Bool // verified: goid.Get is the id
)

// curGoid returns the calling goroutine's id. It is small enough to be
// inlined: the check is one load once verified.
func curGoid() int64 {
	if goidFast.Load() {
		return goid.Get()
	}
	return curGoidSlow()
}

func curGoidSlow() int64 {
	goidOnce.Do(verifyGoid)
	if goidFast.Load() {
		return goid.Get()
	}
	return stackGoid()
}

func verifyGoid() {
	ok := goid.Get() == stackGoid()
	if ok {
		done := make(chan bool)
		go func() { done <- goid.Get() == stackGoid() }()
		ok = <-done
	}
	goidFast.Store(ok)
}

// stackGoid parses "goroutine N [" from the caller's own stack header.
func stackGoid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		panic("hub: cannot read goroutine id from runtime.Stack")
	}
	return id
}
