//go:build unix

package dns_test

import (
	"context"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// BenchmarkLookupWave measures waves of 1,000 concurrent host lookups
// against the local dnsmasq: from 1,000 green threads through the green
// resolver, and from 1,000 goroutines through the standard pure-Go
// resolver, in the same run. It reports lookups/s and the peak memory in
// use (heap and stacks) while a wave is in flight, above what was in use
// before it, and the lookups that failed.
//
//	go test -run '^$' -bench LookupWave -benchtime 20x ./green/dns/
func BenchmarkLookupWave(b *testing.B) {
	needServer(b)
	const n = 1000
	gr := greenResolver(server)
	std := stdResolver(server)
	wave := func(b *testing.B, run func(done func(err error))) {
		var failed int
		var mu sync.Mutex
		b.ReportAllocs()
		peak := peakSampler()
		start := time.Now()
		for range b.N {
			var wg sync.WaitGroup
			wg.Add(n)
			run(func(err error) {
				if err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
				wg.Done()
			})
			wg.Wait()
		}
		elapsed := time.Since(start)
		b.ReportMetric(float64(b.N*n)/elapsed.Seconds(), "lookups/s")
		heap, stack := peak()
		b.ReportMetric(float64(heap)/1024, "peak-heap-KiB")
		b.ReportMetric(float64(stack)/1024, "peak-stack-KiB")
		// A lost datagram under this load ends in a timeout: counted, so
		// that a run with failures reads as one.
		b.ReportMetric(float64(failed)/float64(b.N), "failed/op")
	}
	b.Run("green", func(b *testing.B) {
		wave(b, func(done func(error)) {
			hub.Run(func() {
				for range n {
					hub.Go(func() {
						_, err := gr.LookupHost(context.Background(), "a.test.")
						done(err)
					})
				}
			})
		})
	})
	b.Run("std", func(b *testing.B) {
		wave(b, func(done func(error)) {
			for range n {
				go func() {
					_, err := std.LookupHost(context.Background(), "a.test.")
					done(err)
				}()
			}
		})
	})
}

// peakSampler samples heap and stack in use every millisecond until the
// returned function is called, which gives the peaks above the start.
func peakSampler() func() (heap, stack uint64) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	baseHeap, baseStack := ms.HeapInuse, ms.StackInuse
	stop := make(chan struct{})
	type peaks struct{ heap, stack uint64 }
	result := make(chan peaks)
	go func() {
		var p peaks
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > baseHeap {
				p.heap = max(p.heap, ms.HeapInuse-baseHeap)
			}
			if ms.StackInuse > baseStack {
				p.stack = max(p.stack, ms.StackInuse-baseStack)
			}
			select {
			case <-stop:
				result <- p
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) { close(stop); p := <-result; return p.heap, p.stack }
}
