package hub

import (
	"errors"
	"testing"
	"time"
)

func TestPileResultsInSpawnOrder(t *testing.T) {
	h := newTestHub(t)
	captureLog(h)
	pl := NewPileOn[int](h)
	odd := errors.New("odd")
	h.Run(func() {
		for i := range 6 {
			pl.Spawn(func() (int, error) {
				h.Sleep(time.Duration(6-i) * 100 * time.Microsecond) // later ones finish first
				if i == 5 {
					panic("five")
				}
				if i%2 == 1 {
					return i, odd
				}
				return i * 10, nil
			})
		}
		if pl.Len() != 6 {
			t.Fatalf("Len = %d", pl.Len())
		}
		i := 0
		for v, err := range pl.All() {
			switch {
			case i == 5:
				var pe *PanicError
				if !errors.As(err, &pe) || pe.Value != "five" {
					t.Errorf("result 5: %v", err)
				}
			case i%2 == 1:
				if v != i || err != odd {
					t.Errorf("result %d: %v, %v", i, v, err)
				}
			default:
				if v != i*10 || err != nil {
					t.Errorf("result %d: %v, %v", i, v, err)
				}
			}
			i++
		}
		if i != 6 || pl.Len() != 0 {
			t.Fatalf("read %d results, %d left", i, pl.Len())
		}
	})
}

func TestPileWithPool(t *testing.T) {
	h := newTestHub(t)
	p := h.NewPool(3)
	pl := NewPile[int](p)
	var tr tracker
	// Spawned by a green thread (so the bound, not the outsider's timing,
	// decides how many run at once), read by an outsider.
	h.Run(func() {
		for i := range 12 {
			pl.Spawn(func() (int, error) { tr.run(h, 2); return i, nil })
		}
	})
	want := 0
	for v, err := range pl.All() {
		if v != want || err != nil {
			t.Fatalf("got %v, %v; want %d", v, err, want)
		}
		want++
	}
	if want != 12 {
		t.Fatalf("read %d", want)
	}
	if tr.max != 3 {
		t.Fatalf("max concurrency %d, want 3", tr.max)
	}
	// Spawned and read by an outsider: never more than the bound.
	tr = tracker{}
	for i := range 12 {
		pl.Spawn(func() (int, error) { tr.run(h, 2); return i, nil })
	}
	n := 0
	for range pl.All() {
		n++
	}
	if n != 12 || tr.max > 3 {
		t.Fatalf("read %d, max concurrency %d", n, tr.max)
	}
}

// A reader cut short by a Timeout leaves the result it waited for in the
// pile; a loop that breaks early leaves the rest.
func TestPileReaderInterrupted(t *testing.T) {
	h := newTestHub(t)
	pl := NewPileOn[string](h)
	gate := NewEventOn[int](h)
	h.Run(func() {
		pl.Spawn(func() (string, error) { gate.Wait(); return "slow", nil })
		pl.Spawn(func() (string, error) { return "fast", nil })
		err := h.WithTimeout(time.Millisecond, func() error {
			for range pl.All() {
				t.Error("got a result before the gate opened")
			}
			return nil
		})
		if _, ok := err.(*Timeout); !ok {
			t.Fatalf("reader under WithTimeout: %v", err)
		}
		if pl.Len() != 2 {
			t.Fatalf("Len = %d after the interrupted read, want 2", pl.Len())
		}
		gate.Send(1)
		for v := range pl.All() {
			if v != "slow" {
				t.Errorf("first result %q", v)
			}
			break
		}
		var rest []string
		for v := range pl.All() {
			rest = append(rest, v)
		}
		if len(rest) != 1 || rest[0] != "fast" {
			t.Fatalf("rest %v", rest)
		}
	})
}
