package rewrite

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
)

// Stand-ins for sync, time, runtime and the hub, for fuzzing the thread
// and time sets in process: the hub's signatures are the real ones, so
// planned output type-checks as it would against runtime/hub.
var threadFuzzPkgs = [][2]string{
	{"sync", `package sync
type Mutex struct{ s int }
func (m *Mutex) Lock() {}
func (m *Mutex) TryLock() bool { return true }
func (m *Mutex) Unlock() {}
type RWMutex struct{ Mutex }
func (m *RWMutex) RLock() {}
func (m *RWMutex) TryRLock() bool { return true }
func (m *RWMutex) RUnlock() {}
type WaitGroup struct{ n int }
func (w *WaitGroup) Add(int) {}
func (w *WaitGroup) Done() {}
func (w *WaitGroup) Wait() {}
func (w *WaitGroup) Go(func()) {}
type Locker interface{ Lock(); Unlock() }
type Cond struct{ L Locker }
func (c *Cond) Wait() {}
func (m *RWMutex) RLocker() Locker { return nil }
type Once struct{ d bool }
func (o *Once) Do(func()) {}
func OnceFunc(f func()) func() { return f }
`},
	{"time", `package time
type Duration int64
func Sleep(d Duration) {}
func After(d Duration) <-chan int { return nil }
`},
	{"runtime", `package runtime
func Gosched() {}
`},
	{hubPath, `package hub
import (
	"sync"
	"time"
)
func Go(f func()) {}
func Run(f func()) {}
func Blocking(f func()) {}
func Yield() {}
func Sleep(d time.Duration) {}
func Send[T any](ch chan<- T, v T) {}
func Recv[T any](ch <-chan T) (v T) { return }
func Recv2[T any](ch <-chan T) (v T, ok bool) { return }
func Range[T any](ch <-chan T) func(func(T) bool) { return nil }
type SelectCase interface{ sel() }
type SelectRecv[T any] struct{ Value T; OK bool }
func (*SelectRecv[T]) sel() {}
type SelectSend[T any] struct{ v T }
func (*SelectSend[T]) sel() {}
func OnRecv[T any](ch <-chan T) *SelectRecv[T] { return nil }
func OnSend[T any](ch chan<- T, v T) *SelectSend[T] { return nil }
func Select(cases ...SelectCase) int { return 0 }
type Locker interface{ Lock(); TryLock() bool }
func Lock(l Locker) {}
type RLocker interface{ RLock(); TryRLock() bool }
func RLock(l RLocker) {}
func Wait(w interface{ Wait() }) {}
func Do(o interface{ Do(func()) }, f func()) {}
func GoGroup(wg interface{ Add(int); Done() }, f func()) {}
func GoFunc(f func()) func() { return f }
func OnceFunc(f func()) func() { return f }
func LockAny(l sync.Locker) {}
func Releasing(f func()) func() { return f }
`},
}

func threadFuzzImporter(t testing.TB) fuzzImporter {
	imp := fuzzImporter{}
	for _, pair := range threadFuzzPkgs {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", pair[1], 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{Importer: imp}).Check(pair[0], fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		imp[pair[0]] = pkg
	}
	return imp
}

// planThread type-checks src as a one-file package and plans the thread
// and time sets on it, forward or undo; ok is false when src does not
// type-check.
func planThread(t testing.TB, imp fuzzImporter, src []byte, undo bool) (out []byte, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, false
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	tpkg, err := (&types.Config{Importer: imp}).Check("main", fset, []*ast.File{f}, info)
	if err != nil {
		return nil, false
	}
	sf := &srcFile{path: "a.go", src: src, f: f, fset: fset, info: info, ig: findIgnores(fset, f, src),
		pkg: &packages.Package{Types: tpkg}}
	if ast.IsGenerated(f) {
		return src, true
	}
	tab := newTable([]*PatchSet{threadSet, timeSet})
	var edits []edit
	if undo {
		edits, _ = planCode(sf, tab, nil, true)
	} else {
		edits, _ = planCode(sf, tab, nil, false)
	}
	if len(edits) == 0 {
		return src, true
	}
	return renderTested(t, fset, f, src, edits), true
}

// FuzzThread: on any input that type-checks, the thread and time sets do
// not panic, their output type-checks, a second run changes nothing, and
// the undo gives back the input.
func FuzzThread(f *testing.F) {
	for _, s := range []string{
		"package main\n\nfunc main() {\n\tc := make(chan int)\n\tgo func() { c <- 1 }()\n\t<-c\n}\n",
		"package main\n\nimport \"sync\"\n\nvar mu sync.Mutex\n\nfunc f(c chan int, d chan<- int) int {\n\tmu.Lock()\n\tdefer mu.Unlock()\n\tselect {\n\tcase v, ok := <-c:\n\t\t_ = ok\n\t\treturn v\n\tcase d <- 1:\n\t}\n\tfor v := range c {\n\t\t_ = v\n\t}\n\treturn 0\n}\n",
		"package main\n\nimport (\n\t\"runtime\"\n\t\"time\"\n)\n\nfunc g(x int, s ...string) {}\n\nfunc f(d time.Duration) {\n\ttime.Sleep(d)\n\truntime.Gosched()\n\tgo g(1, \"a\", \"b\")\n\tselect {}\n}\n",
		"package main\n\nimport \"sync\"\n\ntype T struct{}\n\ntype flag bool\n\nfunc g(m int64, b flag, more ...uint8) {}\n\nfunc f(anys chan any, t *T, l sync.Locker, c *sync.Cond, rw *sync.RWMutex, n uint, x, y int) func() {\n\tanys <- t\n\tl.Lock()\n\tc.L.Lock()\n\trw.RLocker().Lock()\n\tgo rw.Lock()\n\tgo g(1<<n, x == y, 1<<n)\n\tselect {\n\tcase anys <- t:\n\tcase (<-anys):\n\t}\n\treturn rw.RLock\n}\n",
		"package main\n\nimport \"sync\"\n\ntype S struct {\n\tsync.RWMutex\n\tonce sync.Once\n\twg   sync.WaitGroup\n}\n\nfunc (s *S) f() {\n\ts.RLock()\n\ts.once.Do(func() {})\n\ts.wg.Go(func() {})\n\ts.wg.Wait()\n}\n",
		"package main\n\nimport \"time\"\n\nvar a = 1  // a\nvar bb = 2 // bb\n\nfunc f() {\n\tgo f()\n}\nfunc g() { time.Sleep(0) } // g\n\n// h does nothing.\nfunc h() {}\n",
	} {
		f.Add([]byte(s))
	}
	imp := threadFuzzImporter(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, err := parser.ParseFile(token.NewFileSet(), "a.go", src, parser.ParseComments); err != nil {
			return
		}
		out, ok := planThread(t, imp, src, false)
		if !ok {
			return
		}
		again, ok := planThread(t, imp, out, false)
		if !ok {
			t.Fatalf("output does not type-check:\n%s\nfrom:\n%s", out, src)
		}
		if string(again) != string(out) {
			t.Fatalf("second run changes the output:\n%s\nthen:\n%s", out, again)
		}
		if string(out) == string(src) {
			return
		}
		back, ok := planThread(t, imp, out, true)
		if !ok {
			t.Fatalf("undo input does not type-check:\n%s", out)
		}
		if fmtOK(src) && string(back) != string(src) {
			t.Fatalf("undo does not give back the input:\n%s\nwant:\n%s\n(rewritten:\n%s)", back, src, out)
		}
	})
}

// fmtOK reports whether src is gofmt-clean: the undo promise holds there.
func fmtOK(src []byte) bool {
	out, err := formatSource(src)
	return err == nil && string(out) == string(src)
}

func formatSource(src []byte) ([]byte, error) { return format.Source(src) }
