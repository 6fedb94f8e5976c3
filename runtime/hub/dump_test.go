//go:build linux

package hub

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// Dump names every green thread with what it waits on, the fd handles with
// their readers and writers, the timers and the counters.
func TestDump(t *testing.T) {
	checkFds(t)
	h := newTestHub(t)
	a, b := socketpair(t)
	x, _ := h.Register(a)
	y, _ := h.Register(b)
	defer x.Close()
	defer y.Close()
	var out strings.Builder
	h.Run(func() {
		h.Go(func() { readSome(x, make([]byte, 1)) })
		h.Go(func() { h.Sleep(time.Hour) })
		sem := h.NewSemaphore(0)
		h.Go(func() { sem.Acquire() })
		h.Yield()
		h.Dump(&out)
		x.Close()
		sem.Release()
	})
	d := out.String()
	for _, want := range []string{
		"green threads: 4",
		"running",
		"waiting: fd " + strconv.Itoa(a) + " read",
		"waiting: Sleep",
		"waiting: Semaphore.Acquire",
		"fd " + strconv.Itoa(a),
		"readers thread",
		"timers: 1",
		"counters: switches=",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("Dump lacks %q:\n%s", want, d)
		}
	}
}
