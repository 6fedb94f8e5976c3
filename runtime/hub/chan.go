package hub

import "iter"

// Channel operations for rewritten code. A green thread that blocks on a
// plain channel holds the hub, so no other green thread can run — least of
// all the one that would complete the operation. greenify's thread set
// therefore turns `ch <- v`, `<-ch` and `for v := range ch` into the calls
// below. Each first tries the operation without blocking; only when it
// would block does it give the hub up (Hub.outside), and it takes the hub
// back before returning, also when the operation panics (a send on a closed
// channel). Channels keep their standard types, so they cross into code
// that was not rewritten unchanged.

// Send sends v on ch, as `ch <- v` does.
func Send[T any](ch chan<- T, v T) {
	select {
	case ch <- v:
		return
	default:
	}
	Current().outside(func() { ch <- v })
}

// Recv receives from ch, as `<-ch` does.
func Recv[T any](ch <-chan T) T {
	select {
	case v := <-ch:
		return v
	default:
	}
	var v T
	Current().outside(func() { v = <-ch })
	return v
}

// Recv2 receives from ch, as `v, ok := <-ch` does: ok is false when ch is
// closed and drained.
func Recv2[T any](ch <-chan T) (v T, ok bool) {
	select {
	case v, ok = <-ch:
		return v, ok
	default:
	}
	Current().outside(func() { v, ok = <-ch })
	return v, ok
}

// Range yields the values received from ch until it is closed, as
// `for v := range ch` does; breaking out of the loop stops receiving.
func Range[T any](ch <-chan T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for {
			v, ok := Recv2(ch)
			if !ok || !yield(v) {
				return
			}
		}
	}
}
