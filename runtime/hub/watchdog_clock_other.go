//go:build !linux

package hub

import "time"

// newFdClock: this OS has no pollable timer here; the ticker it is.
func newFdClock(time.Duration) wdClock { return nil }
