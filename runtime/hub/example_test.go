package hub_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// Green threads run one at a time: a thread started with Go runs when the
// one holding the hub blocks in a green call, here Yield.
func ExampleGo() {
	defer hub.Close()
	hub.Run(func() {
		for i := range 3 {
			hub.Go(func() { fmt.Println("green thread", i) })
		}
		fmt.Println("started three")
		hub.Yield()
		fmt.Println("back")
	})
	// Output:
	// started three
	// green thread 0
	// green thread 1
	// green thread 2
	// back
}

// Spawn returns a handle whose Wait gives the thread's result; main is an
// outsider goroutine, which may call every green API.
func ExampleSpawn() {
	defer hub.Close()
	g := hub.Spawn(func() (int, error) {
		hub.Sleep(time.Millisecond)
		return 6 * 7, nil
	})
	v, err := g.Wait()
	fmt.Println(v, err)
	// Output: 42 <nil>
}

// Sleep gives the hub to the other threads; they wake in deadline order.
func ExampleSleep() {
	defer hub.Close()
	hub.Run(func() {
		for _, d := range []int{30, 10, 20} {
			hub.Go(func() {
				hub.Sleep(time.Duration(d) * time.Millisecond)
				fmt.Println("slept", d, "ms")
			})
		}
		hub.Sleep(50 * time.Millisecond)
	})
	// Output:
	// slept 10 ms
	// slept 20 ms
	// slept 30 ms
}

// An Event hands one result to every thread that waits for it.
func ExampleEvent() {
	defer hub.Close()
	ready := hub.NewEvent[string]()
	pile := hub.NewPile[string](nil)
	for i := range 2 {
		pile.Spawn(func() (string, error) {
			v, err := ready.Wait()
			return fmt.Sprintf("waiter %d got %q", i, v), err
		})
	}
	hub.Go(func() { ready.Send("go") })
	for line := range pile.All() {
		fmt.Println(line)
	}
	err := ready.Send("again")
	fmt.Println(errors.Is(err, hub.ErrAlreadySent))
	// Output:
	// waiter 0 got "go"
	// waiter 1 got "go"
	// true
}

// A bounded Queue makes a fast producer wait for a slow consumer. A value
// goes straight to a Get that waits; Len counts what is buffered.
func ExampleQueue() {
	defer hub.Close()
	q := hub.NewQueue[string](2)
	hub.Run(func() {
		hub.Go(func() {
			for _, w := range strings.Fields("one two three four") {
				q.Put(w) // waits while two are buffered
			}
			q.Put("") // done
		})
		for w := q.Get(); w != ""; w = q.Get() {
			fmt.Println(w, q.Len())
		}
	})
	// Output:
	// one 2
	// two 2
	// three 1
	// four 0
}

// Imap runs a function over a sequence in a Pool, at most the pool's size
// at once, and yields the results in input order.
func ExampleImap() {
	defer hub.Close()
	p := hub.NewPool(3)
	square := func(x int) int {
		hub.Sleep(time.Duration(5-x) * time.Millisecond) // later ones finish first
		return x * x
	}
	for v := range hub.Imap(p, slices.Values([]int{1, 2, 3, 4}), square) {
		fmt.Println(v)
	}
	// Output:
	// 1
	// 4
	// 9
	// 16
}

// A Pool bounds how many green threads run at once; Go waits while it is
// full.
func ExamplePool() {
	defer hub.Close()
	p := hub.NewPool(2)
	running, most := 0, 0
	hub.Run(func() {
		for range 10 {
			p.Go(func() {
				running++
				most = max(most, running)
				hub.Sleep(time.Millisecond)
				running--
			})
		}
		p.WaitAll()
	})
	fmt.Println("at most", most, "at once")
	// Output: at most 2 at once
}

// A Pile gathers the results of threads in the order they were spawned.
func ExamplePile() {
	defer hub.Close()
	pile := hub.NewPile[string](hub.NewPool(10))
	for _, name := range []string{"a", "b", "c"} {
		pile.Spawn(func() (string, error) {
			if name == "b" {
				return "", errors.New("b failed")
			}
			return strings.ToUpper(name), nil
		})
	}
	for v, err := range pile.All() {
		fmt.Printf("%q %v\n", v, err)
	}
	// Output:
	// "A" <nil>
	// "" b failed
	// "C" <nil>
}

// WithTimeout cuts fn short at its next green call after the timeout; a
// call without an error result (Sleep here) unwinds with the *Timeout.
func ExampleWithTimeout() {
	defer hub.Close()
	err := hub.WithTimeout(10*time.Millisecond, func() error {
		hub.Sleep(time.Minute)
		return nil
	})
	fmt.Println(hub.IsTimeout(err), err)
	// Output: true timed out after 10ms
}

// A Local holds a value per green thread.
func ExampleLocal() {
	defer hub.Close()
	var user hub.Local[string]
	pile := hub.NewPile[string](nil)
	for _, name := range []string{"ann", "bob"} {
		pile.Spawn(func() (string, error) {
			user.Set(name)
			hub.Yield() // the other thread sets its own value meanwhile
			return "hello " + user.Get(), nil
		})
	}
	for s := range pile.All() {
		fmt.Println(s)
	}
	// Output:
	// hello ann
	// hello bob
}
