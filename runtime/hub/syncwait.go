package hub

// Waits on the sync package for rewritten code. sync's primitives block
// the goroutine natively; a green thread blocked in one holds the hub, and
// the thread that would release it never runs. greenify's thread set turns
// mu.Lock() into hub.Lock(&mu) and the like: each tries first without
// blocking where sync allows it, and otherwise waits with the hub given up.
// The values keep their sync types, so code that was not rewritten shares
// them unchanged.

// A Locker is what Lock needs: sync.Mutex and sync.RWMutex, directly or
// through an embedded field. Lock runs l.Lock with the hub given up and
// without the bookkeeping Blocking keeps for green calls made inside it:
// sync's Lock makes none.
type Locker interface {
	Lock()
	TryLock() bool
}

// Lock locks l, as l.Lock() does.
func Lock(l Locker) {
	if l.TryLock() {
		return
	}
	Current().outside(l.Lock)
}

// An RLocker is what RLock needs: a sync.RWMutex.
type RLocker interface {
	RLock()
	TryRLock() bool
}

// RLock locks l for reading, as l.RLock() does.
func RLock(l RLocker) {
	if l.TryRLock() {
		return
	}
	Current().outside(l.RLock)
}

// A Waiter is what Wait needs: a sync.WaitGroup or a sync.Cond.
type Waiter interface{ Wait() }

// Wait calls w.Wait with the hub given up. For a sync.Cond the caller holds
// c.L, as Cond.Wait requires; it holds it again when Wait returns.
func Wait(w Waiter) { Current().Blocking(w.Wait) }

// A Group is what GoGroup needs: a sync.WaitGroup.
type Group interface {
	Add(delta int)
	Done()
}

// GoGroup is wg.Go(f) with f run as a green thread: it adds one to wg and
// spawns f, which marks wg done when it returns.
func GoGroup(wg Group, f func()) {
	wg.Add(1)
	Current().Go(func() {
		defer wg.Done()
		f()
	})
}

// GoFunc returns a function that starts f as a green thread of the
// caller's hub: the callback form of Go, for time.AfterFunc and
// context.AfterFunc, whose callbacks would otherwise run as outsiders on
// their own goroutine.
func GoFunc(f func()) func() {
	h := Current()
	return func() { h.Go(f) }
}
