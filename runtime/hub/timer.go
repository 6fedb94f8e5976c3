package hub

import "time"

// timer is one entry of the hub's timer heap. Its callback runs on the
// hub's loop goroutine, which does not hold the hub, so it must be short
// and safe from any goroutine: ready a waiter, fire a Timeout.
type timer struct {
	when    time.Time
	fn      func()
	idx     int  // position in the heap, -1 when not in it
	ran     bool // the loop started fn (under h.mu)
	stopped bool // stopTimer was called: fn does not run if it has not (under h.mu)
}

// timerHeap is a binary min-heap on when. Cancelled timers are removed at
// once (not lazily), so a program that arms and cancels many timers keeps
// the heap as small as its live timers.
type timerHeap []*timer

func (h *timerHeap) push(t *timer) {
	t.idx = len(*h)
	*h = append(*h, t)
	h.up(t.idx)
}

func (h *timerHeap) remove(t *timer) {
	i := t.idx
	if i < 0 || i >= len(*h) || (*h)[i] != t {
		return
	}
	last := len(*h) - 1
	if i != last {
		h.swap(i, last)
	}
	(*h)[last] = nil
	*h = (*h)[:last]
	t.idx = -1
	if i != last {
		h.down(i)
		h.up(i)
	}
	// Give memory back after a mass cancellation.
	if c := cap(*h); c > 1024 && len(*h) < c/4 {
		*h = append(timerHeap(nil), *h...)
	}
}

func (h *timerHeap) pop() *timer {
	t := (*h)[0]
	h.remove(t)
	return t
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx = i
	h[j].idx = j
}

func (h timerHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].when.Before(h[p].when) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h timerHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h[r].when.Before(h[l].when) {
			m = r
		}
		if !h[m].when.Before(h[i].when) {
			return
		}
		h.swap(i, m)
		i = m
	}
}
