package tls_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"
)

// changed lists the names whose signature differs from crypto/tls's, and
// why. Everything else must be identical (aliases, same constant values
// and types, same function signatures).
var changed = map[string]string{
	"Dialer":         "a green type: NetDialer is a *greennet.Dialer",
	"DialWithDialer": "takes a *greennet.Dialer (greennet.FromStdDialer converts a standard one)",
}

// TestParity compares this package's exports with crypto/tls's.
func TestParity(t *testing.T) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes}
	pkgs, err := packages.Load(cfg, "crypto/tls", "github.com/greenify/greenify/green/tls")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("packages did not load")
	}
	var std, green *types.Package
	for _, p := range pkgs {
		if p.PkgPath == "crypto/tls" {
			std = p.Types
		} else {
			green = p.Types
		}
	}
	for _, name := range std.Scope().Names() {
		so := std.Scope().Lookup(name)
		if !so.Exported() {
			continue
		}
		gobj := green.Scope().Lookup(name)
		if gobj == nil {
			t.Errorf("%s: missing", name)
			continue
		}
		if why, ok := changed[name]; ok {
			t.Logf("%s: changed on purpose: %s", name, why)
			continue
		}
		switch so := so.(type) {
		case *types.TypeName:
			if _, ok := gobj.(*types.TypeName); !ok || !types.Identical(so.Type(), gobj.Type()) {
				t.Errorf("%s: %v, want an alias of crypto/tls.%s", name, gobj, name)
			}
		case *types.Const:
			gc, ok := gobj.(*types.Const)
			if !ok || !types.Identical(so.Type(), gc.Type()) || so.Val().ExactString() != gc.Val().ExactString() {
				t.Errorf("%s: %v, want %v", name, gobj, so)
			}
		case *types.Func:
			if _, ok := gobj.(*types.Func); !ok || !types.Identical(so.Type(), gobj.Type()) {
				t.Errorf("%s: %v, want %v", name, gobj, so)
			}
		case *types.Var:
			if _, ok := gobj.(*types.Var); !ok || !types.Identical(so.Type(), gobj.Type()) {
				t.Errorf("%s: %v, want %v", name, gobj, so)
			}
		default:
			t.Errorf("%s: unexpected %T", name, so)
		}
	}
	for _, name := range green.Scope().Names() {
		if o := green.Scope().Lookup(name); o.Exported() && std.Scope().Lookup(name) == nil {
			t.Errorf("%s: exported here but not by crypto/tls", name)
		}
	}
	// The green Dialer keeps crypto/tls.Dialer's shape.
	d, _ := green.Scope().Lookup("Dialer").Type().Underlying().(*types.Struct)
	if d == nil || d.NumFields() != 2 || d.Field(0).Name() != "NetDialer" || d.Field(1).Name() != "Config" {
		t.Errorf("Dialer: %v, want struct{NetDialer *greennet.Dialer; Config *Config}", d)
	}
	ms := types.NewMethodSet(types.NewPointer(green.Scope().Lookup("Dialer").Type()))
	for _, m := range []string{"Dial", "DialContext"} {
		if ms.Lookup(green, m) == nil {
			t.Errorf("Dialer has no %s", m)
		}
	}
}
