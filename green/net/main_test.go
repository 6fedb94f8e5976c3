//go:build unix

package net_test

import (
	stdnet "net"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/greenify/greenify/runtime/hub"
)

func TestMain(m *testing.M) {
	// Start the standard library's poller (its epoll fd and wake-up pipe
	// live for the whole process) before any test counts descriptors.
	if l, err := stdnet.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
	}
	os.Exit(m.Run())
}

func countFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents) - 1 // the directory being read
}

// clean checks, when the test ends, that closing the default hub leaves no
// goroutine and no descriptor behind.
func clean(t testing.TB) {
	t.Helper()
	before := countFDs(t)
	t.Cleanup(func() {
		// Let outsider goroutines the test left to wind down (net/http's
		// conn loops, nettest's copiers) finish before the hub closes
		// under them; goleak.Find retries for a while.
		goleak.Find(
			goleak.IgnoreAnyFunction("github.com/greenify/greenify/runtime/hub.(*Hub).start.func1"),
			goleak.IgnoreAnyFunction("github.com/greenify/greenify/runtime/hub.(*Hub).start.func2"),
			goleak.IgnoreAnyFunction("github.com/greenify/greenify/runtime/hub.(*Hub).start.func3"),
			goleak.IgnoreTopFunction("github.com/greenify/greenify/runtime/hub.(*Hub).work"))
		hub.Close()
		goleak.VerifyNone(t)
		var after int
		for i := 0; i < 100; i++ {
			if after = countFDs(t); after <= before {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Errorf("descriptors leaked: %d before, %d after", before, after)
	})
}

// green runs fn as a green thread of the default hub and waits for it.
func green(t testing.TB, fn func()) {
	t.Helper()
	hub.Run(fn)
}
