package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
)

// go statements. Go evaluates the function value, the receiver and the
// arguments of a go statement in the spawning goroutine, at once. The
// green spawn keeps that:
//
//	go f()                  hub.Go(f)          (f of type func(): an argument is evaluated at once too)
//	go func() { ... }()     hub.Go(func() { ... })
//	go s.serve(conn, 1)     hub.Go(func() func() { f, a0 := s.serve, conn; return func() { f(a0, 1) } }())
//
// In the last form the outer literal runs at once, evaluating the method
// value (the receiver with it) and the arguments into its locals in the
// usual order; the function it returns runs as the green thread. Constants,
// nil, function literals and package-level functions need no evaluation
// and stay in the call as written (an untyped constant must meet its
// parameter's type there).

func (p *codePass) spawnForward(n *ast.GoStmt) {
	call := n.Call
	if p.simpleSpawn(call) {
		p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
			g := x.node.(*dst.GoStmt)
			es := &dst.ExprStmt{X: x.hubCall("Go", g.Call.Fun)}
			es.Decs.NodeDecs = g.Decs.NodeDecs
			return es
		}})
		return
	}
	// Which parts to evaluate into locals.
	capFun := !p.noEval(call.Fun, true)
	var capArg []bool
	names := map[string]bool{}
	inline := []ast.Expr{}
	if !capFun {
		inline = append(inline, call.Fun)
	}
	for _, a := range call.Args {
		c := !p.noEval(a, false)
		capArg = append(capArg, c)
		if !c {
			inline = append(inline, a)
		}
	}
	for _, e := range inline {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				names[id.Name] = true
			}
			return true
		})
	}
	prefix := ""
	for names[prefix+"f"] || anyArgName(names, prefix, len(call.Args)) {
		prefix += "_"
	}
	p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		g := x.node.(*dst.GoStmt)
		c := g.Call
		var lhs, rhs []dst.Expr
		inner := &dst.CallExpr{Fun: c.Fun, Args: make([]dst.Expr, len(c.Args)), Ellipsis: c.Ellipsis}
		if capFun {
			lhs, rhs = append(lhs, dst.NewIdent(prefix+"f")), append(rhs, c.Fun)
			inner.Fun = dst.NewIdent(prefix + "f")
		}
		for i, a := range c.Args {
			if !capArg[i] {
				inner.Args[i] = a
				continue
			}
			name := fmt.Sprintf("%sa%d", prefix, i)
			lhs, rhs = append(lhs, dst.NewIdent(name)), append(rhs, a)
			inner.Args[i] = dst.NewIdent(name)
		}
		for _, a := range rhs {
			a.Decorations().Before, a.Decorations().After = dst.None, dst.None
		}
		for _, a := range inner.Args {
			a.Decorations().Before, a.Decorations().After = dst.None, dst.None
		}
		var body []dst.Stmt
		if len(lhs) > 0 {
			body = append(body, &dst.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: rhs})
		}
		body = append(body, &dst.ReturnStmt{Results: []dst.Expr{&dst.FuncLit{
			Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}},
			Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ExprStmt{X: inner}}},
		}}})
		outer := &dst.FuncLit{
			Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}, Results: &dst.FieldList{List: []*dst.Field{{
				Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}},
			}}}},
			Body: &dst.BlockStmt{List: body},
		}
		es := &dst.ExprStmt{X: x.hubCall("Go", &dst.CallExpr{Fun: outer})}
		es.Decs.NodeDecs = g.Decs.NodeDecs
		return es
	}})
}

func anyArgName(names map[string]bool, prefix string, n int) bool {
	for i := range n {
		if names[fmt.Sprintf("%sa%d", prefix, i)] {
			return true
		}
	}
	return false
}

// simpleSpawn reports whether go call is go f() with f of type func().
func (p *codePass) simpleSpawn(call *ast.CallExpr) bool {
	if len(call.Args) != 0 || call.Ellipsis.IsValid() {
		return false
	}
	if _, ok := p.info.Uses[calleeIdent(call.Fun)].(*types.Builtin); ok {
		return false
	}
	sig, ok := types.Unalias(p.info.TypeOf(call.Fun)).Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 0 && sig.TypeParams().Len() == 0
}

func calleeIdent(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// noEval reports whether e needs no evaluation at the go statement: a
// constant, nil, a function literal, a package-level function or builtin
// (fun), possibly instantiated.
func (p *codePass) noEval(e ast.Expr, fun bool) bool {
	e = ast.Unparen(e)
	if tv, ok := p.info.Types[e]; ok && (tv.Value != nil || tv.IsNil()) {
		return true
	}
	switch e := e.(type) {
	case *ast.FuncLit:
		return true
	case *ast.IndexExpr:
		if fun {
			return p.isTypeExpr(e.Index) && p.noEval(e.X, true)
		}
	case *ast.IndexListExpr:
		if fun {
			return p.noEval(e.X, true)
		}
	case *ast.Ident, *ast.SelectorExpr:
		if !fun {
			return false
		}
		if sel, ok := e.(*ast.SelectorExpr); ok {
			if _, isMethod := p.info.Selections[sel]; isMethod {
				return false
			}
		}
		switch obj := p.info.Uses[calleeIdent(e)].(type) {
		case *types.Builtin:
			return true
		case *types.Func:
			return obj.Type().(*types.Signature).Recv() == nil
		}
	}
	return false
}

func (p *codePass) isTypeExpr(e ast.Expr) bool {
	tv, ok := p.info.Types[e]
	return ok && tv.IsType()
}

// spawnUndo turns both forms of hub.Go back into go statements.
func (p *codePass) spawnUndo(n *ast.ExprStmt, call *ast.CallExpr) {
	if len(call.Args) != 1 {
		return
	}
	arg := call.Args[0]
	if outerSpawn(arg) {
		p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
			es := x.node.(*dst.ExprStmt)
			outer := es.X.(*dst.CallExpr).Args[0].(*dst.CallExpr).Fun.(*dst.FuncLit)
			vals := map[string]dst.Expr{}
			stmts := outer.Body.List
			if as, ok := stmts[0].(*dst.AssignStmt); ok {
				for i, l := range as.Lhs {
					vals[l.(*dst.Ident).Name] = as.Rhs[i]
				}
				stmts = stmts[1:]
			}
			inner := stmts[0].(*dst.ReturnStmt).Results[0].(*dst.FuncLit).Body.List[0].(*dst.ExprStmt).X.(*dst.CallExpr)
			sub := func(e dst.Expr) dst.Expr {
				if id, ok := e.(*dst.Ident); ok && vals[id.Name] != nil {
					return vals[id.Name]
				}
				return e
			}
			c := &dst.CallExpr{Fun: sub(inner.Fun), Ellipsis: inner.Ellipsis}
			for _, a := range inner.Args {
				c.Args = append(c.Args, sub(a))
			}
			g := &dst.GoStmt{Call: c}
			g.Decs.NodeDecs = es.Decs.NodeDecs
			return g
		}})
		return
	}
	p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		es := x.node.(*dst.ExprStmt)
		f := es.X.(*dst.CallExpr).Args[0]
		g := &dst.GoStmt{Call: &dst.CallExpr{Fun: f}}
		g.Decs.NodeDecs = es.Decs.NodeDecs
		return g
	}})
}

// outerSpawn recognises func() func() { [locals :=]; return func() { call } }().
func outerSpawn(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 0 {
		return false
	}
	lit, ok := c.Fun.(*ast.FuncLit)
	if !ok || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 1 {
		return false
	}
	stmts := lit.Body.List
	if len(stmts) == 2 {
		as, ok := stmts[0].(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
			return false
		}
		for _, l := range as.Lhs {
			if _, ok := l.(*ast.Ident); !ok {
				return false
			}
		}
		stmts = stmts[1:]
	}
	if len(stmts) != 1 {
		return false
	}
	ret, ok := stmts[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	in, ok := ret.Results[0].(*ast.FuncLit)
	if !ok || len(in.Body.List) != 1 {
		return false
	}
	es, ok := in.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	_, ok = es.X.(*ast.CallExpr)
	return ok
}
