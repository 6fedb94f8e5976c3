// Command loadgen is the load generator of scripts/bench.sh: a closed-loop
// echo client, an idle-connection holder, and a bulk sender and sink. It
// is a plain Go program on the standard net package, so it measures the
// servers, not itself, the same way for each of them.
//
//	loadgen echo -addr A -conns 50 -size 64 -duration 5s
//	    N connections, each writing an S-byte message (ending in '\n') and
//	    reading the S-byte answer, again and again; prints
//	    "roundtrips=… rps=… p50_us=… p99_us=… errors=… all=…" (all counts
//	    the warm-up too, for dividing the server's CPU time).
//	loadgen idle -addr A -conns 9000
//	    opens N connections, does one round trip on each (so the server's
//	    handler is parked in its read), prints "ready", and holds them until
//	    SIGTERM or SIGINT.
//	loadgen sink -addr 127.0.0.1:0
//	    accepts connections and discards what they send; closes each at EOF.
//	loadgen bulk -addr A -bytes 1073741824
//	    sends that many bytes on one connection, half-closes, waits for the
//	    peer's close; prints "bytes=… seconds=… mbps=…" (MB/s, 10^6).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: loadgen echo|idle|sink|bulk [flags]")
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:6000", "server address")
	conns := fs.Int("conns", 50, "connections")
	size := fs.Int("size", 64, "message size in bytes")
	duration := fs.Duration("duration", 5*time.Second, "measuring time")
	warmup := fs.Duration("warmup", 500*time.Millisecond, "time before measuring starts")
	total := fs.Int64("bytes", 1<<30, "bulk: bytes to send")
	fs.Parse(os.Args[2:])
	switch os.Args[1] {
	case "echo":
		echo(*addr, *conns, *size, *warmup, *duration)
	case "idle":
		idle(*addr, *conns, *size)
	case "sink":
		sink(*addr)
	case "bulk":
		bulk(*addr, *total)
	default:
		log.Fatalf("unknown mode %q", os.Args[1])
	}
}

func message(size int) []byte {
	msg := make([]byte, size)
	for i := range msg {
		msg[i] = 'a' + byte(i%26)
	}
	msg[size-1] = '\n'
	return msg
}

// dialAll opens n connections, at most 100 dials at a time so that the
// server's accept queue does not overflow.
func dialAll(addr string, n int) []net.Conn {
	cs := make([]net.Conn, n)
	sem := make(chan struct{}, 100)
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range cs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", addr, 30*time.Second)
			if err != nil {
				if failed.Add(1) == 1 {
					log.Printf("dial: %v", err)
				}
				return
			}
			cs[i] = c
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		log.Fatalf("%d of %d dials failed", failed.Load(), n)
	}
	return cs
}

func roundTrip(c net.Conn, msg, buf []byte) error {
	if _, err := c.Write(msg); err != nil {
		return err
	}
	_, err := io.ReadFull(c, buf)
	return err
}

func echo(addr string, n, size int, warmup, duration time.Duration) {
	cs := dialAll(addr, n)
	msg := message(size)
	var measuring, stop atomic.Bool
	lat := make([][]time.Duration, n)
	var errs, allTrips atomic.Int64
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() {
			defer c.Close()
			buf := make([]byte, size)
			samples := make([]time.Duration, 0, 1<<14)
			trips := int64(0)
			defer func() { allTrips.Add(trips) }()
			for !stop.Load() {
				trips++
				t0 := time.Now()
				if err := roundTrip(c, msg, buf); err != nil {
					errs.Add(1)
					return
				}
				if measuring.Load() {
					samples = append(samples, time.Since(t0))
				}
			}
			lat[i] = samples
		})
	}
	time.Sleep(warmup)
	measuring.Store(true)
	start := time.Now()
	time.Sleep(duration)
	measuring.Store(false)
	elapsed := time.Since(start)
	stop.Store(true)
	wg.Wait()
	var all []time.Duration
	for _, s := range lat {
		all = append(all, s...)
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(p*float64(len(all)-1))].Nanoseconds()) / 1e3
	}
	fmt.Printf("roundtrips=%d rps=%.0f p50_us=%.1f p99_us=%.1f errors=%d all=%d\n",
		len(all), float64(len(all))/elapsed.Seconds(), pct(0.50), pct(0.99), errs.Load(), allTrips.Load())
}

func idle(addr string, n, size int) {
	cs := dialAll(addr, n)
	msg := message(size)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 200)
	var errs atomic.Int64
	for _, c := range cs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := roundTrip(c, msg, make([]byte, size)); err != nil {
				errs.Add(1)
			}
		})
	}
	wg.Wait()
	fmt.Printf("ready conns=%d errors=%d\n", n, errs.Load())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	for _, c := range cs {
		c.Close()
	}
}

func sink(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("sink listening on %v\n", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go func() {
			// io.Copy to Discard reads with a 32 KiB buffer (no splice
			// to /dev/null tricks): the sink costs the same for everyone.
			io.CopyBuffer(io.Discard, struct{ io.Reader }{c}, make([]byte, 256<<10))
			c.Close()
		}()
	}
}

func bulk(addr string, total int64) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 256<<10)
	start := time.Now()
	for sent := int64(0); sent < total; {
		n := int64(len(buf))
		if total-sent < n {
			n = total - sent
		}
		if _, err := c.Write(buf[:n]); err != nil {
			log.Fatal(err)
		}
		sent += n
	}
	c.(*net.TCPConn).CloseWrite()
	io.Copy(io.Discard, bufio.NewReader(c)) // until the sink's close arrives
	el := time.Since(start)
	c.Close()
	fmt.Printf("bytes=%d seconds=%.3f mbps=%.0f\n", total, el.Seconds(), float64(total)/el.Seconds()/1e6)
}
