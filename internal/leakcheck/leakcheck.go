// Package leakcheck is how the green packages' tests check that a test
// leaves nothing behind: after the default hub closes, no goroutine of its
// own and no file descriptor more than it found.
package leakcheck

import (
	stdnet "net"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/greenify/greenify/runtime/hub"
)

// Main runs the tests of a package that uses Clean. It starts the standard
// library's poller first: its epoll fd and wake-up pipe live for the whole
// process and must not count as a test's leak.
func Main(m *testing.M) {
	if l, err := stdnet.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
	}
	os.Exit(m.Run())
}

// CountFDs is the number of descriptors the process has open (the test is
// skipped where /proc/self/fd does not exist).
func CountFDs(t testing.TB) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents) - 1 // the directory being read
}

// Clean checks, when t ends, that closing the default hub leaves no
// goroutine and no descriptor behind.
func Clean(t testing.TB) {
	t.Helper()
	before := CountFDs(t)
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
			if after = CountFDs(t); after <= before {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Errorf("descriptors leaked: %d before, %d after", before, after)
	})
}
