// A worker pool with a WaitGroup: workers take tasks from a channel and
// append results under a mutex.
package main

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

func main() {
	tasks := make(chan int, 4)
	var (
		mu      sync.Mutex
		results []int
		wg      sync.WaitGroup
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range tasks {
				time.Sleep(time.Millisecond)
				mu.Lock()
				results = append(results, t*t)
				mu.Unlock()
			}
		}()
	}
	for i := range 20 {
		tasks <- i
	}
	close(tasks)
	wg.Wait()
	var more sync.WaitGroup
	for i := range 3 {
		more.Go(func() {
			mu.Lock()
			results = append(results, -i)
			mu.Unlock()
		})
	}
	more.Wait()
	slices.Sort(results)
	fmt.Println(len(results), results[0], results[len(results)-1])
}
