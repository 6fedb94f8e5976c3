package rewrite

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/printer"
	"go/token"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// render applies edits to f, whose source is src, through dst, so
// comments, blank lines and grouping stay where they were, and prints the
// file gofmt-style: only the declarations the edits touch when it can
// (splice.go), else the whole file. The decorator is built from the file
// set the packages were loaded with: dst never parses or resolves anything
// again.
func render(fset *token.FileSet, f *ast.File, src []byte, edits []edit) ([]byte, error) {
	if p := partOf(fset, f, src, edits); p != nil {
		if out, ok, err := p.render(fset, src, edits); ok || err != nil {
			return out, err
		}
	}
	return renderWhole(fset, f, edits)
}

// renderWhole applies edits to f and prints the whole file.
func renderWhole(fset *token.FileSet, f *ast.File, edits []edit) ([]byte, error) {
	_, df, err := applyEdits(fset, f, edits)
	if err != nil {
		return nil, err
	}
	return printFile(df)
}

// gofmt is go/format's printer configuration. The mode bit 1<<30 is the
// one go/format and gofmt pass to go/printer to normalize number literals.
var gofmt = printer.Config{Mode: printer.UseSpaces | printer.TabIndent | 1<<30, Tabwidth: 8}

// printFile prints df gofmt-style. go/format prints a file with a
// parenthesized import declaration twice, parsing it again between the two
// to sort the imports; when each group of imports is already in order,
// sorting changes nothing and one printing is enough.
func printFile(df *dst.File) ([]byte, error) {
	r := decorator.NewRestorer()
	af, err := r.RestoreFile(df)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if importsSorted(df) {
		err = gofmt.Fprint(&buf, r.Fset, af)
	} else {
		err = format.Node(&buf, r.Fset, af)
	}
	return buf.Bytes(), err
}

// importsSorted reports whether every group of imports (a run between
// blank lines) is in strictly increasing order of path: then sorting them
// (ast.SortImports) would leave them as they are.
func importsSorted(df *dst.File) bool {
	for _, d := range df.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break // imports come first
		}
		for _, sec := range sections(gd) {
			for i := 1; i < len(sec); i++ {
				if specPath(sec[i-1]) >= specPath(sec[i]) {
					return false
				}
			}
		}
	}
	return true
}
