// A bounded buffer on sync.Cond: producers wait while it is full,
// consumers while it is empty.
package main

import (
	"fmt"
	"sync"
)

type buffer struct {
	mu       sync.Mutex
	notFull  *sync.Cond
	notEmpty *sync.Cond
	items    []int
	max      int
}

func newBuffer(max int) *buffer {
	b := &buffer{max: max}
	b.notFull = sync.NewCond(&b.mu)
	b.notEmpty = sync.NewCond(&b.mu)
	return b
}

func (b *buffer) put(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) == b.max {
		b.notFull.Wait()
	}
	b.items = append(b.items, v)
	b.notEmpty.Signal()
}

func (b *buffer) get() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.items) == 0 {
		b.notEmpty.Wait()
	}
	v := b.items[0]
	b.items = b.items[1:]
	b.notFull.Signal()
	return v
}

func main() {
	b := newBuffer(2)
	var wg sync.WaitGroup
	for p := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				b.put(p*100 + i)
			}
		}()
	}
	sum := make(chan int)
	go func() {
		s := 0
		for range 150 {
			s += b.get()
		}
		sum <- s
	}()
	wg.Wait()
	fmt.Println("sum", <-sum)
}
