package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/dstutil"
)

// Code sets. The thread and time sets change code, not imports: Go's
// equivalents of Eventlet's thread and time patches are language
// constructs (go statements, channel operations, select) and calls on
// values of the standard sync types, which keep their types. A code set's
// edits are planned by planCode, once per file for all selected code sets,
// and applied to the dst tree in one post-order pass, so an edit can move
// already-edited children into a new node (a select body into a switch, a
// main body into hub.Run).

// hubPath is the import path of the runtime that rewritten code calls.
const hubPath = GreenModule + "/runtime/hub"

// A codeEdit turns one node into another. apply runs after every edit
// inside the node has been applied and returns the node that replaces it
// (the same node when it changed it in place).
type codeEdit struct {
	apply func(x *codeCtx) dst.Node
	hub   int            // uses of the hub package it adds (negative: removes)
	std   map[string]int // uses of standard packages it adds (negative: removes), by path
}

// codeCtx is what an apply function works with.
type codeCtx struct {
	dec  *decorator.Decorator
	df   *dst.File
	hub  string            // the file's name for the hub package
	std  map[string]string // the file's names for standard packages
	node dst.Node          // the node being replaced
}

// n returns the dst node of an AST node, with every edit inside it applied.
func (x *codeCtx) n(a ast.Node) dst.Node { return x.dec.Dst.Nodes[a] }

func (x *codeCtx) expr(a ast.Expr) dst.Expr { return x.n(a).(dst.Expr) }

// hubCall builds hub.name(args...).
func (x *codeCtx) hubCall(name string, args ...dst.Expr) *dst.CallExpr {
	return &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(x.hub), Sel: dst.NewIdent(name)}, Args: args}
}

// stdSel builds pkg.name for a standard package.
func (x *codeCtx) stdSel(path, name string) *dst.SelectorExpr {
	return &dst.SelectorExpr{X: dst.NewIdent(x.std[path]), Sel: dst.NewIdent(name)}
}

// A codePass plans the code edits of one file.
type codePass struct {
	sf    *srcFile
	info  *types.Info
	sets  map[string]bool // code sets selected for this file
	undo  bool
	edits map[ast.Node]*codeEdit
	order []ast.Node
	seen  map[*ast.CallExpr]bool // calls callForward looked at
	diags []Diagnostic
}

func (p *codePass) add(n ast.Node, e *codeEdit) {
	if _, dup := p.edits[n]; dup {
		return
	}
	p.edits[n] = e
	p.order = append(p.order, n)
}

func (p *codePass) diag(pos token.Pos, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{p.sf.position(pos), fmt.Sprintf(format, args...)})
}

// skip reports whether n is in code marked //greenify:ignore.
func (p *codePass) skip(n ast.Node) bool { return p.sf.ig.covers(n) }

// hubFunc returns the name of the hub function that call calls, or "".
func (p *codePass) hubFunc(call *ast.CallExpr) string {
	fn := calledFunc(p.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != hubPath {
		return ""
	}
	return fn.Name()
}

// calledFunc is the function or method call calls, if static.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr:
		return calledFunc(info, &ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return calledFunc(info, &ast.CallExpr{Fun: f.X})
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// isFunc reports whether fn is the package-level function path.name.
func isFunc(fn *types.Func, path, name string) bool {
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == path && fn.Name() == name &&
		fn.Type().(*types.Signature).Recv() == nil
}

// isMethod reports whether fn is the method (*path.typ).name, reached
// directly or through embedded fields.
func isMethod(fn *types.Func, path, typ, name string) bool {
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != path || fn.Name() != name {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	n := namedOf(recv.Type())
	return n != nil && n.Obj().Name() == typ
}

// planCode plans the edits of the code sets selected for sf (forward or
// undo) and returns them as one edit for render.
func planCode(sf *srcFile, t *table, keep map[string]bool, undo bool) ([]edit, []Diagnostic) {
	if sf.skip != "" || sf.ig.file || sf.info == nil || len(t.code) == 0 {
		return nil, nil
	}
	sets := map[string]bool{}
	for name := range t.code {
		if !keep[name] {
			sets[name] = true
		}
	}
	if len(sets) == 0 {
		return nil, nil
	}
	p := &codePass{sf: sf, info: sf.info, sets: sets, undo: undo, edits: map[ast.Node]*codeEdit{}, seen: map[*ast.CallExpr]bool{}}
	if undo {
		p.planUndo()
	} else {
		p.planForward()
	}
	if len(p.edits) == 0 {
		return nil, p.diags
	}
	hubName, stdNames, ok := p.importNames()
	if !ok {
		return nil, p.diags
	}
	// One edit applies them all; each construct is reported on its own.
	fc := &fileCode{pass: p, hub: hubName, std: stdNames}
	var edits []edit
	for i, n := range p.order {
		e := edit{kind: eCode, report: p.report(n)}
		if i == 0 {
			e.code = fc
		}
		edits = append(edits, e)
	}
	return edits, p.diags
}

// report describes the edit of n for the dry run and -json: the construct
// and what it becomes (the other way round for the undo).
func (p *codePass) report(n ast.Node) Edit {
	var from, to string
	switch n := n.(type) {
	case *ast.GoStmt, *ast.ExprStmt:
		from, to = "go", "hub.Go"
		if es, ok := n.(*ast.ExprStmt); ok {
			switch p.hubFunc(es.X.(*ast.CallExpr)) {
			case "Send":
				from, to = "<-", "hub.Send"
			case "Blocking":
				from, to = "select {}", "hub.Blocking"
			}
		}
	case *ast.SendStmt:
		from, to = "<-", "hub.Send"
	case *ast.UnaryExpr:
		from, to = "<-", "hub.Recv"
	case *ast.RangeStmt:
		from, to = "range", "hub.Range"
	case *ast.SelectStmt:
		from, to = "select", "hub.Select"
		if len(n.Body.List) == 0 {
			from, to = "select {}", "hub.Blocking"
		}
	case *ast.SwitchStmt:
		from, to = "select", "hub.Select"
	case *ast.FuncDecl:
		from, to = n.Name.Name+" body", "hub.Run"
	case *ast.SelectorExpr:
		from, to = types.ExprString(n), "hub.Releasing"
	case *ast.CallExpr:
		if name := p.hubFunc(n); name != "" && p.undo {
			from, to = callName(n.Fun), "hub."+name
			switch name {
			case "Recv", "Recv2":
				from = "<-"
			case "Releasing":
				from = "method value"
			}
		} else {
			from, to = callName(n.Fun), "hub."+p.forwardCall(n)
		}
	}
	kind := threadSet.Name
	if to == "hub.Sleep" || from == "time.Sleep" {
		kind = timeSet.Name
	}
	if p.undo {
		from, to = to, from
	}
	return Edit{Pos: p.sf.position(n.Pos()), Kind: kind, Old: from, New: to}
}

func callName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.SelectorExpr:
		return types.ExprString(e)
	case *ast.Ident:
		return e.Name
	}
	return "call"
}

// fileCode is the eCode edit of one file: its node edits and the names
// its imports go by.
type fileCode struct {
	pass *codePass
	hub  string
	std  map[string]string
}

// importNames decides how the file refers to the hub and the standard
// packages the edits use, and reports false (with a diagnostic) when the
// name hub is taken.
func (p *codePass) importNames() (string, map[string]string, bool) {
	std := map[string]string{}
	hubName := ""
	for _, spec := range p.sf.f.Imports {
		path := importPath(spec)
		name := lastElem(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if path == hubPath {
			hubName = name
		} else if importGroup(path) == 0 {
			std[path] = name
		}
	}
	need := 0
	for _, e := range p.edits {
		need += max(e.hub, 0)
		for path, n := range e.std {
			if n > 0 && std[path] == "" {
				std[path] = lastElem(path)
			}
		}
	}
	if need > 0 && (hubName == "" || hubName == "." || hubName == "_") {
		if identInFile(p.sf, "hub") {
			p.diag(p.sf.f.Name.Pos(), "the name hub is taken in this file: thread and time sets not applied")
			return "", nil, false
		}
		hubName = "hub"
	}
	return hubName, std, true
}

// applyCode applies the eCode edits of a file: the node edits in one
// post-order pass, then the imports they need or no longer need.
func applyCode(dec *decorator.Decorator, df *dst.File, edits []edit) {
	for _, e := range edits {
		if e.kind != eCode || e.code == nil {
			continue
		}
		fc := e.code
		byDst := map[dst.Node]*codeEdit{}
		for _, n := range fc.pass.order {
			byDst[dec.Dst.Nodes[n]] = fc.pass.edits[n]
		}
		x := &codeCtx{dec: dec, df: df, hub: fc.hub, std: fc.std}
		dstutil.Apply(df, nil, func(c *dstutil.Cursor) bool {
			ce := byDst[c.Node()]
			if ce == nil {
				return true
			}
			x.node = c.Node()
			if r := ce.apply(x); r != c.Node() {
				c.Replace(r)
			}
			return true
		})
		fixImports(fc, df)
	}
}

// fixImports adds the hub import when the edits use it and removes it when
// they took its last use; the same for the standard packages edits stop or
// start using (runtime for Gosched, time for Sleep, sync for OnceFunc).
func fixImports(fc *fileCode, df *dst.File) {
	p := fc.pass
	delta := map[string]int{}
	for _, e := range p.edits {
		delta[hubPath] += e.hub
		for path, n := range e.std {
			delta[path] += n
		}
	}
	uses := map[string]int{} // current uses of the imports the edits change
	for _, spec := range p.sf.f.Imports {
		if path := importPath(spec); delta[path] < 0 {
			sels, dots := usesOf(p.sf, spec, lastElem(path))
			uses[path] = len(sels) + len(dots)
		}
	}
	var paths []string
	for path := range delta {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		had := false
		for _, spec := range p.sf.f.Imports {
			if importPath(spec) == path {
				had = true
			}
		}
		now := uses[path] + delta[path]
		switch {
		case !had && now > 0:
			name := ""
			if path == hubPath && fc.hub != "hub" || path != hubPath && fc.std[path] != lastElem(path) {
				name = fc.std[path]
				if path == hubPath {
					name = fc.hub
				}
			}
			insertImport(df, path, name)
		case had && now <= 0 && delta[path] < 0:
			deleteImport(df, path)
		}
	}
}

// insertImport adds an import where goimports puts it, by the same rule as
// a rewritten import path (regroup); a file with no import gets a
// declaration of its own.
func insertImport(df *dst.File, path, name string) {
	for _, d := range df.Decls {
		if gd, ok := d.(*dst.GenDecl); ok && gd.Tok == token.IMPORT && len(gd.Specs) > 0 {
			last := gd.Specs[len(gd.Specs)-1].(*dst.ImportSpec)
			regroup(df, []*dst.ImportSpec{addImportAfter(df, last, name, path, false)})
			return
		}
	}
	spec := &dst.ImportSpec{Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}}
	if name != "" {
		spec.Name = dst.NewIdent(name)
	}
	nd := &dst.GenDecl{Tok: token.IMPORT, Specs: []dst.Spec{spec}}
	nd.Decs.Before, nd.Decs.After = dst.EmptyLine, dst.EmptyLine
	df.Decls = append([]dst.Decl{nd}, df.Decls...)
}

// deleteImport removes the import of path (removeImport keeps the layout
// addImportAfter and regroup would give back).
func deleteImport(df *dst.File, path string) {
	for _, d := range df.Decls {
		gd, ok := d.(*dst.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			if spec := s.(*dst.ImportSpec); specPath(spec) == path {
				removeImport(df, spec)
				return
			}
		}
	}
}

// forwardCall is the hub function a planned call edit calls.
func (p *codePass) forwardCall(call *ast.CallExpr) string {
	fn := calledFunc(p.info, call)
	for _, m := range recvMethods {
		if isMethod(fn, m.path, m.typ, m.method) {
			return m.hub
		}
	}
	for _, f := range pkgFuncs {
		if isFunc(fn, f.path, f.name) {
			return f.hub
		}
	}
	return "GoFunc"
}
