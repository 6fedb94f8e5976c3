package hub

import (
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	defer Close()
	var order []int
	Run(func() {
		done := NewSemaphore(0)
		for i := 0; i < 3; i++ {
			Go(func() {
				for j := 0; j < 3; j++ {
					order = append(order, i)
					Yield()
				}
				done.Release()
			})
		}
		for i := 0; i < 3; i++ {
			done.Acquire()
		}
		Sleep(5 * time.Millisecond)
	})
	t.Log(order)
	if len(order) != 9 {
		t.Fatal(order)
	}
	g := Spawn(func() (int, error) { Sleep(time.Millisecond); return 42, nil })
	v, err := g.Wait()
	if v != 42 || err != nil {
		t.Fatal(v, err)
	}
}
