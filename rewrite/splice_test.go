package rewrite

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"
)

// renderTested renders the edits and, for a gofmt-clean source, checks
// that splicing the touched declarations gives what printing the whole
// file gives.
func renderTested(t testing.TB, fset *token.FileSet, f *ast.File, src []byte, edits []edit) []byte {
	t.Helper()
	out, err := render(fset, f, src, edits)
	if err != nil {
		t.Fatalf("render: %v\n%s", err, src)
	}
	if fmtOK(src) {
		whole, err := renderWhole(fset, f, edits)
		if err != nil {
			t.Fatalf("render the whole file: %v\n%s", err, src)
		}
		if string(out) != string(whole) {
			t.Fatalf("the spliced declarations differ from the whole file printed:\n%s\nwhole:\n%s", out, whole)
		}
	}
	return out
}

// The declarations no edit touches stay byte for byte, formatted or not,
// unless they are on the lines right after a touched one (gofmt may line
// up comments across the two, so both are printed again), or the touched
// one does not stand between blank lines (then the whole file is).
func TestRenderSplicesTouchedDecls(t *testing.T) {
	imp := threadFuzzImporter(t)
	const (
		head    = "package main\n\nimport \"time\"\n\n"
		touched = "func main() {\n\tgo g()\n\ttime.Sleep(0)\n}\n"
		g       = "func  g( ) int { return 1 }\n"
		h       = "func  h( ) int { return 2 }\n"
	)
	for _, tc := range []struct {
		name, src    string
		keptG, keptH bool
	}{
		{"alone", head + touched + "\n" + g + "\n" + h, true, true},
		{"run", head + touched + g + "\n" + h, false, true},
		{"whole file", head + touched + "// h\n\n" + g + "\n" + h, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := planThread(t, imp, []byte(tc.src), false)
			if !ok || string(out) == tc.src {
				t.Fatalf("no rewrite of:\n%s", tc.src)
			}
			if !strings.Contains(string(out), "hub.Go") {
				t.Errorf("go statement not rewritten:\n%s", out)
			}
			for _, c := range []struct {
				decl       string
				kept, want bool
			}{{g, strings.Contains(string(out), g), tc.keptG}, {h, strings.Contains(string(out), h), tc.keptH}} {
				if c.kept != c.want {
					t.Errorf("%q kept as written: %v, want %v:\n%s", c.decl, c.kept, c.want, out)
				}
			}
		})
	}
}
