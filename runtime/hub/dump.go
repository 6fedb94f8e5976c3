package hub

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"
)

// Dump writes the default hub's state: green threads with what each waits
// on, fd handles with their readers and writers, timers and counters
// (Eventlet's format_hub_listeners / format_hub_timers, in one page).
func Dump(w io.Writer) error { return Default().Dump(w) }

// Dump is the per-hub form of the package function.
func (h *Hub) Dump(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "hub %s\n", h.Kind())
	type row struct {
		id    uint64
		state string
	}
	var rows []row
	h.mu.Lock()
	cur := h.current.Load()
	runnable := map[*thread]bool{}
	h.runq.each(func(t *thread) { runnable[t] = true })
	for t := h.threads.head; t != nil; t = t.nextT {
		st := "parked"
		switch {
		case t == cur:
			st = "running"
		case t.detached.Load():
			st = "outside the hub (blocking)"
			if wt := t.waiter.Load(); wt != nil { // a large copy's wait (DoReleased)
				st = "outside the hub, waiting: " + wt.what()
			}
		case runnable[t] && !t.started.Load():
			st = "runnable (not started)"
		case runnable[t]:
			st = "runnable"
		case !t.started.Load():
			st = "scheduled (timer)"
		default:
			if wt := t.waiter.Load(); wt != nil {
				st = "waiting: " + wt.what()
			}
		}
		rows = append(rows, row{t.id, st})
	}
	ntimers := len(h.timers)
	var next time.Duration
	if ntimers > 0 {
		next = time.Until(h.timers[0].when)
	}
	switches := h.switches
	h.mu.Unlock()
	sort.Slice(rows, func(i, j int) bool { return rows[i].id < rows[j].id })
	fmt.Fprintf(tw, "green threads: %d\n", len(rows))
	for _, r := range rows {
		fmt.Fprintf(tw, "  thread %d\t%s\n", r.id, r.state)
	}
	h.dumpHandles(tw)
	fmt.Fprintf(tw, "timers: %d", ntimers)
	if ntimers > 0 {
		fmt.Fprintf(tw, " (next in %v)", next.Round(time.Microsecond))
	}
	fmt.Fprintln(tw)
	s := &h.stats
	fmt.Fprintf(tw, "counters: switches=%d spawns=%d polls=%d stalls=%d handoffs=%d\n",
		switches, s.spawns.Load(), s.polls.Load(), s.stalls.Load(), s.handoffs.Load())
	return tw.Flush()
}

// Stats is a snapshot of a hub's counters.
type Stats struct {
	Switches, Spawns, Polls, Stalls, Handoffs uint64
	Threads                                   int
}

// ReadStats returns the default hub's counters.
func ReadStats() Stats { return Default().Stats() }

// Stats returns h's counters.
func (h *Hub) Stats() Stats {
	h.mu.Lock()
	n, sw := h.threads.n, h.switches
	h.mu.Unlock()
	s := &h.stats
	return Stats{sw, s.spawns.Load(), s.polls.Load(), s.stalls.Load(), s.handoffs.Load(), n}
}
