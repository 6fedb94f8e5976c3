//go:build unix

package dns_test

import (
	"net"
	"testing"

	"github.com/greenify/greenify/internal/leakcheck"
	"github.com/greenify/greenify/runtime/hub"
)

// runTests runs the tests after starting the standard library's poller:
// its descriptors live for the whole process and are no test's leak.
func runTests(m *testing.M) int {
	if l, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
	}
	return m.Run()
}

// clean checks, when the test ends, that closing the default hub leaves no
// goroutine and no descriptor behind.
func clean(t testing.TB) { t.Helper(); leakcheck.Clean(t) }

// green runs fn as a green thread of the default hub and waits for it.
func green(fn func()) { hub.Run(fn) }
