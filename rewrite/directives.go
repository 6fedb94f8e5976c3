package rewrite

import (
	"bytes"
	"go/ast"
	"go/token"
	"path/filepath"
	"strings"
)

// The directive that keeps greenify away from a file, an import, a
// declaration or a statement. Text after it on the same line is a reason
// for the reader and is ignored.
const ignoreDirective = "greenify:ignore"

// stdMarker is the trailing comment of the second import greenify adds for
// identifiers that stay standard; -undo recognises the import by it.
const stdMarker = "//greenify:std"

func isIgnoreComment(c *ast.Comment) bool {
	t := strings.TrimPrefix(c.Text, "//")
	if t == c.Text { // /* */ comments are not directives, like //go: ones
		return false
	}
	return t == ignoreDirective || strings.HasPrefix(t, ignoreDirective+" ")
}

// ignores finds the directives of one file: whether the whole file is
// ignored, and the source ranges (imports, declarations, statements) that
// must be left standard.
type ignores struct {
	file   bool
	ranges [][2]token.Pos
}

func (ig *ignores) covers(n ast.Node) bool {
	for _, r := range ig.ranges {
		if r[0] <= n.Pos() && n.End() <= r[1] {
			return true
		}
	}
	return false
}

// findIgnores reads the directives of f. A directive alone on its line
// applies to the node that starts on the next line; a directive at the end
// of a line applies to the node that starts on that line. A directive
// before the package clause ignores the file.
func findIgnores(fset *token.FileSet, f *ast.File, src []byte) *ignores {
	ig := &ignores{}
	own := map[int]bool{}      // lines after a directive alone on its line
	trailing := map[int]bool{} // lines that end with a directive
	tf := fset.File(f.Pos())
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !isIgnoreComment(c) {
				continue
			}
			if c.Pos() < f.Package {
				ig.file = true
				return ig
			}
			line := tf.Line(c.Pos())
			if aloneOnLine(tf, src, c.Pos()) {
				own[line+1] = true
			} else {
				trailing[line] = true
			}
		}
	}
	if len(own) == 0 && len(trailing) == 0 {
		return ig
	}
	marked := func(n ast.Node, doc *ast.CommentGroup) bool {
		start := n.Pos()
		if doc != nil {
			// A doc comment that holds the directive: the directive's
			// line+1 is a line of the doc or the node itself.
			for _, c := range doc.List {
				if isIgnoreComment(c) {
					return true
				}
			}
		}
		return own[tf.Line(start)] || trailing[tf.Line(start)]
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			if marked(n, n.Doc) || (n.Comment != nil && hasIgnore(n.Comment)) {
				ig.ranges = append(ig.ranges, [2]token.Pos{n.Pos(), n.End()})
			}
			return false
		case *ast.GenDecl:
			if n.Tok != token.IMPORT && marked(n, n.Doc) {
				ig.ranges = append(ig.ranges, [2]token.Pos{n.Pos(), n.End()})
				return false
			}
		case *ast.FuncDecl:
			if marked(n, n.Doc) {
				ig.ranges = append(ig.ranges, [2]token.Pos{n.Pos(), n.End()})
				return false
			}
		case ast.Stmt:
			if _, block := n.(*ast.BlockStmt); !block && marked(n, nil) {
				ig.ranges = append(ig.ranges, [2]token.Pos{n.Pos(), n.End()})
				return false
			}
		}
		return true
	})
	return ig
}

func hasIgnore(cg *ast.CommentGroup) bool {
	for _, c := range cg.List {
		if isIgnoreComment(c) {
			return true
		}
	}
	return false
}

func aloneOnLine(tf *token.File, src []byte, pos token.Pos) bool {
	off := tf.Offset(pos)
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	if src == nil || off > len(src) {
		return true
	}
	return len(bytes.TrimSpace(src[start:off])) == 0
}

// skipReason says why a file is left out by default, or "".
func skipReason(path, modDir string, f *ast.File, cfg *Config) string {
	if f != nil && ast.IsGenerated(f) && !cfg.Generated {
		return "generated file"
	}
	rel, err := filepath.Rel(modDir, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "outside the main module"
	}
	for _, elem := range strings.Split(filepath.ToSlash(filepath.Dir(rel)), "/") {
		switch elem {
		case "vendor":
			if !cfg.Vendor {
				return "vendor directory"
			}
		case "testdata":
			if !cfg.Testdata {
				return "testdata directory"
			}
		}
	}
	return ""
}
