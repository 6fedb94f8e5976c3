package hub

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

// After ordinary use — threads, timers, a Sleep, a spawned thread left to
// end — and no Close, the hub's own goroutines end by themselves, so a
// test suite's goroutine-leak check passes; the next use starts them
// again, and they end again.
func TestIdleHubHoldsNoGoroutines(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			h := New(kind)
			use := func() {
				h.Run(func() {
					for range 20 {
						h.Go(func() { h.Sleep(time.Millisecond); h.Yield() })
					}
					to := h.NewTimeout(time.Hour)
					h.Sleep(2 * time.Millisecond)
					to.Cancel()
				})
				SpawnOn(h, func() (int, error) { h.Yield(); return 1, nil }).Wait()
			}
			serving := func() bool {
				h.mu.Lock()
				defer h.mu.Unlock()
				return h.serving
			}
			for round := range 2 {
				use()
				// The hub lingers, then stops; a loaded machine may take a
				// while to run it that far.
				waitFor(t, "the hub to stop serving", func() bool { return !serving() })
				if err := goleak.Find(); err != nil {
					t.Fatalf("round %d: goroutines left after use: %v", round, err)
				}
			}
		})
	}
}
