package hub

import (
	"runtime"
	"sync"
	"testing"
)

// Rewritten code beside the goroutine code it came from, in one benchmark
// so that the two are measured in the same conditions: compare the
// sub-benchmarks' ns/op as a ratio.

// BenchmarkChanPingPong: one op is a round trip on two unbuffered
// channels (two hand-offs).
func BenchmarkChanPingPong(b *testing.B) {
	b.Run("native", func(b *testing.B) {
		ping, pong := make(chan int), make(chan int)
		go func() {
			for v := range ping {
				pong <- v
			}
			close(pong)
		}()
		for i := 0; b.Loop(); i++ {
			ping <- i
			<-pong
		}
		close(ping)
		<-pong
	})
	b.Run("green", func(b *testing.B) {
		h := New("")
		defer h.Close()
		h.Run(func() {
			ping, pong := make(chan int), make(chan int)
			h.Go(func() {
				for v := range Range(ping) {
					Send(pong, v)
				}
				close(pong)
			})
			for i := 0; b.Loop(); i++ {
				Send(ping, i)
				Recv(pong)
			}
			close(ping)
			Recv(pong)
		})
	})
}

// BenchmarkMutexHandOff: two threads take a mutex in turn, each yielding
// while it holds it, so every Lock waits for the other to unlock. One op
// is one Lock.
func BenchmarkMutexHandOff(b *testing.B) {
	b.Run("native", func(b *testing.B) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		n := b.N
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range n / 2 {
					mu.Lock()
					runtime.Gosched()
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
	})
	b.Run("green", func(b *testing.B) {
		h := New("")
		defer h.Close()
		n := b.N
		h.Run(func() {
			var mu sync.Mutex
			var wg sync.WaitGroup
			for range 2 {
				GoGroup(&wg, func() {
					for range n / 2 {
						Lock(&mu)
						h.Yield()
						mu.Unlock()
					}
				})
			}
			Wait(&wg)
		})
	})
}
