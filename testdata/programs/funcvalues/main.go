// A Once's Do and a WaitGroup's Go used as values, not called. Goroutines
// call the same Do through the value while the first caller's setup
// sleeps: with the standard method a second green caller would block the
// hub while it waits, and the sleeper could never come back. Then workers
// are spawned through wg.Go given as a callback, and take turns on a lock
// held across a sleep.
package main

import (
	"fmt"
	"sort"
	"sync"
	"time"
)

// spawnAll starts each job through spawn.
func spawnAll(jobs []func(), spawn func(func())) {
	for _, j := range jobs {
		spawn(j)
	}
}

func main() {
	var once sync.Once
	do := once.Do
	config := ""
	setup := func() {
		time.Sleep(5 * time.Millisecond) // the others call do meanwhile
		config = "loaded"
	}
	var wg sync.WaitGroup
	got := make([]string, 4)
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do(setup)
			got[i] = config
		}()
	}
	wg.Wait()
	fmt.Println("callers saw", got)

	var mu sync.Mutex
	var seen []string
	var jobs []func()
	for i := range 4 {
		jobs = append(jobs, func() {
			mu.Lock()
			defer mu.Unlock()
			time.Sleep(time.Millisecond) // held across a sleep: the others wait for it
			seen = append(seen, fmt.Sprint("job", i))
		})
	}
	spawnAll(jobs, wg.Go)
	wg.Wait()
	sort.Strings(seen)
	fmt.Println("workers", seen)
}
