//go:build linux

package hub

import (
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// Trampoline wake-up: a green thread waits on a socketpair that another
// green thread writes, one byte each way.
func BenchmarkTrampolineWake(b *testing.B) {
	for _, kind := range kinds() {
		b.Run(kind, func(b *testing.B) {
			h := New(kind)
			defer h.Close()
			fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
			xa, _ := h.Register(fds[0])
			xb, _ := h.Register(fds[1])
			defer xa.Close()
			defer xb.Close()
			h.Run(func() {
				h.Go(func() {
					buf := make([]byte, 1)
					for {
						if _, err := readSome(xb, buf); err != nil {
							return
						}
						unix.Write(xb.Fd(), buf)
					}
				})
				buf := []byte{1}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					unix.Write(xa.Fd(), buf)
					readSome(xa, buf)
				}
				b.StopTimer()
				xb.Close()
			})
		})
	}
}

// The stack an idle green thread keeps while it waits on a handle (as an
// idle connection does). Go's smallest stack is 2 KB; a goroutine blocked
// in the standard net keeps that, and so should a parked green thread.
//
//	go test -run '^$' -bench IdleThreadStack ./runtime/hub
func BenchmarkIdleThreadStack(b *testing.B) {
	h := New("")
	defer h.Close()
	const n = 1000
	var xs []*Handle
	var peers []int
	for i := 0; i < n; i++ {
		fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		x, _ := h.Register(fds[0])
		xs = append(xs, x)
		peers = append(peers, fds[1])
	}
	stack := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.StackInuse
	}
	b.ResetTimer()
	var per float64
	for i := 0; i < b.N; i++ {
		before := stack()
		h.Run(func() {
			for _, x := range xs {
				h.Go(func() { readSome(x, make([]byte, 64)) })
			}
			h.Yield()
		})
		per = float64(stack()-before) / n
		for _, p := range peers {
			unix.Write(p, []byte{1})
		}
		h.Run(func() { h.Sleep(10 * time.Millisecond) })
	}
	b.ReportMetric(per, "stack-B/thread")
	for i, x := range xs {
		x.Close()
		unix.Close(peers[i])
	}
}
