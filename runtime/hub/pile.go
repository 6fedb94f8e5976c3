package hub

import (
	"iter"
	"sync"
)

// A Pile is a set of green threads whose results are read back in the
// order they were spawned (Eventlet's GreenPile), for fanning work out and
// gathering it in order:
//
//	pile := hub.NewPile[string](hub.NewPool(10))
//	for _, u := range urls {
//		pile.Spawn(func() (string, error) { return fetch(u) })
//	}
//	for body, err := range pile.All() { ... }
type Pile[T any] struct {
	h       *Hub
	p       *Pool // nil: no bound
	mu      sync.Mutex
	pending []*GreenThread[T]
}

// NewPile returns a pile whose threads run in p (Spawn waits while p is
// full); with a nil p, on the default hub without a bound.
func NewPile[T any](p *Pool) *Pile[T] {
	if p == nil {
		return &Pile[T]{h: Default()}
	}
	return &Pile[T]{h: p.h, p: p}
}

// NewPileOn returns a pile on h whose threads have no bound.
func NewPileOn[T any](h *Hub) *Pile[T] { return &Pile[T]{h: h} }

// Spawn starts fn in the pile, first waiting for a slot when the pile has a
// pool. A Timeout or Kill arriving meanwhile panics with it.
func (pl *Pile[T]) Spawn(fn func() (T, error)) {
	var g *GreenThread[T]
	if pl.p != nil {
		g = SpawnIn(pl.p, fn)
	} else {
		g = SpawnOn(pl.h, fn)
	}
	pl.mu.Lock()
	pl.pending = append(pl.pending, g)
	pl.mu.Unlock()
}

// Len is the number of spawned threads whose results have not been read.
func (pl *Pile[T]) Len() int {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return len(pl.pending)
}

// All yields each thread's result, waiting for it, in spawn order, and
// takes it out of the pile; it ends when no result is left unread (threads
// spawned while it runs are included). The error is the thread's own: what
// fn returned, a *PanicError, ErrKilled. A Timeout or Kill of the reader
// while it waits panics with it, and that result stays in the pile.
func (pl *Pile[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for {
			pl.mu.Lock()
			if len(pl.pending) == 0 {
				pl.mu.Unlock()
				return
			}
			g := pl.pending[0]
			pl.pending[0] = nil
			pl.pending = pl.pending[1:]
			pl.mu.Unlock()
			v, err := g.Wait()
			if err != nil {
				g.mu.Lock()
				done, own := g.done, g.err
				g.mu.Unlock()
				if !done || (isInterrupt(err) && own != err) {
					// The reader was interrupted, not the thread: the
					// result keeps its place for the next reader.
					pl.mu.Lock()
					pl.pending = append([]*GreenThread[T]{g}, pl.pending...)
					pl.mu.Unlock()
					raise(err)
				}
			}
			if !yield(v, err) {
				return
			}
		}
	}
}
