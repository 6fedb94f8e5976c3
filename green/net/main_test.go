//go:build unix

package net_test

import (
	"testing"

	"github.com/greenify/greenify/internal/leakcheck"
	"github.com/greenify/greenify/runtime/hub"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func countFDs(t testing.TB) int { return leakcheck.CountFDs(t) }

// clean checks, when the test ends, that closing the default hub leaves no
// goroutine and no descriptor behind.
func clean(t testing.TB) { t.Helper(); leakcheck.Clean(t) }

// green runs fn as a green thread of the default hub and waits for it.
func green(t testing.TB, fn func()) {
	t.Helper()
	hub.Run(fn)
}
