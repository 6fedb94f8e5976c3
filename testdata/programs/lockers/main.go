// Locks taken through a sync.Locker (a Mutex, an RWMutex's RLocker, a
// Cond's L), blocking methods passed as values, pointers sent on a chan
// any, and go statements with untyped arguments. Each lock is held across
// a sleep, so a waiter that blocked natively would hold up the sleeper.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

type counter struct {
	l sync.Locker
	n map[string]int
}

func (c *counter) add(k string) {
	c.l.Lock()
	defer c.l.Unlock()
	n := c.n[k]
	time.Sleep(time.Millisecond) // others must wait for the lock meanwhile
	c.n[k] = n + 1
}

type result struct {
	id   int
	even parity
	mask int64
}

type parity bool

func work(id int, even parity, mask int64, out chan any, done func()) {
	defer done()
	out <- &result{id, even, mask}
}

func main() {
	var mu sync.Mutex
	c := &counter{l: &mu, n: map[string]int{}}
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				c.add(fmt.Sprint("k", i%2))
			}
		}()
	}
	wait := wg.Wait
	wait()
	fmt.Println("counts", c.n["k0"], c.n["k1"])

	// Readers wait through the RLocker while a writer holds the lock.
	var rw sync.RWMutex
	shared := 0
	rw.Lock()
	var readers sync.WaitGroup
	seen := make([]int, 3)
	for i := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			rl := rw.RLocker()
			rl.Lock()
			seen[i] = shared
			rl.Unlock()
		}()
	}
	time.Sleep(5 * time.Millisecond)
	shared = 7
	rw.Unlock()
	readers.Wait()
	fmt.Println("readers saw", seen)

	// A Cond's L, and a Lock passed as a callback.
	cond := sync.NewCond(&sync.Mutex{})
	ready := false
	go func() {
		time.Sleep(2 * time.Millisecond)
		cond.L.Lock()
		ready = true
		cond.Broadcast()
		cond.L.Unlock()
	}()
	with := func(lock, unlock func(), f func()) {
		lock()
		defer unlock()
		f()
	}
	with(cond.L.Lock, cond.L.Unlock, func() {
		for !ready {
			cond.Wait()
		}
	})
	fmt.Println("ready", ready)

	// Pointers on a chan any, go statements with untyped arguments.
	out := make(chan any)
	var workers sync.WaitGroup
	for i := range 6 {
		k := uint(i)
		workers.Add(1)
		go work(i, i%2 == 0, 1<<k, out, workers.Done)
	}
	go func() {
		workers.Wait()
		close(out)
	}()
	var got []string
	for {
		select {
		case v, ok := (<-out):
			if !ok {
				sort.Strings(got)
				fmt.Println("results", got)
				return
			}
			r := v.(*result)
			got = append(got, fmt.Sprintf("%d:%v:%d", r.id, r.even, r.mask))
		case <-time.After(time.Minute):
			fmt.Println("timed out")
			return
		}
	}
}
