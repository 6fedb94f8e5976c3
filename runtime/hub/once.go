package hub

import "sync"

// sync.Once, sync.OnceFunc and friends block a second caller until the
// first one's function returns. Among green threads that is a trap: when
// the function yields (green I/O, Sleep), the second green thread blocks in
// the Once holding the hub, and the first never runs again to finish. Do
// and the Once* functions below let a green thread that finds the function
// onceRunning elsewhere wait with the hub given up; the Once itself stays a
// sync.Once, shared with code that was not rewritten.

// onceRunning maps a Once (or a OnceFunc's key) whose function is under way to
// a channel closed when it returns.
var onceRunning sync.Map

// awaitRun waits, with the hub given up, for the function of key if it is
// onceRunning.
func awaitRun(key any) {
	if w, ok := onceRunning.Load(key); ok {
		Current().Blocking(func() { <-w.(chan struct{}) })
	}
}

// tracked runs f with key marked as onceRunning.
func tracked(key any, f func()) {
	done := make(chan struct{})
	onceRunning.Store(key, done)
	defer func() {
		onceRunning.Delete(key)
		close(done)
	}()
	f()
}

// A Doer is what Do needs: a sync.Once, directly or through an embedded
// field.
type Doer interface{ Do(f func()) }

// Do is o.Do(f): it calls f if and only if o.Do has not been called yet,
// and returns once f has returned.
func Do(o Doer, f func()) {
	awaitRun(o)
	o.Do(func() { tracked(o, f) })
}

// OnceFunc is sync.OnceFunc(f) for green callers.
func OnceFunc(f func()) func() {
	key := new(byte)
	g := sync.OnceFunc(func() { tracked(key, f) })
	return func() {
		awaitRun(key)
		g()
	}
}

// OnceValue is sync.OnceValue(f) for green callers.
func OnceValue[T any](f func() T) func() T {
	key := new(byte)
	g := sync.OnceValue(func() (v T) {
		tracked(key, func() { v = f() })
		return v
	})
	return func() T {
		awaitRun(key)
		return g()
	}
}

// OnceValues is sync.OnceValues(f) for green callers.
func OnceValues[T1, T2 any](f func() (T1, T2)) func() (T1, T2) {
	key := new(byte)
	g := sync.OnceValues(func() (a T1, b T2) {
		tracked(key, func() { a, b = f() })
		return a, b
	})
	return func() (T1, T2) {
		awaitRun(key)
		return g()
	}
}
