//go:build linux

package net_test

import (
	"go/types"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

const (
	greenPath = "github.com/greenify/greenify/green/net"
	dnsPath   = "github.com/greenify/greenify/green/dns" // where Resolver lives
)

// greenTypes are the standard types this package replaces with its own
// (blocking types are green, pure data is shared): every other type is an alias
// of the standard one.
var greenTypes = map[string]bool{
	"TCPConn": true, "UDPConn": true, "UnixConn": true, "IPConn": true,
	"TCPListener": true, "UnixListener": true,
	"Dialer": true, "ListenConfig": true, "Resolver": true,
}

// knownGaps lists identifiers that are missing or whose signature differs
// for a reason other than the green types; the test fails on any other.
// (Empty: nothing is left out.)
var knownGaps = map[string]string{}

// TestAPIParity compares the exported API of the standard net with this
// package's, with go/types. A signature "differs by green types" when it
// prints the same once both packages are called "net" but is not identical:
// it names a green type where net names its own, and accepts the same
// calls. Those are listed (go test -v -run Parity), gaps fail.
//
// It runs for linux and for the systems where the package falls back to
// the standard one (windows, wasip1) and for darwin.
func TestAPIParity(t *testing.T) {
	if testing.Short() {
		t.Skip("loads packages with go list")
	}
	for _, target := range []struct{ goos, goarch string }{
		{"linux", "amd64"}, {"darwin", "arm64"}, {"windows", "amd64"}, {"wasip1", "wasm"},
	} {
		t.Run(target.goos, func(t *testing.T) {
			env := append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED=0")
			parity(t, env, target.goos == "linux")
		})
	}
}

func parity(t *testing.T, env []string, verbose bool) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName, Env: env}, "net", greenPath)
	if err != nil {
		t.Fatal(err)
	}
	var std, green *types.Package
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatal(p.Errors)
		}
		switch p.PkgPath {
		case "net":
			std = p.Types
		case greenPath:
			green = p.Types
		}
	}
	qual := func(p *types.Package) string {
		if p.Path() == "net" || p.Path() == greenPath || p.Path() == dnsPath {
			return "net"
		}
		return p.Path()
	}
	str := func(x types.Type) string { return types.TypeString(x, qual) }

	var gaps, greenDiffs []string
	diff := func(name, what string) {
		if reason, ok := knownGaps[name]; ok {
			t.Logf("known gap %s: %s (%s)", name, what, reason)
			return
		}
		gaps = append(gaps, name+": "+what)
	}
	compare := func(name string, s, g types.Type) {
		switch {
		case types.Identical(s, g):
		case str(s) == str(g):
			greenDiffs = append(greenDiffs, name+"  "+str(g))
		default:
			diff(name, "net has "+str(s)+", green has "+str(g))
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
			if !greenTypes[name] {
				if !gt.IsAlias() || !types.Identical(so.Type(), gt.Type()) {
					diff(name, "should be an alias of net."+name)
				}
				continue
			}
			// Resolver is green/dns's green type, aliased here.
			if gt.IsAlias() && !isDNSType(gt) {
				diff(name, "should be a green type, is an alias")
				continue
			}
			// Exported fields.
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
			// Methods of *T, promoted ones included.
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
			var extras []string
			for i := 0; i < gms.Len(); i++ {
				m := gms.At(i).Obj()
				if m.Exported() && sms.Lookup(std, m.Name()) == nil {
					extras = append(extras, m.Name())
				}
			}
			if len(extras) > 0 && verbose {
				t.Logf("extra methods of green %s: %s", name, strings.Join(extras, ", "))
			}
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
		t.Logf("extra identifiers (crossings and Eventlet API): %s", strings.Join(extra, ", "))
		t.Logf("%d signatures differ only by naming green types (same calls compile):\n\t%s",
			len(greenDiffs), strings.Join(greenDiffs, "\n\t"))
	}
	for _, g := range gaps {
		t.Errorf("gap: %s", g)
	}
}

// isDNSType reports an alias of a type defined in green/dns.
func isDNSType(tn *types.TypeName) bool {
	n, ok := types.Unalias(tn.Type()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == dnsPath
}
