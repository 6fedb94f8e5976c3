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
			for round := range 2 {
				use()
				// goleak retries for a while; the hub lingers for less.
				if err := goleak.Find(); err != nil {
					t.Fatalf("round %d: goroutines left after use: %v", round, err)
				}
			}
			h.mu.Lock()
			serving := h.serving
			h.mu.Unlock()
			if serving {
				t.Fatal("the hub still serves with no goroutines left")
			}
		})
	}
}
