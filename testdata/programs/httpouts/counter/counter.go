// Package counter counts hits behind a mutex and hands out tickets from a
// channel: a package that, rewritten, is called from net/http's handler
// goroutines, which are not green threads.
package counter

import "sync"

var (
	mu   sync.Mutex
	hits = map[string]int{}
)

var tickets = make(chan int, 1)

func init() { tickets <- 1 }

// Hit counts one hit on path and returns a ticket number.
func Hit(path string) int {
	mu.Lock()
	defer mu.Unlock()
	hits[path]++
	t := <-tickets
	tickets <- t + 1
	return t
}

// Hits returns the count for path.
func Hits(path string) int {
	mu.Lock()
	defer mu.Unlock()
	return hits[path]
}
