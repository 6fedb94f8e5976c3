package buildmode

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestLineDirectives: after the rewriter adds an import, wraps a body in
// a function literal (indenting it), expands a statement and changes a line
// in place, every identifier of the rewritten
// file that was in the original is at its original line, as the compiler
// will report it, and the raw string spanning lines is left whole.
func TestLineDirectives(t *testing.T) {
	orig := `package p

import (
	"net"
)

var raw = ` + "`a\nb\nc`" + `

func F() {
	net.Dial("tcp", "x")
	select {
	case <-ch:
		one()
	}
	marker()
}

func G() { marker2() }
`
	src := `package p

import (
	"github.com/greenify/greenify/green/net"

	"github.com/greenify/greenify/runtime/hub"
)

var raw = ` + "`a\nb\nc`" + `

func F() {
	hub.Run(func() {
		net.Dial("tcp", "x")
		switch hub.Select(
			hub.Recv(ch),
		) {
		case 0:
			one()
		}
		marker()
	})
}

func G() { marker2() }
`
	out := withLineDirectives("/src/p.go", []byte(orig), []byte(src))
	if !strings.Contains(string(out), "`a\nb\nc`") {
		t.Fatalf("raw string changed:\n%s", out)
	}
	line := func(file []byte, name string, adjusted bool) (string, int) {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "/work/b001/greenify/0_p.go", file, parser.ParseComments)
		if err != nil {
			t.Fatalf("%v\n%s", err, file)
		}
		var pos token.Position
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == name && !pos.IsValid() {
				pos = fset.PositionFor(id.Pos(), adjusted)
			}
			return true
		})
		return pos.Filename, pos.Line
	}
	for _, name := range []string{"p", "raw", "F", "Dial", "one", "marker", "G", "marker2"} {
		_, want := line([]byte(orig), name, false)
		file, got := line(out, name, true)
		if file != "/src/p.go" || got != want {
			t.Errorf("%s at %s:%d, want /src/p.go:%d\n%s", name, file, got, want, out)
		}
	}
}
