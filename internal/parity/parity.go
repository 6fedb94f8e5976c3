// Package parity is the API-parity check of the green packages' tests: it
// compares the exported identifiers of a standard package with its green
// twin's, with go/types, so that rewriting an import never leaves a name
// behind.
package parity

import (
	"go/types"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// A Spec says what to compare and which differences are intended.
type Spec struct {
	Std, Green string // import paths
	// Names maps import paths to the name a signature is printed with, so
	// that a standard type and its green twin print alike ("os" for both
	// os and green/os). Std and Green are added.
	Names map[string]string
	// GreenTypes are the types the green package declares as its own
	// (with the standard type's fields and methods); every other type
	// must be an alias of the standard one.
	GreenTypes map[string]bool
	// KnownGaps lists identifiers that are missing or whose signature
	// differs for another reason, each with that reason.
	KnownGaps map[string]string
}

// Targets are the systems the check runs for: linux, darwin, and the
// systems where the green packages fall back to the standard ones.
var Targets = []struct{ GOOS, GOARCH string }{
	{"linux", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"}, {"wasip1", "wasm"},
}

// Check runs the comparison for every target as a subtest. A signature
// "differs by green types" when it prints the same under Names but is not
// identical: it names a green type where the standard package names its
// own, and accepts the same calls. Those are logged (go test -v), gaps fail.
func Check(t *testing.T, s Spec) {
	if testing.Short() {
		t.Skip("loads packages with go list")
	}
	for _, target := range Targets {
		t.Run(target.GOOS, func(t *testing.T) {
			env := append(os.Environ(), "GOOS="+target.GOOS, "GOARCH="+target.GOARCH, "CGO_ENABLED=0")
			check(t, s, env, target.GOOS == "linux")
		})
	}
}

func check(t *testing.T, s Spec, env []string, verbose bool) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName, Env: env}, s.Std, s.Green)
	if err != nil {
		t.Fatal(err)
	}
	var std, green *types.Package
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatal(p.Errors)
		}
		switch p.PkgPath {
		case s.Std:
			std = p.Types
		case s.Green:
			green = p.Types
		}
	}
	names := map[string]string{s.Std: std.Name(), s.Green: std.Name()}
	for k, v := range s.Names {
		names[k] = v
	}
	qual := func(p *types.Package) string {
		if n, ok := names[p.Path()]; ok {
			return n
		}
		return p.Path()
	}
	str := func(x types.Type) string { return types.TypeString(x, qual) }

	var gaps, greenDiffs []string
	diff := func(name, what string) {
		if reason, ok := s.KnownGaps[name]; ok {
			t.Logf("known gap %s: %s (%s)", name, what, reason)
			return
		}
		gaps = append(gaps, name+": "+what)
	}
	compare := func(name string, a, b types.Type) {
		switch {
		case types.Identical(a, b):
		case str(a) == str(b):
			greenDiffs = append(greenDiffs, name+"  "+str(b))
		default:
			diff(name, std.Name()+" has "+str(a)+", green has "+str(b))
		}
	}

	seen := map[string]bool{}
	for _, name := range std.Scope().Names() {
		so := std.Scope().Lookup(name)
		if !so.Exported() {
			continue
		}
		seen[name] = true
		gobj := green.Scope().Lookup(name)
		if gobj == nil {
			diff(name, "missing")
			continue
		}
		switch so := so.(type) {
		case *types.Const:
			gc, ok := gobj.(*types.Const)
			if !ok || !types.Identical(so.Type(), gc.Type()) || so.Val().ExactString() != gc.Val().ExactString() {
				diff(name, "constant differs")
			}
		case *types.Var:
			if _, ok := gobj.(*types.Var); !ok {
				diff(name, "not a variable")
				continue
			}
			compare(name, so.Type(), gobj.Type())
		case *types.Func:
			if _, ok := gobj.(*types.Func); !ok {
				diff(name, "not a function")
				continue
			}
			compare(name, so.Type(), gobj.Type())
		case *types.TypeName:
			gt, ok := gobj.(*types.TypeName)
			if !ok {
				diff(name, "not a type")
				continue
			}
			if !s.GreenTypes[name] {
				if !gt.IsAlias() || !types.Identical(so.Type(), gt.Type()) {
					diff(name, "should be an alias of "+std.Name()+"."+name)
				}
				continue
			}
			if gt.IsAlias() && !s.twinElsewhere(gt) {
				diff(name, "should be a green type, is an alias")
				continue
			}
			compareType(name, so, gt, green, std, compare, diff, func(extras []string) {
				if verbose && len(extras) > 0 {
					t.Logf("extra methods of green %s: %s", name, strings.Join(extras, ", "))
				}
			})
		}
	}
	var extra []string
	for _, name := range green.Scope().Names() {
		if o := green.Scope().Lookup(name); o.Exported() && !seen[name] {
			extra = append(extra, name)
		}
	}
	sort.Strings(extra)
	sort.Strings(greenDiffs)
	if verbose {
		t.Logf("extra identifiers (crossings): %s", strings.Join(extra, ", "))
		t.Logf("%d signatures differ only by naming green types (same calls compile):\n\t%s",
			len(greenDiffs), strings.Join(greenDiffs, "\n\t"))
	}
	for _, g := range gaps {
		t.Errorf("gap: %s", g)
	}
}

// compareType compares a green type's exported fields and methods (of *T,
// promoted ones included) with the standard type's.
func compareType(name string, so, gt *types.TypeName, green, std *types.Package,
	compare func(string, types.Type, types.Type), diff func(string, string), extras func([]string)) {
	if ss, ok := so.Type().Underlying().(*types.Struct); ok {
		gs, _ := gt.Type().Underlying().(*types.Struct)
		for i := 0; i < ss.NumFields(); i++ {
			f := ss.Field(i)
			if !f.Exported() {
				continue
			}
			var gf *types.Var
			for j := 0; gs != nil && j < gs.NumFields(); j++ {
				if gs.Field(j).Name() == f.Name() {
					gf = gs.Field(j)
				}
			}
			if gf == nil {
				diff(name+"."+f.Name(), "field missing")
				continue
			}
			compare(name+"."+f.Name(), f.Type(), gf.Type())
		}
	}
	sms := types.NewMethodSet(types.NewPointer(so.Type()))
	gms := types.NewMethodSet(types.NewPointer(gt.Type()))
	for i := 0; i < sms.Len(); i++ {
		m := sms.At(i).Obj()
		if !m.Exported() {
			continue
		}
		gsel := gms.Lookup(green, m.Name())
		if gsel == nil {
			diff(name+"."+m.Name(), "method missing")
			continue
		}
		compare(name+"."+m.Name(), m.Type(), gsel.Obj().Type())
	}
	var more []string
	for i := 0; i < gms.Len(); i++ {
		m := gms.At(i).Obj()
		if m.Exported() && sms.Lookup(std, m.Name()) == nil {
			more = append(more, m.Name())
		}
	}
	extras(more)
}

// twinElsewhere reports whether tn aliases a green type of another package
// named in Names (green/net's Resolver is green/dns's).
func (s Spec) twinElsewhere(tn *types.TypeName) bool {
	n, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	path := n.Obj().Pkg().Path()
	_, named := s.Names[path]
	return named && path != s.Std && path != s.Green
}
