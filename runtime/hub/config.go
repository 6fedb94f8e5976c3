package hub

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// Stall policies for GREEN_STALL_POLICY and SetStallPolicy.
const (
	// PolicyHandoff passes over a green thread that is blocked outside the
	// hub for longer than the stall threshold; it takes its turn again at
	// its next green call.
	PolicyHandoff = "handoff"
	// PolicyReport only reports stalls, as Eventlet does.
	PolicyReport = "report"
)

// config holds the knobs; atomics, because tests and the watchdog read
// them while the hub runs.
type config struct {
	stallAfter   atomic.Int64 // ns
	blockDetect  atomic.Int64 // ns, 0: off
	policyReport atomic.Bool
	noDetect     atomic.Bool // multiple-reader detection off
	fatalPanics  atomic.Bool
	poolSize     int
}

const (
	defaultStallAfter = 20 * time.Millisecond
	defaultPoolSize   = 20
)

// loadEnv reads the GREEN_* variables into c; a value that does not parse
// is an error (returned by every call on the hub), not a silent default.
// It runs when the hub is made, so the API's setters override it.
func (c *config) loadEnv() error {
	c.poolSize = defaultPoolSize
	c.stallAfter.Store(int64(defaultStallAfter))
	if v := os.Getenv("GREEN_STALL_AFTER"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("hub: GREEN_STALL_AFTER=%q: want a positive duration such as 20ms", v)
		}
		c.stallAfter.Store(int64(d))
	}
	switch v := os.Getenv("GREEN_STALL_POLICY"); v {
	case "", PolicyHandoff:
	case PolicyReport:
		c.policyReport.Store(true)
	default:
		return fmt.Errorf("hub: GREEN_STALL_POLICY=%q: want %q or %q", v, PolicyHandoff, PolicyReport)
	}
	if v := os.Getenv("GREEN_BLOCKING_DETECT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("hub: GREEN_BLOCKING_DETECT=%q: want a duration such as 100ms (0 turns it off)", v)
		}
		c.blockDetect.Store(int64(d))
	}
	if v := os.Getenv("GREEN_THREADPOOL_SIZE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPoolSize {
			return fmt.Errorf("hub: GREEN_THREADPOOL_SIZE=%q: want a whole number from 1 to %d", v, maxPoolSize)
		}
		c.poolSize = n
	}
	return nil
}

// SetStallAfter sets how long a green thread may hold h before the
// watchdog looks at it (GREEN_STALL_AFTER, default 20ms).
func (h *Hub) SetStallAfter(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("hub: stall threshold %v: want a positive duration", d)
	}
	h.cfg.stallAfter.Store(int64(d))
	h.pokeWatchdog()
	return nil
}

// SetStallPolicy chooses PolicyHandoff (default) or PolicyReport.
func (h *Hub) SetStallPolicy(p string) error {
	switch p {
	case PolicyHandoff:
		h.cfg.policyReport.Store(false)
	case PolicyReport:
		h.cfg.policyReport.Store(true)
	default:
		return fmt.Errorf("hub: stall policy %q: want %q or %q", p, PolicyHandoff, PolicyReport)
	}
	return nil
}

// BlockingDetection turns the blocking detector on (d > 0: log every
// green thread that holds the hub longer than d, with its stack) or off.
// Like Eventlet's debug.hub_blocking_detection.
func BlockingDetection(d time.Duration) { Default().BlockingDetection(d) }

// BlockingDetection is the per-hub form of the package function.
func (h *Hub) BlockingDetection(d time.Duration) {
	if d < 0 {
		d = 0
	}
	h.cfg.blockDetect.Store(int64(d))
	h.pokeWatchdog()
}

// PreventMultipleReaders turns multiple-reader detection on (the default)
// or off for every handle of the default hub that does not say otherwise.
func PreventMultipleReaders(on bool) { Default().PreventMultipleReaders(on) }

// PreventMultipleReaders is the per-hub form of the package function.
func (h *Hub) PreventMultipleReaders(on bool) { h.cfg.noDetect.Store(!on) }

// SetFatalPanics makes a panic in a green thread crash the process, for
// tests that want to see it, instead of ending that thread alone.
func (h *Hub) SetFatalPanics(on bool) { h.cfg.fatalPanics.Store(on) }
