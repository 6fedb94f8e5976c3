package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	eAddImport                    // after node *ast.ImportSpec: import "path"
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

// applyEdits decorates f and applies the edits to its dst copy.
func applyEdits(fset *token.FileSet, f *ast.File, edits []edit) (*decorator.Decorator, *dst.File, error) {
	dec := decorator.NewDecorator(fset)
	df, err := dec.DecorateFile(f)
	if err != nil {
		return nil, nil, err
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
	var moved []*dst.ImportSpec
	for _, e := range edits {
		switch e.kind {
		case eSetPath:
			ds := node(e.node).(*dst.ImportSpec)
			ds.Path.Value = strconv.Quote(e.path)
			moved = append(moved, ds)
			switch e.name {
			case "":
			case "-":
				ds.Name = nil
			default:
				ds.Name = dst.NewIdent(e.name)
			}
		case eAddStdImport:
			addImportAfter(df, node(e.node).(*dst.ImportSpec), e.name, e.path, true)
		case eAddImport:
			// A second green import goes where goimports puts it, as a
			// rewritten path does.
			moved = append(moved, addImportAfter(df, node(e.node).(*dst.ImportSpec), e.name, e.path, false))
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
	regroup(df, moved)
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
			return nil, nil, fmt.Errorf("internal error: %d edits found no node", len(replace))
		}
	}
	return dec, df, nil
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

// addImportAfter adds `import name "path"` right after spec, in its group
// (no name when name is ""; marked //greenify:std when std is set), and
// returns it. A lone import becomes a parenthesized one, as goimports would
// merge two import declarations into one.
func addImportAfter(df *dst.File, spec *dst.ImportSpec, name, path string, std bool) *dst.ImportSpec {
	ns := &dst.ImportSpec{
		Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)},
	}
	if name != "" {
		ns.Name = dst.NewIdent(name)
	}
	if std {
		ns.Decs.End = dst.Decorations{stdMarker}
	}
	gd, j := importDecl(df, spec)
	if !gd.Lparen {
		gd.Lparen = true
		spec.Decs.Before, spec.Decs.After = dst.NewLine, dst.NewLine
	}
	ns.Decs.Before, ns.Decs.After = dst.NewLine, spec.Decs.After
	spec.Decs.After = dst.NewLine
	gd.Specs = append(gd.Specs[:j+1], append([]dst.Spec{ns}, gd.Specs[j+1:]...)...)
	return ns
}

// removeImport removes spec from its declaration, and the declaration when
// it was its only import. A parenthesized declaration left with one import
// loses its parentheses: addImportAfter made them.
func removeImport(df *dst.File, spec *dst.ImportSpec) {
	gd, _ := importDecl(df, spec)
	if len(gd.Specs) == 1 {
		for i, d := range df.Decls {
			if d == gd {
				if i > 0 {
					df.Decls[i-1].Decorations().After = gd.Decs.After
				}
				df.Decls = append(df.Decls[:i], df.Decls[i+1:]...)
				return
			}
		}
	}
	secs := sections(gd)
	for k, sec := range secs {
		secs[k] = slices.DeleteFunc(sec, func(s *dst.ImportSpec) bool { return s == spec })
	}
	setSections(gd, secs)
	if len(gd.Specs) == 1 {
		gd.Lparen = false
		only := gd.Specs[0].(*dst.ImportSpec)
		only.Decs.Before, only.Decs.After = dst.None, dst.None
	}
}

// importDecl finds the import declaration holding spec and its index there.
func importDecl(df *dst.File, spec *dst.ImportSpec) (*dst.GenDecl, int) {
	for _, d := range df.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for j, s := range gd.Specs {
			if s == spec {
				return gd, j
			}
		}
	}
	panic("rewrite: import spec not found in its file")
}

// Imports are grouped the way goimports groups them, so that an editor
// running goimports on save changes nothing in a rewritten file and undo
// stays byte-exact: the standard library in one group, every other import
// after it. A group is a run of imports between blank lines.

// importGroup is goimports' group of an import path without a local
// prefix: 0 for the standard library (no dot in the first element), 1 for
// the rest.
func importGroup(path string) int {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return 1
	}
	return 0
}

func specPath(s *dst.ImportSpec) string {
	p, _ := strconv.Unquote(s.Path.Value)
	return p
}

// sections splits a parenthesized import declaration into its groups.
func sections(gd *dst.GenDecl) [][]*dst.ImportSpec {
	var secs [][]*dst.ImportSpec
	for i, s := range gd.Specs {
		is := s.(*dst.ImportSpec)
		if i == 0 || is.Decs.Before == dst.EmptyLine {
			secs = append(secs, nil)
		}
		secs[len(secs)-1] = append(secs[len(secs)-1], is)
	}
	return secs
}

// setSections lays the groups out again: a blank line between groups,
// none inside one. Empty groups vanish.
func setSections(gd *dst.GenDecl, secs [][]*dst.ImportSpec) {
	gd.Specs = gd.Specs[:0]
	for _, sec := range secs {
		for i, s := range sec {
			s.Decs.Before = dst.NewLine
			if i == 0 && len(gd.Specs) > 0 {
				s.Decs.Before = dst.EmptyLine
			}
			if len(gd.Specs) > 0 {
				gd.Specs[len(gd.Specs)-1].(*dst.ImportSpec).Decs.After = s.Decs.Before
			}
			gd.Specs = append(gd.Specs, s)
		}
	}
	if n := len(gd.Specs); n > 0 {
		gd.Specs[n-1].(*dst.ImportSpec).Decs.After = dst.NewLine
	}
}

// regroup moves the imports whose paths greenify changed into the groups
// goimports wants them in. One stays in its group when the imports left
// there belong with it. Otherwise it goes, in sorted place, into a group of
// its kind: the one its path sorts inside, else the first that starts after
// it, else the last. A green import with no third-party group to go to
// starts one after the others; a standard one, on undo, with no
// standard-library group, starts one first. A lone import with no group of
// its kind elsewhere stays where it is.
func regroup(df *dst.File, moved []*dst.ImportSpec) {
	byDecl := map[*dst.GenDecl][]*dst.ImportSpec{}
	var decls []*dst.GenDecl
	for _, spec := range moved {
		gd, _ := importDecl(df, spec)
		if !gd.Lparen || len(gd.Specs) < 2 {
			continue
		}
		if byDecl[gd] == nil {
			decls = append(decls, gd)
		}
		byDecl[gd] = append(byDecl[gd], spec)
	}
	for _, gd := range decls {
		regroupDecl(gd, byDecl[gd])
	}
}

func regroupDecl(gd *dst.GenDecl, moved []*dst.ImportSpec) {
	secs := sections(gd)
	home := map[*dst.ImportSpec]int{}
	for k, sec := range secs {
		secs[k] = slices.DeleteFunc(sec, func(s *dst.ImportSpec) bool {
			if slices.Contains(moved, s) {
				home[s] = k
				return true
			}
			return false
		})
	}
	belongs := func(sec []*dst.ImportSpec, g int) bool {
		for _, s := range sec {
			if importGroup(specPath(s)) != g {
				return false
			}
		}
		return len(sec) > 0
	}
	insert := func(sec []*dst.ImportSpec, spec *dst.ImportSpec) []*dst.ImportSpec {
		i := sort.Search(len(sec), func(i int) bool { return specPath(sec[i]) > specPath(spec) })
		return slices.Insert(sec, i, spec)
	}
	var first, last []*dst.ImportSpec // new groups before and after the others
	stay := map[int][]*dst.ImportSpec{}
	for _, spec := range moved {
		g, path, h := importGroup(specPath(spec)), specPath(spec), home[spec]
		if belongs(secs[h], g) {
			secs[h] = insert(secs[h], spec)
			continue
		}
		target := -1
		for k, sec := range secs {
			if !belongs(sec, g) {
				continue
			}
			if specPath(sec[0]) <= path && path <= specPath(sec[len(sec)-1]) {
				target = k
				break
			}
			if target < 0 || specPath(secs[target][0]) < path {
				target = k // the first group starting after path, else the last
			}
		}
		switch {
		case target >= 0:
			secs[target] = insert(secs[target], spec)
		case len(secs[h]) == 0:
			stay[h] = insert(stay[h], spec) // alone, and nowhere better to go
		case g == 0:
			first = insert(first, spec)
		default:
			last = insert(last, spec)
		}
	}
	for h, specs := range stay {
		secs[h] = specs
	}
	setSections(gd, slices.Concat([][]*dst.ImportSpec{first}, secs, [][]*dst.ImportSpec{last}))
}
