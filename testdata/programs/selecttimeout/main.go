// select with time.After and ctx.Done(): a wait that times out, a worker
// stopped by cancellation, and results that arrive before either.
package main

import (
	"context"
	"fmt"
	"time"
)

func worker(ctx context.Context, out chan<- int) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			close(out)
			return
		case out <- i:
		}
	}
}

func main() {
	never := make(chan int)
	select {
	case v := <-never:
		fmt.Println("got", v)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timeout")
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan int)
	go worker(ctx, out)
	got := 0
	for v := range out {
		if v == 9 {
			cancel()
			break
		}
		got++
	}
	for range out { // drain until the worker sees the cancellation
	}
	fmt.Println("got", got, ctx.Err())
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	select {
	case <-ctx2.Done():
		fmt.Println("deadline", ctx2.Err())
	case <-never:
	}
}
