package hub

import "sync"

// A Local holds one value per green thread (Eventlet's corolocal.local):
// each thread sees what it Set, or the zero T, and the values go away with
// their threads. Since a green thread alone touches its own values, Get
// and Set on one take no lock.
//
// Outsider goroutines each get their own value too, kept in the Local by
// goroutine id under a lock. Go cannot tell the Local when a goroutine
// ends, so an outsider that Sets a value should Delete it before it exits;
// otherwise the value lives as long as the Local.
//
// The zero Local is ready to use with the default hub's threads;
// NewLocalOn ties one to an explicit hub.
type Local[T any] struct {
	h         *Hub
	mu        sync.Mutex
	outsiders map[int64]T
}

// NewLocalOn returns a Local for the green threads of h.
func NewLocalOn[T any](h *Hub) *Local[T] { return &Local[T]{h: h} }

// caller returns the calling green thread, or nil for an outsider.
func (l *Local[T]) caller() *thread {
	h := l.h
	if h == nil {
		if h = defaultHub.Load(); h == nil {
			return nil
		}
	}
	if !h.started.Load() {
		return nil
	}
	return h.self()
}

// Get returns the caller's value, or the zero T if it has none.
func (l *Local[T]) Get() T {
	v, _ := l.Lookup()
	return v
}

// Lookup returns the caller's value and whether it has one.
func (l *Local[T]) Lookup() (T, bool) {
	if t := l.caller(); t != nil {
		x, ok := t.locals[l]
		v, _ := x.(T) // a nil interface T comes back as the zero T
		return v, ok
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	v, ok := l.outsiders[curGoid()]
	return v, ok
}

// Set sets the caller's value.
func (l *Local[T]) Set(v T) {
	if t := l.caller(); t != nil {
		if t.locals == nil {
			t.locals = make(map[any]any)
		}
		t.locals[l] = v
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.outsiders == nil {
		l.outsiders = make(map[int64]T)
	}
	l.outsiders[curGoid()] = v
}

// Delete drops the caller's value.
func (l *Local[T]) Delete() {
	if t := l.caller(); t != nil {
		delete(t.locals, l)
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.outsiders, curGoid())
}
