package hub

import (
	"strings"
	"testing"
	"time"
)

// An ended thread's record is reused by the next spawn. Nothing of the
// old thread may reach the new one: its Local values, or a Timeout armed
// on it that fires after it ended.
func TestReusedThreadStartsClean(t *testing.T) {
	h := newTestHub(t)
	lb := captureLog(h)
	l := NewLocalOn[int](h)
	h.Run(func() {
		for i := range 50 {
			done := false
			h.Go(func() {
				if v, ok := l.Lookup(); ok {
					t.Errorf("thread %d sees %d, set by an ended thread", i, v)
				}
				l.Set(i)
				done = true
			})
			for !done {
				h.Yield()
			}
		}
		// A thread that ends with a Timeout still armed: when it fires, no
		// thread spawned after may get it.
		armed := false
		h.Go(func() {
			h.NewTimeout(time.Millisecond)
			armed = true
		})
		for !armed {
			h.Yield()
		}
		p := h.NewPool(4)
		finished := 0
		for range 20 {
			p.Go(func() {
				h.Sleep(time.Millisecond)
				finished++
			})
		}
		p.WaitAll()
		if finished != 20 {
			t.Errorf("%d of 20 threads finished: the others got an ended thread's Timeout", finished)
		}
	})
	if s := lb.String(); strings.Contains(s, "panicked") {
		t.Errorf("a thread panicked:\n%s", s)
	}
}
