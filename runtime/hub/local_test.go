package hub

import (
	"sync"
	"testing"
)

func TestLocalPerGreenThread(t *testing.T) {
	h := newTestHub(t)
	l := NewLocalOn[int](h)
	h.Run(func() {
		l.Set(-1)
		p := h.NewPool(100)
		for i := range 100 {
			p.Go(func() {
				if _, ok := l.Lookup(); ok {
					t.Error("a new thread sees a value")
				}
				l.Set(i)
				for range 3 {
					h.Yield()
					if v := l.Get(); v != i {
						t.Errorf("thread %d sees %d", i, v)
					}
				}
				l.Delete()
				if _, ok := l.Lookup(); ok {
					t.Error("value still there after Delete")
				}
			})
		}
		p.WaitAll()
		if v := l.Get(); v != -1 {
			t.Errorf("the spawner's value became %d", v)
		}
	})
	// Outsiders: one value per goroutine, none of the green threads'.
	if _, ok := l.Lookup(); ok {
		t.Error("outsider sees a green thread's value")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer l.Delete()
			l.Set(100 + i)
			if v := l.Get(); v != 100+i {
				t.Errorf("outsider %d sees %d", i, v)
			}
		}()
	}
	wg.Wait()
	l.mu.Lock()
	left := len(l.outsiders)
	l.mu.Unlock()
	if left != 0 {
		t.Errorf("%d outsider values left after Delete", left)
	}
}

func TestLocalZeroValueOnDefaultHub(t *testing.T) {
	defer checkLeaks(t)
	defer Close()
	var l Local[any]
	Run(func() {
		l.Set(nil) // a nil interface value is still a value
		if _, ok := l.Lookup(); !ok {
			t.Error("Set(nil) not found")
		}
		g := Spawn(func() (any, error) { l.Set("x"); Yield(); return l.Get(), nil })
		if v, _ := g.Wait(); v != "x" {
			t.Errorf("spawned thread got %v", v)
		}
		if v := l.Get(); v != nil {
			t.Errorf("runner sees %v", v)
		}
	})
}
