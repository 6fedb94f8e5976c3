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

// The declarations no edit touches stay byte for byte, formatted or not;
// a touched declaration with no blank line between it and the next gets
// the whole file printed, as gofmt lines up comments across the two.
func TestRenderSplicesTouchedDecls(t *testing.T) {
	imp := threadFuzzImporter(t)
	const head = "package main\n\nimport \"time\"\n\n"
	const untouched = "func  g( ) int { return 1 }"
	for _, tc := range []struct {
		name, src string
		kept      bool
	}{
		{"alone", head + "func main() {\n\tgo g()\n\ttime.Sleep(0)\n}\n\n" + untouched + "\n", true},
		{"adjacent", head + "func main() {\n\tgo g()\n\ttime.Sleep(0)\n}\n" + untouched + "\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, ok := planThread(t, imp, []byte(tc.src), false)
			if !ok || string(out) == tc.src {
				t.Fatalf("no rewrite of:\n%s", tc.src)
			}
			if !strings.Contains(string(out), "hub.Go") {
				t.Errorf("go statement not rewritten:\n%s", out)
			}
			if kept := strings.Contains(string(out), untouched); kept != tc.kept {
				t.Errorf("untouched declaration kept as written: %v, want %v:\n%s", kept, tc.kept, out)
			}
		})
	}
}
