// Package leakcheck is how the green packages' tests check that a test
// leaves nothing behind: after the default hub closes, no goroutine of its
// own and no file descriptor more than it found.
package leakcheck

import (
	"flag"
	"fmt"
	stdnet "net"
	"os"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/greenify/greenify/runtime/hub"
)

// Main runs the tests of a package that uses Clean once on every hub kind
// (hub.Kinds; with -short, or when GREEN_HUB names one, on that one
// alone), since each kind must keep every promise. It starts the standard
// library's poller first: its epoll fd and wake-up pipe live for the whole
// process and must not count as a test's leak.
func Main(m *testing.M) {
	flag.Parse()
	if l, err := stdnet.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
	}
	kinds := hub.Kinds()
	if k := os.Getenv("GREEN_HUB"); k != "" {
		kinds = []string{k}
	} else if testing.Short() {
		kinds = kinds[:1]
	}
	code := 0
	for _, k := range kinds {
		hub.Close()
		os.Setenv("GREEN_HUB", k)
		if len(kinds) > 1 && testing.Verbose() {
			fmt.Printf("=== hub kind %s\n", k)
		}
		if c := m.Run(); c != 0 {
			fmt.Fprintf(os.Stderr, "FAIL with GREEN_HUB=%s\n", k)
			code = c
		}
	}
	hub.Close()
	os.Exit(code)
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
			goleak.IgnoreAnyFunction("github.com/greenify/greenify/runtime/hub.(*Hub).loop"),
			goleak.IgnoreAnyFunction("github.com/greenify/greenify/runtime/hub.(*watchdog).run"),
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
