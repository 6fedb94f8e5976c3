package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"strconv"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"
)

// The edits greenify makes. Each has a canonical form that -undo
// recognises: an import path of a selected set, the second import marked
// //greenify:std, x.Std() on a green type, FromStdT(x) from a green package.
type editKind int

const (
	eSetPath      editKind = iota // node *ast.ImportSpec → path (name: "" keep, "-" drop, else set)
	eAddStdImport                 // after node *ast.ImportSpec: import name "path" //greenify:std
	eRename                       // node *ast.Ident → name
	eToStd                        // node ast.Expr → node.name()
	eFromStd                      // node ast.Expr → name.path(node)
	eUnwrap                       // node *ast.CallExpr → inner
	eRemoveSpec                   // node *ast.ImportSpec removed
	eCode                         // code: the code sets' edits of the file (code.go)
)

type edit struct {
	kind       editKind
	node       ast.Node
	inner      ast.Expr
	name, path string
	code       *fileCode
	report     Edit
}

// render applies edits to f through dst, so comments, blank lines and
// grouping stay where they were, and prints the file gofmt-style. The
// decorator is built from the file set the packages were loaded with: dst
// never parses or resolves anything again.
func render(fset *token.FileSet, f *ast.File, edits []edit) ([]byte, error) {
	dec := decorator.NewDecorator(fset)
	df, err := dec.DecorateFile(f)
	if err != nil {
		return nil, err
	}
	node := func(n ast.Node) dst.Node {
		d := dec.Dst.Nodes[n]
		if d == nil {
			panic(fmt.Sprintf("rewrite: no dst node for %T at %s", n, fset.Position(n.Pos())))
		}
		return d
	}
	applyCode(dec, df, edits)
	replace := map[dst.Node]dst.Node{}
	for _, e := range edits {
		switch e.kind {
		case eSetPath:
			ds := node(e.node).(*dst.ImportSpec)
			ds.Path.Value = strconv.Quote(e.path)
			switch e.name {
			case "":
			case "-":
				ds.Name = nil
			default:
				ds.Name = dst.NewIdent(e.name)
			}
		case eAddStdImport:
			addImportAfter(df, node(e.node).(*dst.ImportSpec), e.name, e.path)
		case eRename:
			node(e.node).(*dst.Ident).Name = e.name
		case eToStd:
			x := node(e.node).(dst.Expr)
			call := &dst.CallExpr{Fun: &dst.SelectorExpr{X: parenthesize(x), Sel: dst.NewIdent(e.name)}}
			moveDecs(x, call)
			replace[x] = call
		case eFromStd:
			x := node(e.node).(dst.Expr)
			call := &dst.CallExpr{
				Fun:  &dst.SelectorExpr{X: dst.NewIdent(e.name), Sel: dst.NewIdent(e.path)},
				Args: []dst.Expr{x},
			}
			moveDecs(x, call)
			replace[x] = call
		case eUnwrap:
			call := node(e.node).(dst.Expr)
			in := node(e.inner).(dst.Expr)
			if p, ok := in.(*dst.ParenExpr); ok && needsParens(p.X) {
				in = p.X
			}
			moveDecs(call, in)
			replace[call] = in
		case eRemoveSpec:
			removeImport(df, node(e.node).(*dst.ImportSpec))
		}
	}
	if len(replace) > 0 {
		dstutil.Apply(df, func(c *dstutil.Cursor) bool {
			for {
				r, ok := replace[c.Node()]
				if !ok {
					break
				}
				delete(replace, c.Node())
				c.Replace(r)
			}
			return true
		}, nil)
		if len(replace) > 0 {
			return nil, fmt.Errorf("internal error: %d edits found no node", len(replace))
		}
	}
	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, df); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// needsParens reports whether x must be parenthesized to take a selector.
func needsParens(x dst.Expr) bool {
	switch x.(type) {
	case *dst.Ident, *dst.SelectorExpr, *dst.CallExpr, *dst.IndexExpr, *dst.IndexListExpr,
		*dst.ParenExpr, *dst.TypeAssertExpr, *dst.SliceExpr, *dst.CompositeLit, *dst.BasicLit:
		return false
	}
	return true
}

func parenthesize(x dst.Expr) dst.Expr {
	if needsParens(x) {
		return &dst.ParenExpr{X: x}
	}
	return x
}

// moveDecs gives to the comments and spacing around from, so a wrapped or
// unwrapped expression keeps its neighbours' layout.
func moveDecs(from, to dst.Node) {
	f, t := from.Decorations(), to.Decorations()
	t.Before, t.After = f.Before, f.After
	t.Start = append(t.Start, f.Start...)
	t.End = append(f.End, t.End...)
	f.Before, f.After, f.Start, f.End = dst.None, dst.None, nil, nil
}

// addImportAfter adds `import name "path" //greenify:std` right after
// spec: in its group when it has one, else as a declaration of its own, so
// that removing it later gives back the original layout.
func addImportAfter(df *dst.File, spec *dst.ImportSpec, name, path string) {
	ns := &dst.ImportSpec{
		Name: dst.NewIdent(name),
		Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)},
	}
	ns.Decs.End = dst.Decorations{stdMarker}
	for i, d := range df.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for j, s := range gd.Specs {
			if s != spec {
				continue
			}
			if gd.Lparen {
				ns.Decs.Before, ns.Decs.After = dst.NewLine, dst.NewLine
				gd.Specs = append(gd.Specs[:j+1], append([]dst.Spec{ns}, gd.Specs[j+1:]...)...)
				return
			}
			nd := &dst.GenDecl{Tok: token.IMPORT, Specs: []dst.Spec{ns}}
			nd.Decs.Before, nd.Decs.After = dst.NewLine, gd.Decs.After
			gd.Decs.After = dst.NewLine
			df.Decls = append(df.Decls[:i+1], append([]dst.Decl{nd}, df.Decls[i+1:]...)...)
			return
		}
	}
	panic("rewrite: import spec not found in its file")
}

func removeImport(df *dst.File, spec *dst.ImportSpec) {
	for i, d := range df.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for j, s := range gd.Specs {
			if s != spec {
				continue
			}
			if len(gd.Specs) > 1 || gd.Lparen && len(gd.Specs) > 1 {
				gd.Specs = append(gd.Specs[:j], gd.Specs[j+1:]...)
				return
			}
			if i > 0 {
				df.Decls[i-1].Decorations().After = gd.Decs.After
			}
			df.Decls = append(df.Decls[:i], df.Decls[i+1:]...)
			return
		}
	}
	panic("rewrite: import spec not found in its file")
}
