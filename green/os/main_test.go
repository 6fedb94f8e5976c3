//go:build unix

package os_test

import (
	"testing"

	"github.com/greenify/greenify/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// clean checks, when the test ends, that closing the default hub leaves no
// goroutine and no descriptor behind.
func clean(t testing.TB) { t.Helper(); leakcheck.Clean(t) }
