package hub

import (
	"errors"
	"runtime"
	"sync"
	"testing"
)

// Run makes the caller itself a green thread: fn runs on the caller's
// goroutine, holding the hub, and other threads run only when it blocks.
func TestRunOnCallersGoroutine(t *testing.T) {
	h := newTestHub(t)
	caller := curGoid()
	var inside, other int64
	ran := false
	h.Run(func() {
		inside = curGoid()
		if h.self() == nil {
			t.Error("fn is not a green thread of h")
		}
		h.Go(func() { other = curGoid(); ran = true })
		if ran {
			t.Error("a spawned thread ran before Run's thread blocked")
		}
		h.Yield()
		if !ran {
			t.Error("the spawned thread did not run at Yield")
		}
		h.Run(func() { // nested: just a call
			if curGoid() != caller {
				t.Error("nested Run left the goroutine")
			}
		})
	})
	if inside != caller {
		t.Fatalf("fn ran on goroutine %d, the caller is %d", inside, caller)
	}
	if other == caller {
		t.Fatal("the spawned thread ran on the caller's goroutine")
	}
	if h.self() != nil {
		t.Fatal("the caller is still a green thread after Run")
	}
}

// A panic in fn reaches Run's caller as the panic value itself, and the
// hub goes on serving other threads.
func TestRunPanicPropagates(t *testing.T) {
	h := newTestHub(t)
	boom := errors.New("boom")
	func() {
		defer func() {
			if r := recover(); r != boom {
				t.Fatalf("recovered %v, want %v", r, boom)
			}
		}()
		h.Run(func() { h.Yield(); panic(boom) })
	}()
	v, err := SpawnOn(h, func() (int, error) { h.Yield(); return 7, nil }).Wait()
	if v != 7 || err != nil {
		t.Fatalf("after a panicking Run: %v, %v", v, err)
	}
}

// runtime.Goexit in fn (what t.FailNow calls) ends the caller's goroutine
// as it would without Run, and the hub is let go on the way out.
func TestRunGoexit(t *testing.T) {
	h := newTestHub(t)
	var wg sync.WaitGroup
	wg.Add(1)
	after := false
	go func() {
		defer wg.Done()
		h.Run(func() {
			h.Yield()
			runtimeGoexit()
		})
		after = true
	}()
	wg.Wait()
	if after {
		t.Fatal("code after Run ran although fn called Goexit")
	}
	h.Run(func() { h.Yield() }) // the hub was released
	if ok := t.Run("FailNow", func(t *testing.T) {
		h.Run(func() { h.Yield(); t.SkipNow() })
		t.Error("SkipNow did not end the subtest")
	}); !ok {
		t.Fatal("subtest failed")
	}
	h.Run(func() { h.Yield() })
}

// Current is the caller's hub for a green thread of any hub, and the
// default hub for an outsider.
func TestCurrent(t *testing.T) {
	h := newTestHub(t)
	if Current() != Default() {
		t.Fatal("an outsider's Current is not Default")
	}
	h.Run(func() {
		if Current() != h {
			t.Error("Run's thread: Current is not its hub")
		}
		g := SpawnOn(h, func() (*Hub, error) { return Current(), nil })
		if c, _ := g.Wait(); c != h {
			t.Error("a spawned thread: Current is not its hub")
		}
	})
}

func runtimeGoexit() { runtime.Goexit() }
