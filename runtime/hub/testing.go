package hub

// Test bodies join the hub in rewritten tests (Run), and t.Run and
// t.Parallel block the test until other tests have run — with the hub held
// they would stop every green thread, the other tests' included. greenify's
// thread set turns t.Run(name, f) into hub.Sub(t, name, f) and t.Parallel()
// into hub.Parallel(t). The hub does not import testing: these work with
// any T that has the methods of *testing.T or *testing.B.

// A Runner runs subtests or sub-benchmarks: *testing.T, *testing.B.
type Runner[T any] interface {
	Run(name string, f func(T)) bool
}

// Sub is r.Run(name, f) with the hub given up while the subtest runs; the
// subtest's body joins the hub on its own goroutine, as the parent's did.
func Sub[T any](r Runner[T], name string, f func(T)) (ok bool) {
	h := Current()
	h.Blocking(func() {
		ok = r.Run(name, func(t T) { h.Run(func() { f(t) }) })
	})
	return ok
}

// Parallel is t.Parallel() with the hub given up while the test waits for
// its turn.
func Parallel(t interface{ Parallel() }) { Current().Blocking(t.Parallel) }
