package hub

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The native reference: two goroutines ping-ponging on unbuffered
// channels, counted per hand-off.
func BenchmarkNativePingPong(b *testing.B) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i += 2 {
		ping <- struct{}{}
		<-pong
	}
	b.StopTimer()
	close(ping)
}

// Yield between two green threads, counted per hand-off.
func BenchmarkYield(b *testing.B) {
	h := New("")
	defer h.Close()
	h.Run(func() {
		stop := false
		h.Go(func() {
			for !stop {
				h.Yield()
			}
		})
		h.Yield()
		b.ResetTimer()
		for i := 0; i < b.N; i += 2 {
			h.Yield()
		}
		b.StopTimer()
		stop = true
		h.Yield()
	})
}

// Spawn, run to the end and exit of a green thread.
func BenchmarkSpawnRunExit(b *testing.B) {
	h := New("")
	defer h.Close()
	h.Run(func() {
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			h.Go(func() {})
			h.Yield()
		}
	})
}

func BenchmarkTimerScheduleCancel(b *testing.B) {
	h := New("")
	defer h.Close()
	h.mustStart()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := h.addTimer(time.Now().Add(time.Hour), func() {})
		h.stopTimer(t)
	}
}

func BenchmarkCallerIdentity(b *testing.B) {
	for i := 0; i < b.N; i++ {
		curGoid()
	}
}

func BenchmarkCallerIdentityStack(b *testing.B) {
	for i := 0; i < b.N; i++ {
		stackGoid()
	}
}

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
