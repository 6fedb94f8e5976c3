package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
)

// go statements. Go evaluates the function value, the receiver and the
// arguments of a go statement in the spawning goroutine, at once. The
// green spawn keeps that:
//
//	go f()                  hub.Go(f)          (f of type func(): an argument is evaluated at once too)
//	go func() { ... }()     hub.Go(func() { ... })
//	go s.serve(conn, 1)     hub.Go(func() func() { f, a0 := s.serve, conn; return func() { f(a0, 1) } }())
//	go g(1 << n)            hub.Go(func() func() { var a0 int64 = 1 << n; return func() { g(a0) } }())
//	go h(x == y)            hub.Go(func() func() { a0 := x == y; return func() { h(a0 == true) } }())   (h's parameter type unnameable here)
//	go m(1<<n - 1)          hub.Go(func() func() { a0 := n; return func() { m(1<<a0 - 1) } }())        (the same, n unsigned)
//
// In the last form the outer literal runs at once, evaluating the method
// value (the receiver with it) and the arguments into its locals in the
// usual order; the function it returns runs as the green thread. Constants,
// nil, function literals and package-level functions need no evaluation
// and stay in the call as written (an untyped constant must meet its
// parameter's type there). An untyped argument that is not constant (a
// shift of a constant, a comparison) is evaluated into a local declared
// with its parameter's type, where a := would give it its default type;
// the locals keep the arguments' order, so a run of plain ones shares a :=
// between the typed ones.

func (p *codePass) spawnForward(n *ast.GoStmt) {
	call := n.Call
	// go mu.Lock(), go once.Do(f)...: the call becomes a hub call whose
	// first argument is the receiver (thread_call.go); the spawn evaluates
	// that at once, with the arguments, as Go evaluates a method value's
	// receiver.
	method := false
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := p.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			p.callForward(call)
			_, method = p.edits[call]
		}
	}
	if !method && p.simpleSpawn(call) {
		p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
			g := x.node.(*dst.GoStmt)
			es := &dst.ExprStmt{X: x.hubCall("Go", g.Call.Fun)}
			es.Decs.NodeDecs = g.Decs.NodeDecs
			return es
		}})
		return
	}
	// Which parts to evaluate into locals.
	capFun := !method && !p.noEval(call.Fun, true)
	var capArg []bool
	names := map[string]bool{}
	inline := []ast.Expr{}
	if !capFun && !method {
		inline = append(inline, call.Fun)
	}
	for _, a := range call.Args {
		c := !p.noEval(a, false)
		capArg = append(capArg, c)
		if !c {
			inline = append(inline, a)
		}
	}
	argTypes, compare, counts, ok := p.untypedArgs(call, capArg)
	if !ok {
		p.diag(n.Pos(), "go statement left as it is: an untyped argument's parameter type cannot be named in this file")
		return
	}
	if method {
		// The hub call's arguments: the receiver, then the method's.
		capArg = append([]bool{true}, capArg...)
		argTypes = append([]string{""}, argTypes...)
		compare = append([]bool{false}, compare...)
		counts = append([]ast.Expr{nil}, counts...)
	}
	for i, c := range counts {
		if c != nil {
			// The shift stays in the call: its constants must keep
			// their meaning beside the locals.
			inline = append(inline, call.Args[i-len(counts)+len(call.Args)])
		}
	}
	for _, t := range argTypes {
		if t != "" {
			// The locals must not hide a name the type uses.
			e, _ := parser.ParseExpr(t)
			inline = append(inline, e)
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
		// The locals, in evaluation order: runs of plain ones share a :=,
		// a typed one has a var of its own.
		var body []dst.Stmt
		var run *dst.AssignStmt
		local := func(name string, v dst.Expr, typ string) {
			v.Decorations().Before, v.Decorations().After = dst.None, dst.None
			if typ != "" {
				run = nil
				body = append(body, &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: []dst.Spec{
					&dst.ValueSpec{Names: []*dst.Ident{dst.NewIdent(name)}, Type: dstType(typ), Values: []dst.Expr{v}},
				}}})
				return
			}
			if run == nil {
				run = &dst.AssignStmt{Tok: token.DEFINE}
				body = append(body, run)
			}
			run.Lhs, run.Rhs = append(run.Lhs, dst.NewIdent(name)), append(run.Rhs, v)
		}
		inner := &dst.CallExpr{Fun: c.Fun, Args: make([]dst.Expr, len(c.Args)), Ellipsis: c.Ellipsis}
		if capFun {
			local(prefix+"f", c.Fun, "")
			inner.Fun = dst.NewIdent(prefix + "f")
		}
		for i, a := range c.Args {
			if !capArg[i] {
				inner.Args[i] = a
				continue
			}
			name := fmt.Sprintf("%sa%d", prefix, i)
			if counts[i] != nil {
				// Only the shift's count is evaluated at once; the shift
				// runs in the call, in the parameter's type.
				cnt := x.expr(counts[i])
				inner.Args[i] = dstutil.Apply(a, nil, func(c *dstutil.Cursor) bool {
					if c.Node() == cnt {
						c.Replace(dst.NewIdent(name))
					}
					return true
				}).(dst.Expr)
				local(name, cnt, "")
				continue
			}
			local(name, a, argTypes[i])
			inner.Args[i] = dst.NewIdent(name)
			if compare[i] {
				// A comparison is untyped: the bool meets its parameter's
				// type as x == y did.
				inner.Args[i] = &dst.BinaryExpr{X: inner.Args[i], Op: token.EQL, Y: dst.NewIdent("true")}
			}
		}
		for _, a := range inner.Args {
			a.Decorations().Before, a.Decorations().After = dst.None, dst.None
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

// untypedArgs returns, for each argument of a go statement's call that is
// evaluated into a local, the type its local is declared with: "" for
// most, the parameter's type for an untyped, non-constant argument whose
// default type is another (1 << n to an int64, x == y to a named bool
// type), which `a0 := 1 << n` would get wrong.
//
// A boolean one whose parameter type the file cannot name (a type of a
// package it does not import, an unexported type of another package, a
// type a local hides) needs no name: compare[i] says to evaluate it into a
// bool and pass a0 == true, a comparison, untyped like the argument was,
// which takes the parameter's type where it is passed. ok is false when a
// numeric one's type cannot be named, unless it is a shift whose count
// cannot be negative (see shiftCount): then counts[i] is the count, which
// alone is evaluated at once, and the shift is done in the call.
func (p *codePass) untypedArgs(call *ast.CallExpr, capArg []bool) (typs []string, compare []bool, counts []ast.Expr, ok bool) {
	typs, compare, counts = make([]string, len(call.Args)), make([]bool, len(call.Args)), make([]ast.Expr, len(call.Args))
	sig, _ := typeSig(p.info.TypeOf(call.Fun))
	if sig == nil {
		return typs, compare, counts, true // a builtin takes what it is given
	}
	for i, a := range call.Args {
		if !capArg[i] || !untypedShape(a) {
			continue
		}
		ut := p.untypedType(a)
		pt := paramType(sig, i, call.Ellipsis.IsValid())
		if ut == nil || pt == nil || types.Identical(types.Default(ut), pt) {
			continue
		}
		if typs[i] = p.typeExpr(pt, call.Pos()); typs[i] != "" {
			continue
		}
		if ut.(*types.Basic).Info()&types.IsBoolean == 0 {
			if counts[i] = p.shiftCount(a); counts[i] == nil {
				return nil, nil, nil, false
			}
			continue
		}
		if !p.universal("true", call.Pos()) {
			return nil, nil, nil, false
		}
		compare[i] = true
	}
	return typs, compare, counts, true
}

// shiftCount returns the count of the one shift in e, an untyped numeric
// argument (1 << n, 1<<n - 1, ^(1 << n)), when the shift can be done later
// in the green thread with the same result: its count is unsigned (a
// negative count panics, which must happen at the go statement), the rest
// is constants and operators that cannot panic (a division only by a
// constant). Else nil.
func (p *codePass) shiftCount(e ast.Expr) ast.Expr {
	var found []ast.Expr
	var walk func(e ast.Expr) bool
	walk = func(e ast.Expr) bool {
		if tv, ok := p.info.Types[e]; ok && tv.Value != nil {
			return true
		}
		switch e := e.(type) {
		case *ast.ParenExpr:
			return walk(e.X)
		case *ast.UnaryExpr:
			return (e.Op == token.ADD || e.Op == token.SUB || e.Op == token.XOR) && walk(e.X)
		case *ast.BinaryExpr:
			switch e.Op {
			case token.SHL, token.SHR:
				if !walk(e.X) {
					return false
				}
				b, ok := types.Unalias(p.info.TypeOf(e.Y)).Underlying().(*types.Basic)
				if u, recv := e.Y.(*ast.UnaryExpr); !ok || b.Info()&types.IsUnsigned == 0 || recv && u.Op == token.ARROW {
					return false
				}
				found = append(found, e.Y)
				return true
			case token.ADD, token.SUB, token.MUL, token.OR, token.AND, token.XOR, token.AND_NOT:
				return walk(e.X) && walk(e.Y)
			case token.QUO, token.REM:
				tv, ok := p.info.Types[e.Y]
				return ok && tv.Value != nil && walk(e.X)
			}
		}
		return false
	}
	if !walk(e) || len(found) != 1 {
		return nil
	}
	return found[0]
}

// universal reports whether name at pos is the predeclared one, not hidden
// by a declaration of the file's.
func (p *codePass) universal(name string, pos token.Pos) bool {
	scope := p.sf.pkg.Types.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	return obj != nil && obj.Parent() == types.Universe
}

// untypedShape reports whether e may be untyped and not constant: a shift,
// a comparison, a logical operation or a negation, maybe parenthesized.
func untypedShape(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.NOT || e.Op == token.ADD || e.Op == token.SUB || e.Op == token.XOR
	}
	return false
}

// typeSig returns the signature of a called function's type.
func typeSig(t types.Type) (*types.Signature, bool) {
	if t == nil {
		return nil, false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return sig, ok
}

// paramType is the type of the parameter that argument i of a call to sig
// is assigned to.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	n := sig.Params().Len()
	switch {
	case n == 0:
		return nil
	case sig.Variadic() && i >= n-1 && !spread:
		s, _ := sig.Params().At(n - 1).Type().Underlying().(*types.Slice)
		if s == nil {
			return nil
		}
		return s.Elem()
	case i < n:
		return sig.Params().At(i).Type()
	}
	return nil
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
			for ; len(stmts) > 1; stmts = stmts[1:] {
				switch st := stmts[0].(type) {
				case *dst.AssignStmt:
					for i, l := range st.Lhs {
						vals[l.(*dst.Ident).Name] = st.Rhs[i]
					}
				case *dst.DeclStmt:
					vs := st.Decl.(*dst.GenDecl).Specs[0].(*dst.ValueSpec)
					vals[vs.Names[0].Name] = vs.Values[0]
				}
			}
			inner := stmts[0].(*dst.ReturnStmt).Results[0].(*dst.FuncLit).Body.List[0].(*dst.ExprStmt).X.(*dst.CallExpr)
			sub := func(e dst.Expr) dst.Expr {
				if id, ok := e.(*dst.Ident); ok && vals[id.Name] != nil {
					return vals[id.Name]
				}
				return e
			}
			// An argument is a local, a0 == true (a boolean argument
			// evaluated nameless), a shift on a local count, or as written.
			subArg := func(e dst.Expr) dst.Expr {
				if b, ok := e.(*dst.BinaryExpr); ok && b.Op == token.EQL {
					// a0 == true: a boolean argument evaluated nameless.
					id, _ := b.X.(*dst.Ident)
					if t, ok := b.Y.(*dst.Ident); ok && t.Name == "true" && id != nil && vals[id.Name] != nil {
						return vals[id.Name]
					}
				}
				if id, ok := e.(*dst.Ident); ok && vals[id.Name] != nil {
					return vals[id.Name]
				}
				// A shift done in the call: its count was a local.
				return dstutil.Apply(e, nil, func(c *dstutil.Cursor) bool {
					if id, ok := c.Node().(*dst.Ident); ok && vals[id.Name] != nil {
						c.Replace(vals[id.Name])
					}
					return true
				}).(dst.Expr)
			}
			fun := sub(inner.Fun)
			if s, ok := fun.(*dst.SelectorExpr); ok {
				// A hub call undone into a method call on the local
				// that held its receiver (&mu for mu).
				if id, ok := s.X.(*dst.Ident); ok && vals[id.Name] != nil {
					recv := vals[id.Name]
					if u, ok := recv.(*dst.UnaryExpr); ok && u.Op == token.AND {
						recv = u.X
					}
					s.X = parenthesize(recv)
				}
			}
			c := &dst.CallExpr{Fun: fun, Ellipsis: inner.Ellipsis}
			for _, a := range inner.Args {
				c.Args = append(c.Args, subArg(a))
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
	for ; len(stmts) > 1; stmts = stmts[1:] {
		if !spawnLocal(stmts[0]) {
			return false
		}
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

// spawnLocal recognises a statement of the locals of a spawn: f, a0 := ...
// or var a1 T = ....
func spawnLocal(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != len(st.Rhs) {
			return false
		}
		for _, l := range st.Lhs {
			if _, ok := l.(*ast.Ident); !ok {
				return false
			}
		}
		return true
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 || gd.Lparen.IsValid() {
			return false
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		return len(vs.Names) == 1 && vs.Type != nil && len(vs.Values) == 1
	}
	return false
}
