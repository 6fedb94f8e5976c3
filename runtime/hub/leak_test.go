package hub

import (
	"testing"

	"go.uber.org/goleak"
)

// checkLeaks fails t if goroutines other than the test framework's are
// still alive. Tests defer it first, so it runs after their Close.
func checkLeaks(t *testing.T) {
	t.Helper()
	goleak.VerifyNone(t)
}

// newTestHub returns a fresh hub that is closed, and checked for leaked
// goroutines, when t ends.
func newTestHub(t *testing.T) *Hub {
	t.Helper()
	h := New("")
	t.Cleanup(func() {
		h.Close()
		checkLeaks(t)
	})
	return h
}

// kinds lists the hub kinds this GOOS has, for tests that run on each.
func kinds() []string { return Kinds() }
