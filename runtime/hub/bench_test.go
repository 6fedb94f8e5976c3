package hub

import (
	"testing"
	"time"
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
