package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A site is one place a value flows into a typed destination: an argument,
// an assignment, a return, a composite-literal element, a typed var, a send.
// Crossings are found by visiting every site of the planned sources.
type site struct {
	expr ast.Expr
	want types.Type
}

// flowSites calls yield for each site of f whose destination type is known.
func flowSites(info *types.Info, f *ast.File, yield func(site)) {
	v := &siteVisitor{info: info, yield: yield, vars: &varDefs{}}
	ast.Walk(v, f)
}

type siteVisitor struct {
	info    *types.Info
	results *types.Tuple // of the enclosing function
	yield   func(site)
	vars    *varDefs
}

// appendSites: the values that append(s, x, y) adds go into s's elements.
func (v *siteVisitor) appendSites(n *ast.CallExpr) {
	id, ok := ast.Unparen(n.Fun).(*ast.Ident)
	if !ok || id.Name != "append" || n.Ellipsis.IsValid() || len(n.Args) < 2 {
		return
	}
	if _, ok := v.info.Uses[id].(*types.Builtin); !ok {
		return
	}
	if s, ok := typeUnder(v.info.TypeOf(n)).(*types.Slice); ok {
		for _, a := range n.Args[1:] {
			v.emit(a, s.Elem())
		}
	}
}

// varDefs remembers the expression that gave each variable its type
// (x := e, var x = e), for the tuple assignments that later reach it.
type varDefs struct {
	init    map[*types.Var]ast.Expr
	emitted map[ast.Expr]bool
}

func (d *varDefs) define(obj types.Object, e ast.Expr) {
	if v, ok := obj.(*types.Var); ok && e != nil {
		if d.init == nil {
			d.init = map[*types.Var]ast.Expr{}
		}
		d.init[v] = e
	}
}

// tupleSites handles a, b = f(), where no single expression carries a's
// value: when f's result does not fit a variable, the site is the
// expression that gave the variable its type. So
//
//	out := os.Stdout
//	out, err = os.Create(name)
//
// converts os.Stdout where out is defined, and out is a green file from
// then on.
func (v *siteVisitor) tupleSites(n *ast.AssignStmt) {
	tup, ok := v.info.TypeOf(n.Rhs[0]).(*types.Tuple)
	if !ok || tup.Len() != len(n.Lhs) {
		return
	}
	for i, l := range n.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" || v.info.Defs[id] != nil {
			continue
		}
		obj, ok := v.info.Uses[id].(*types.Var)
		if !ok || types.AssignableTo(tup.At(i).Type(), obj.Type()) {
			continue
		}
		if e := v.vars.init[obj]; e != nil && !v.vars.emitted[e] {
			if v.vars.emitted == nil {
				v.vars.emitted = map[ast.Expr]bool{}
			}
			v.vars.emitted[e] = true
			v.emit(e, tup.At(i).Type())
		}
	}
}

func (v *siteVisitor) emit(x ast.Expr, want types.Type) {
	if want != nil && x != nil {
		v.yield(site{x, want})
	}
}

func (v *siteVisitor) Visit(n ast.Node) ast.Visitor {
	info := v.info
	switch n := n.(type) {
	case *ast.FuncDecl:
		if obj, ok := info.Defs[n.Name].(*types.Func); ok {
			return &siteVisitor{info: info, yield: v.yield, vars: v.vars, results: obj.Type().(*types.Signature).Results()}
		}
		return &siteVisitor{info: info, yield: v.yield, vars: v.vars}
	case *ast.FuncLit:
		if sig, ok := info.TypeOf(n).(*types.Signature); ok {
			return &siteVisitor{info: info, yield: v.yield, vars: v.vars, results: sig.Results()}
		}
		return &siteVisitor{info: info, yield: v.yield, vars: v.vars}
	case *ast.CallExpr:
		tv, ok := info.Types[n.Fun]
		if ok && tv.IsBuiltin() {
			v.appendSites(n)
			break
		}
		if !ok || tv.IsType() {
			break
		}
		sig, ok := tv.Type.Underlying().(*types.Signature)
		if !ok {
			break
		}
		params := sig.Params()
		if len(n.Args) == 1 && params.Len() > 1 {
			break // f(g()) with a tuple
		}
		for i, arg := range n.Args {
			switch {
			case sig.Variadic() && i >= params.Len()-1:
				last := params.At(params.Len() - 1).Type()
				if n.Ellipsis.IsValid() {
					v.emit(arg, last)
				} else if s, ok := last.Underlying().(*types.Slice); ok {
					v.emit(arg, s.Elem())
				}
			case i < params.Len():
				v.emit(arg, params.At(i).Type())
			}
		}
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
			break
		}
		if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
			v.tupleSites(n)
			break
		}
		if len(n.Lhs) != len(n.Rhs) {
			break
		}
		for i, l := range n.Lhs {
			if id, ok := l.(*ast.Ident); ok && (id.Name == "_" || n.Tok == token.DEFINE && info.Defs[id] != nil) {
				if id.Name != "_" {
					v.vars.define(info.Defs[id], n.Rhs[i])
				}
				continue
			}
			v.emit(n.Rhs[i], info.TypeOf(l))
		}
	case *ast.ValueSpec:
		if n.Type == nil && len(n.Values) == len(n.Names) {
			for i, id := range n.Names {
				v.vars.define(info.Defs[id], n.Values[i])
			}
		}
		if n.Type == nil || len(n.Values) != len(n.Names) {
			break
		}
		for _, val := range n.Values {
			v.emit(val, info.TypeOf(n.Type))
		}
	case *ast.ReturnStmt:
		if v.results == nil || len(n.Results) != v.results.Len() {
			break
		}
		for i, r := range n.Results {
			v.emit(r, v.results.At(i).Type())
		}
	case *ast.SendStmt:
		if ch, ok := typeUnder(info.TypeOf(n.Chan)).(*types.Chan); ok {
			v.emit(n.Value, ch.Elem())
		}
	case *ast.CompositeLit:
		t := typeUnder(info.TypeOf(n))
		if p, ok := t.(*types.Pointer); ok { // &T{} elided in a slice of *T
			t = typeUnder(p.Elem())
		}
		switch t := t.(type) {
		case *types.Struct:
			for i, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.Uses[id].(*types.Var); ok {
							v.emit(kv.Value, f.Type())
						}
					}
				} else if i < t.NumFields() {
					v.emit(e, t.Field(i).Type())
				}
			}
		case *types.Slice, *types.Array, *types.Map:
			var key, elem types.Type
			switch t := t.(type) {
			case *types.Slice:
				elem = t.Elem()
			case *types.Array:
				elem = t.Elem()
			case *types.Map:
				key, elem = t.Key(), t.Elem()
			}
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if key != nil {
						v.emit(kv.Key, key)
					}
					v.emit(kv.Value, elem)
				} else {
					v.emit(e, elem)
				}
			}
		}
	}
	return v
}

func typeUnder(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}

// A crossing is a site where a green value meets a standard destination or
// the other way round.
type crossing struct {
	site
	m     *mapping
	gt    GreenType
	toStd bool // x.Std(); else FromStdT(x)
	ok    bool // a conversion fixes it
}

// findCrossing classifies a site: nil when the value is assignable or the
// mismatch has nothing to do with green types.
func findCrossing(t *table, pkg *types.Package, s site, src types.Type) *crossing {
	if src == nil || types.AssignableTo(src, s.want) {
		return nil
	}
	if _, ok := types.Unalias(src).(*types.Pointer); !ok {
		// Conversions are defined on pointers; a struct value of a green
		// type crossing by value can only be refused.
		if n := namedOf(src); n != nil && n.Obj().Pkg() != nil {
			if m := t.byGreen[n.Obj().Pkg().Path()]; m != nil {
				if gt, ok := m.types[n.Obj().Name()]; ok {
					return &crossing{site: s, m: m, gt: gt, toStd: true}
				}
			}
		}
		return nil
	}
	n := namedOf(src)
	if n == nil || n.Obj().Pkg() == nil {
		return nil
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	if m := t.byGreen[path]; m != nil {
		gt, ok := m.types[name]
		if !ok {
			return nil
		}
		c := &crossing{site: s, m: m, gt: gt, toStd: true}
		obj, _, _ := types.LookupFieldOrMethod(src, true, pkg, gt.ToStd)
		if fn, ok := obj.(*types.Func); ok {
			if res := fn.Type().(*types.Signature).Results(); res.Len() == 1 && types.AssignableTo(res.At(0).Type(), s.want) {
				c.ok = true
			}
		}
		return c
	}
	if m := t.byStd[path]; m != nil {
		gt, ok := m.types[name]
		if !ok {
			return nil
		}
		c := &crossing{site: s, m: m, gt: gt}
		// The destination must be the green type: look FromStd up in its
		// package (green/net's Resolver is green/dns's, so any green
		// package of the module qualifies).
		wn := namedOf(s.want)
		if wn == nil || wn.Obj().Pkg() == nil || !strings.HasPrefix(wn.Obj().Pkg().Path()+"/", GreenModule+"/green/") {
			return nil
		}
		{
			if fn, ok := wn.Obj().Pkg().Scope().Lookup(gt.FromStd).(*types.Func); ok {
				if res := fn.Type().(*types.Signature).Results(); res.Len() == 1 && types.AssignableTo(res.At(0).Type(), s.want) {
					c.ok = true
				}
			}
		}
		return c
	}
	return nil
}
