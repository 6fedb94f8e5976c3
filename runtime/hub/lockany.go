package hub

import "sync"

// Waits the rewriter cannot pin to a sync type. A sync.Locker interface
// value may hold a *sync.Mutex, an *RWMutex, an RWMutex's RLocker or a
// type of the program's own; a method value such as mu.Lock or wg.Wait is
// a plain func() by the time it is called. Both may block, so rewritten
// code calls them through these, with the hub given up while they wait.
// They use only the exported waits above.

// LockAny locks l, as l.Lock() does, for any sync.Locker: one that can
// also TryLock (a *sync.Mutex or *sync.RWMutex, directly or embedded) goes
// through Lock, which waits only when the lock is taken; any other (an
// RLocker, a type of the program's) is locked with the hub given up.
func LockAny(l sync.Locker) {
	if t, ok := l.(Locker); ok {
		Lock(t)
		return
	}
	Current().Blocking(l.Lock)
}

// Releasing returns a function that calls f with the hub given up: the
// rewritten form of a blocking method used as a value (f := mu.Lock, a
// callback argument wg.Wait). The method value itself, receiver included,
// is evaluated where Releasing is called, as Go evaluates it there.
func Releasing(f func()) func() {
	return func() { Current().Blocking(f) }
}
