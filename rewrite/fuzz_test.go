package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// Stand-ins for net and crypto/tls, type-checked once: the fuzz target runs
// the planner in process on one-file packages, with no go list per input.
const fuzzNet = `package net
type Conn interface{ Close() error }
type TCPConn struct{ fd int }
func (c *TCPConn) Close() error { return nil }
type Dialer struct{ Timeout int }
var ErrClosed error
func Dial(network, addr string) (Conn, error) { return nil, nil }
func DialTCP(network string) (*TCPConn, error) { return nil, nil }
func LookupHost(h string) ([]string, error) { return nil, nil }
`

const fuzzTLS = `package tls
type Config struct{ ServerName string }
type Conn struct{}
func Dial(network, addr string, c *Config) (*Conn, error) { return nil, nil }
`

type fuzzImporter map[string]*types.Package

func (m fuzzImporter) Import(path string) (*types.Package, error) {
	if p, ok := m[path]; ok {
		return p, nil
	}
	return nil, &types.Error{Msg: "no package " + path}
}

func fuzzPackages(t testing.TB) fuzzImporter {
	imp := fuzzImporter{}
	for _, pair := range [][2]string{{"net", fuzzNet}, {"crypto/tls", fuzzTLS}} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "x.go", pair[1], 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := (&types.Config{}).Check(pair[0], fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		imp[pair[0]] = pkg
		imp[GreenModule+"/green/"+lastElem(pair[0])] = pkg // same API, as green packages promise
	}
	return imp
}

// planSource type-checks src as a one-file package and plans it.
func planSource(t testing.TB, imp fuzzImporter, tab *table, src []byte) (out []byte, ok bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, false
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{}}
	pkg, err := (&types.Config{Importer: imp}).Check("a", fset, []*ast.File{f}, info)
	if err != nil {
		return nil, false
	}
	_ = pkg
	sf := &srcFile{path: "a.go", src: src, f: f, fset: fset, info: info, ig: findIgnores(fset, f, src)}
	if ast.IsGenerated(f) {
		return src, true
	}
	edits, _ := planForward(sf, tab, nil)
	if len(edits) == 0 {
		return src, true
	}
	return renderTested(t, fset, f, src, edits), true
}

func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		"package a\n\nimport \"net\"\n\nvar _, _ = net.Dial(\"tcp\", \"x\")\n",
		"package a\n\nimport (\n\t\"crypto/tls\" // c\n\tn \"net\"\n)\n\nvar _ = n.ErrClosed\nvar _ = &tls.Config{}\n",
		"package a\n\nimport . \"net\"\n\nvar _ = ErrClosed\n",
		"package a\n\nimport \"net\"\n\n//greenify:ignore\nfunc f() { _, _ = net.Dial(\"a\", \"b\") }\n\nvar _ = net.ErrClosed\n",
		"package a\n\nimport \"net\"\n\nfunc f() {\n\t_, _ = net.LookupHost(\"h\") //greenify:ignore\n\t_, _ = net.DialTCP(\"tcp\")\n}\n",
	} {
		f.Add([]byte(s))
	}
	imp := fuzzPackages(f)
	p := netSet.Packages[0]
	p.KeepStd = []string{"LookupHost"}
	tab := newTable([]*PatchSet{{Name: "fuzz", Packages: []Package{p, netSet.Packages[1]}}})
	f.Fuzz(func(t *testing.T, src []byte) {
		out, ok := planSource(t, imp, tab, src)
		if !ok {
			return
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "out.go", out, parser.ParseComments); err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, out)
		}
		again, ok := planSource(t, imp, tab, out)
		if !ok {
			if strings.Contains(string(out), stdMarker) {
				return // the stand-in packages share one types.Package: a second import may clash in go/types only
			}
			t.Fatalf("output does not type-check:\n%s", out)
		}
		if string(again) != string(out) {
			t.Fatalf("second run changes the output:\n%s\nthen:\n%s", out, again)
		}
	})
}
