//go:build linux

package hub

import (
	"testing"

	"golang.org/x/sys/unix"
)

// Trampoline wake-up: a green thread waits on a socketpair that another
// green thread writes, one byte each way.
func BenchmarkTrampolineWake(b *testing.B) {
	for _, kind := range []string{KindEpoll, KindPoll} {
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
