//go:build linux && !race

package netfd

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// An idle connection must cost what a goroutine blocked in the standard
// net package costs. 200 green threads each park in Read on a connection
// with nothing to read, and the stack memory in use per thread is compared
// with that of 200 goroutines of the standard net doing the same, in the
// same run. Bare, a parked thread keeps Go's smallest stack, 2 KiB: the way
// into the park (the system call, the hand-off of the hub inside Go's
// poller callback) fits in it; 4 KiB means it grew. An echo loop over a
// bufio.Reader that has served a line keeps 2 KiB too: the threads start
// together, so most hand-offs start a thread that has not run yet, which
// must not allocate on the parking thread's stack. Under ReadString, whose own
// frames take the standard net's goroutines past 2 KiB too, the thread
// must hold no more than they do. This is the netpoll kind's promise, the
// default; the kinds that poll fds themselves park deeper. (The race
// detector makes frames larger, so this test is left out under -race.)
func TestIdleThreadStack(t *testing.T) {
	if k := hub.Default().Kind(); k != hub.KindNetpoll {
		t.Skipf("the %s hub parks deeper than Go's net", k)
	}
	for name, handle := range idleHandlers {
		t.Run(name, func(t *testing.T) {
			cleanup(t)
			limit := func(std int64) int64 { return max(std+std/10, 3584) }
			if name != "bufio" {
				limit = func(int64) int64 { return 3<<10 - 1 }
			}
			// StackInuse counts stack spans, and stacks freed by the
			// goroutines of one measurement stay cached in them for the
			// next: a single pair of figures can be off by a third. A
			// deeper park shows in every attempt; noise does not.
			var per, std int64
			for range attempts {
				std = stdStack(t, handle, primed(name))
				per = greenStack(t, handle, primed(name))
				t.Logf("%s: %d bytes of stack per parked thread; Go net: %d", name, per, std)
				if per <= limit(std) {
					return
				}
			}
			t.Errorf("a thread parked in Read holds %d bytes of stack (Go net: %d, Go's smallest: 2048)", per, std)
		})
	}
}

// idleHandlers are the ways a server reads, each run by green threads and
// by the standard net's goroutines; each calls parked before its first
// Read. "echo" finds a line waiting (see primed), echoes it and parks for
// the next.
var idleHandlers = map[string]func(c io.ReadWriter, parked *atomic.Int32){
	"bare": func(c io.ReadWriter, parked *atomic.Int32) {
		buf := make([]byte, 64)
		parked.Add(1)
		c.Read(buf)
	},
	"bufio": func(c io.ReadWriter, parked *atomic.Int32) {
		r := bufio.NewReader(c)
		parked.Add(1)
		r.ReadString('\n')
	},
	"echo": func(c io.ReadWriter, parked *atomic.Int32) {
		r := bufio.NewReader(c)
		parked.Add(1)
		for {
			line, err := r.ReadSlice('\n')
			if len(line) > 0 {
				if _, err := c.Write(line); err != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	},
}

// primed says whether each client sends line before its server starts.
func primed(name string) bool { return name == "echo" }

var line = []byte("hello\n")

// attempts is how many times TestIdleThreadStack measures before it fails.
const attempts = 3

// greenStack is the stack per green thread parked in handle.
func greenStack(t *testing.T, handle func(c io.ReadWriter, parked *atomic.Int32), prime bool) int64 {
	const n = 200
	var ss, cs []*FD
	for range n {
		ln, c, s := listenConnect(t)
		ln.Close()
		ss, cs = append(ss, s), append(cs, c)
		if prime {
			if _, err := c.Write(line); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer func() {
		for i := range n {
			cs[i].Close()
			ss[i].Close()
		}
	}()
	before := stackInuse()
	var parked atomic.Int32
	for _, s := range ss {
		hub.Go(func() { handle(s, &parked) })
	}
	for i := 0; parked.Load() < n; i++ {
		if i == 1000 {
			t.Fatalf("%d of %d threads parked", parked.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
	waitIOWait(t, n)
	return (stackInuse() - before) / n
}

// stackInuse is the stack memory in use after two GCs (which shrink
// stacks that use less than a quarter of their size).
func stackInuse() int64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int64(ms.StackInuse)
}

// stdStack is the stack per goroutine of the standard net package, parked
// in Read the same way.
func stdStack(t *testing.T, handle func(c io.ReadWriter, parked *atomic.Int32), prime bool) int64 {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const n = 200
	var cs, ss []net.Conn
	defer func() {
		for _, c := range append(cs, ss...) {
			c.Close()
		}
	}()
	for range n {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		s, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		cs, ss = append(cs, c), append(ss, s)
		if prime {
			if _, err := c.Write(line); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := stackInuse()
	var parked atomic.Int32
	done := make(chan struct{}, n)
	for _, s := range ss {
		go func() {
			defer func() { done <- struct{}{} }()
			handle(s, &parked)
		}()
	}
	for i := 0; parked.Load() < n && i < 1000; i++ {
		time.Sleep(time.Millisecond)
	}
	waitIOWait(t, n)
	per := (stackInuse() - before) / n
	for _, c := range ss {
		c.Close()
	}
	for range n {
		<-done
	}
	return per
}

// waitIOWait waits until at least n goroutines are parked in Go's poller
// ("IO wait"): only a parked goroutine's stack can shrink.
func waitIOWait(t *testing.T, n int) {
	t.Helper()
	buf := make([]byte, 1<<22)
	for i := 0; i < 500; i++ {
		m := runtime.Stack(buf, true)
		if bytes.Count(buf[:m], []byte(" [IO wait")) >= n {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("fewer than %d goroutines parked in Go's poller", n)
}
