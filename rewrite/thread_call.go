package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
)

// Calls that block or spawn:
//
//	mu.Lock()                   hub.Lock(&mu)          (sync.Mutex, sync.RWMutex; promoted too)
//	l.Lock(), c.L.Lock()        hub.LockAny(l)         (a sync.Locker interface value)
//	g.Lock()                    hub.LockAny(&g)        (a struct embedding a sync.Locker)
//	rw.RLock()                  hub.RLock(&rw)
//	wg.Wait(), c.Wait()         hub.Wait(&wg)          (sync.WaitGroup, sync.Cond)
//	once.Do(f)                  hub.Do(&once, f)
//	wg.Go(f)                    hub.GoGroup(&wg, f)
//	sync.OnceFunc(f)            hub.OnceFunc(f)        (OnceValue, OnceValues too)
//	runtime.Gosched()           hub.Yield()
//	time.AfterFunc(d, f)        time.AfterFunc(d, hub.GoFunc(f))   (context.AfterFunc too)
//	t.Run(name, f)              hub.Sub(t, name, f)    (*testing.T, *testing.B)
//	t.Parallel()                hub.Parallel(t)
//	time.Sleep(d)               hub.Sleep(d)           (the time set)
//	f := mu.Lock                f := hub.Releasing(mu.Lock)   (a blocking method as a value)
//	f := once.Do                f := func() func(func()) { a0 := &once; return func(f func()) { hub.Do(a0, f) } }()   (wg.Go too)
//	go mu.Lock()                hub.Go(func() func() { a0 := &mu; return func() { hub.Lock(a0) } }())
//
// The receiver is passed as is when it is a pointer (or its value has the
// methods), else by address — it is addressable, or the call would not
// compile. The undo drops the & again. A sync.Locker interface value may
// hold anything with a Lock method: hub.LockAny takes the TryLock path when
// its dynamic value has one and otherwise locks with the hub given up; a
// struct that embeds a Locker is passed by address, as a sync.Locker
// itself (one that is not addressable, or has a TryLock that LockAny would
// take for the Locker's, stays as it is). A blocking method used as a
// value (not called: f := mu.Lock, a callback argument) is wrapped whole
// by hub.Releasing, which keeps Go's evaluation of the receiver where the
// value is made; Once.Do and WaitGroup.Go as values take a function, so
// they become a literal of their type that calls the hub function on the
// receiver, evaluated where the value is made. A go statement calling one of the methods above spawns
// the hub call, its receiver evaluated at once as Go evaluates it.

// blockingValues are the sync methods whose method values Releasing wraps:
// those of type func() that block.
var blockingValues = []struct{ typ, method string }{
	{"Mutex", "Lock"}, {"RWMutex", "Lock"}, {"RWMutex", "RLock"},
	{"WaitGroup", "Wait"}, {"Cond", "Wait"}, {"Locker", "Lock"},
}

// recvMethods lists the sync and testing methods rewritten, by the hub
// function that replaces them.
var recvMethods = []struct {
	path, typ, method, hub string
}{
	{"sync", "Mutex", "Lock", "Lock"},
	{"sync", "RWMutex", "Lock", "Lock"},
	{"sync", "RWMutex", "RLock", "RLock"},
	{"sync", "WaitGroup", "Wait", "Wait"},
	{"sync", "Cond", "Wait", "Wait"},
	{"sync", "Locker", "Lock", "LockAny"},
	{"sync", "Once", "Do", "Do"},
	{"sync", "WaitGroup", "Go", "GoGroup"},
	{"testing", "T", "Run", "Sub"},
	{"testing", "B", "Run", "Sub"},
	{"testing", "T", "Parallel", "Parallel"},
}

// partners are the methods the hub function also calls on the receiver:
// they must be the standard ones too.
var partners = map[string]string{"Lock": "TryLock", "RLock": "TryRLock"}

// pkgFuncs lists the package-level functions replaced by hub functions.
var pkgFuncs = []struct {
	set, path, name, hub string
}{
	{"thread", "sync", "OnceFunc", "OnceFunc"},
	{"thread", "sync", "OnceValue", "OnceValue"},
	{"thread", "sync", "OnceValues", "OnceValues"},
	{"thread", "runtime", "Gosched", "Yield"},
	{"time", "time", "Sleep", "Sleep"},
}

func (p *codePass) callForward(call *ast.CallExpr) {
	if p.seen[call] {
		return // planned with its go statement
	}
	p.seen[call] = true
	fn := calledFunc(p.info, call)
	if fn == nil {
		return
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel == nil {
		return // dot imports and method values called indirectly stay
	}
	if s, ok := p.info.Selections[sel]; ok && s.Kind() == types.MethodVal && p.sets[threadSet.Name] {
		for _, m := range recvMethods {
			if isMethod(fn, m.path, m.typ, m.method) {
				p.methodForward(call, sel, m.hub)
				return
			}
		}
		return
	}
	if _, isPkg := p.info.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
		return
	}
	for _, f := range pkgFuncs {
		if p.sets[f.set] && isFunc(fn, f.path, f.name) {
			hubName := f.hub
			p.add(call, &codeEdit{hub: 1, std: map[string]int{f.path: -1}, apply: func(x *codeCtx) dst.Node {
				c := x.node.(*dst.CallExpr)
				old := c.Fun
				c.Fun = &dst.SelectorExpr{X: dst.NewIdent(x.hub), Sel: dst.NewIdent(hubName)}
				moveDecs(old, c.Fun)
				return c
			}})
			return
		}
	}
	if p.sets[threadSet.Name] && (isFunc(fn, "time", "AfterFunc") || isFunc(fn, "context", "AfterFunc")) && len(call.Args) == 2 {
		if inner, ok := ast.Unparen(call.Args[1]).(*ast.CallExpr); ok && p.hubFunc(inner) == "GoFunc" {
			return
		}
		p.add(call, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
			c := x.node.(*dst.CallExpr)
			f := c.Args[1]
			wrap := x.hubCall("GoFunc", f)
			moveDecs(f, wrap)
			c.Args[1] = wrap
			return c
		}})
	}
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// methodForward plans x.M(args) → hub.F(x or &x, args).
func (p *codePass) methodForward(call *ast.CallExpr, sel *ast.SelectorExpr, hubFn string) {
	t := p.info.TypeOf(sel.X)
	if t == nil {
		return
	}
	_, iface := types.Unalias(t).Underlying().(*types.Interface)
	if hubFn == "LockAny" && !iface && !p.embeddedLocker(call, sel, t) {
		return
	}
	if partner := partners[hubFn]; partner != "" {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, partner)
		if f, ok := obj.(*types.Func); !ok || f.Pkg() == nil || f.Pkg().Path() != "sync" {
			p.diag(call.Pos(), "%s: %s is not sync's own: left as it is", exprString(sel), partner)
			return
		}
	}
	byAddr := true
	if _, ptr := types.Unalias(t).Underlying().(*types.Pointer); ptr || iface {
		byAddr = false
	} else if hubFn != "LockAny" && types.NewMethodSet(t).Lookup(nil, sel.Sel.Name) != nil {
		byAddr = false
	}
	p.add(call, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		c := x.node.(*dst.CallExpr)
		s := c.Fun.(*dst.SelectorExpr)
		recv := s.X
		if byAddr {
			recv = &dst.UnaryExpr{Op: token.AND, X: recv}
		}
		nc := x.hubCall(hubFn, append([]dst.Expr{recv}, c.Args...)...)
		nc.Ellipsis = c.Ellipsis
		moveDecs(c, nc)
		return nc
	}})
}

// embeddedLocker reports whether x.Lock(), where x's type (a struct,
// or a pointer to one) has Lock through an embedded sync.Locker, can be
// hub.LockAny(&x): x a pointer or addressable, so that the struct is not
// copied, and no TryLock anywhere in the type, which LockAny would take
// for the Locker's own.
func (p *codePass) embeddedLocker(call *ast.CallExpr, sel *ast.SelectorExpr, t types.Type) bool {
	if obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "TryLock"); obj != nil {
		p.diag(call.Pos(), "%s: its type has a TryLock of its own: left as it is", exprString(sel))
		return false
	}
	if _, ptr := types.Unalias(t).Underlying().(*types.Pointer); !ptr && !p.info.Types[sel.X].Addressable() {
		p.diag(call.Pos(), "%s: the struct is not addressable, and passing it would copy it: left as it is", exprString(sel))
		return false
	}
	return true
}

func exprString(e ast.Expr) string { return types.ExprString(e) }

// callUndo inverts the calls above and the receives of thread_chan.go.
func (p *codePass) callUndo(call *ast.CallExpr) {
	name := p.hubFunc(call)
	if name == "" {
		return
	}
	thread := p.sets[threadSet.Name]
	switch name {
	case "Recv", "Recv2":
		if thread {
			p.recvUndo(call)
		}
		return
	}
	for _, f := range pkgFuncs {
		if f.hub == name && p.sets[f.set] && len(pkgFuncName(call)) > 0 {
			path, stdName := f.path, f.name
			p.add(call, &codeEdit{hub: -1, std: map[string]int{path: 1}, apply: func(x *codeCtx) dst.Node {
				c := x.node.(*dst.CallExpr)
				old := c.Fun
				c.Fun = x.stdSel(path, stdName)
				moveDecs(old, c.Fun)
				return c
			}})
			return
		}
	}
	if !thread {
		return
	}
	if name == "GoFunc" {
		return
	}
	if name == "Releasing" {
		if len(call.Args) == 1 {
			p.add(call, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
				c := x.node.(*dst.CallExpr)
				f := c.Args[0]
				moveDecs(c, f)
				return f
			}})
		}
		return
	}
	for _, m := range recvMethods {
		if m.hub != name || len(call.Args) < 1 {
			continue
		}
		method := m.method
		if name == "Sub" {
			method = "Run"
		}
		p.add(call, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
			c := x.node.(*dst.CallExpr)
			recv := c.Args[0]
			if u, ok := recv.(*dst.UnaryExpr); ok && u.Op == token.AND {
				recv = u.X
			}
			nc := &dst.CallExpr{Fun: &dst.SelectorExpr{X: parenthesize(recv), Sel: dst.NewIdent(method)}, Args: c.Args[1:], Ellipsis: c.Ellipsis}
			moveDecs(c, nc)
			return nc
		}})
		return
	}
}

// pkgFuncName is the selector name of call's function when it is
// pkg.Name, else "".
func pkgFuncName(call *ast.CallExpr) string {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// afterFuncUndo drops hub.GoFunc around the callback of time.AfterFunc and
// context.AfterFunc.
func (p *codePass) afterFuncUndo(call *ast.CallExpr) {
	fn := calledFunc(p.info, call)
	if !(isFunc(fn, "time", "AfterFunc") || isFunc(fn, "context", "AfterFunc")) || len(call.Args) != 2 {
		return
	}
	inner, ok := call.Args[1].(*ast.CallExpr)
	if !ok || p.hubFunc(inner) != "GoFunc" || len(inner.Args) != 1 {
		return
	}
	p.add(inner, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		c := x.node.(*dst.CallExpr)
		f := c.Args[0]
		moveDecs(c, f)
		return f
	}})
}

// methodValueForward wraps a blocking sync method used as a value, not
// called: f := mu.Lock → f := hub.Releasing(mu.Lock); and makes the method
// values of Once.Do and WaitGroup.Go call their hub functions (see
// funcArgValueForward).
func (p *codePass) methodValueForward(sel *ast.SelectorExpr) {
	s, ok := p.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return
	}
	fn, _ := s.Obj().(*types.Func)
	for _, m := range funcArgValues {
		if isMethod(fn, "sync", m.typ, m.method) {
			p.funcArgValueForward(sel, m.hub)
			return
		}
	}
	for _, m := range blockingValues {
		if isMethod(fn, "sync", m.typ, m.method) {
			p.add(sel, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
				v := x.node.(dst.Expr)
				call := x.hubCall("Releasing", v)
				moveDecs(v, call)
				return call
			}})
			return
		}
	}
}

// funcArgValues are the sync methods of type func(func()) whose method
// values call their hub functions: Releasing cannot wrap them (it takes a
// func()), and wrapping would not be enough anyway — a green caller of
// Once.Do must wait for a first call that gives the hub up, and
// WaitGroup.Go must spawn green.
var funcArgValues = []struct{ typ, method, hub string }{
	{"Once", "Do", "Do"}, {"WaitGroup", "Go", "GoGroup"},
}

// funcArgValueForward turns the method value once.Do (or wg.Go) into a
// function of the same type that calls the hub function on the receiver,
// evaluated at once as Go evaluates a method value's receiver:
//
//	f := once.Do     f := func() func(func()) { a0 := &once; return func(f func()) { hub.Do(a0, f) } }()
//	run(wg.Go)       run(func() func(func()) { a0 := &wg; return func(f func()) { hub.GoGroup(a0, f) } }())
//
// The receiver is passed by address unless it is a pointer, as for a call.
func (p *codePass) funcArgValueForward(sel *ast.SelectorExpr, hubFn string) {
	t := p.info.TypeOf(sel.X)
	if t == nil {
		return
	}
	_, byPtr := types.Unalias(t).Underlying().(*types.Pointer)
	byAddr := !byPtr && types.NewMethodSet(t).Lookup(nil, sel.Sel.Name) == nil
	p.add(sel, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		s := x.node.(*dst.SelectorExpr)
		recv := s.X
		recv.Decorations().Before, recv.Decorations().After = dst.None, dst.None
		if byAddr {
			recv = &dst.UnaryExpr{Op: token.AND, X: recv}
		}
		// The file's name for the hub must not be one of the locals.
		prefix := ""
		for x.hub == prefix+"a0" || x.hub == prefix+"f" {
			prefix += "_"
		}
		r, f := prefix+"a0", prefix+"f"
		inner := &dst.FuncLit{
			Type: &dst.FuncType{Func: true, Params: &dst.FieldList{List: []*dst.Field{{
				Names: []*dst.Ident{dst.NewIdent(f)},
				Type:  &dst.FuncType{Func: true, Params: &dst.FieldList{}},
			}}}},
			Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ExprStmt{X: x.hubCall(hubFn, dst.NewIdent(r), dst.NewIdent(f))}}},
		}
		outer := &dst.FuncLit{
			Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}, Results: &dst.FieldList{List: []*dst.Field{{
				Type: &dst.FuncType{Func: true, Params: &dst.FieldList{List: []*dst.Field{{
					Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}},
				}}}},
			}}}},
			Body: &dst.BlockStmt{List: []dst.Stmt{
				&dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(r)}, Tok: token.DEFINE, Rhs: []dst.Expr{recv}},
				&dst.ReturnStmt{Results: []dst.Expr{inner}},
			}},
		}
		call := &dst.CallExpr{Fun: outer}
		moveDecs(s, call)
		return call
	}})
}

// funcArgValueUndo turns the form funcArgValueForward writes back into the
// method value, and reports whether call is one.
func (p *codePass) funcArgValueUndo(call *ast.CallExpr) bool {
	method := p.funcArgValueForm(call)
	if method == "" {
		return false
	}
	p.add(call, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		// Only the receiver is read back: the hub call inside may have
		// been undone already, and goes with the literal.
		outer := x.node.(*dst.CallExpr).Fun.(*dst.FuncLit)
		recv := outer.Body.List[0].(*dst.AssignStmt).Rhs[0]
		if u, ok := recv.(*dst.UnaryExpr); ok && u.Op == token.AND {
			recv = u.X
		}
		sel := &dst.SelectorExpr{X: parenthesize(recv), Sel: dst.NewIdent(method)}
		moveDecs(x.node, sel)
		return sel
	}})
	return true
}

// funcArgValueForm returns the method (Do or Go) when call has the shape
// funcArgValueForward writes, else "":
// func() func(func()) { R := recv; return func(F func()) { hub.Do(R, F) } }().
func (p *codePass) funcArgValueForm(call *ast.CallExpr) string {
	outer, ok := call.Fun.(*ast.FuncLit)
	if !ok || len(call.Args) != 0 || outer.Type.Params.NumFields() != 0 || outer.Type.Results.NumFields() != 1 ||
		!isFuncOfFunc(outer.Type.Results.List[0].Type) || len(outer.Body.List) != 2 {
		return ""
	}
	as, ok := outer.Body.List[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return ""
	}
	r, ok := as.Lhs[0].(*ast.Ident)
	if !ok {
		return ""
	}
	ret, ok := outer.Body.List[1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return ""
	}
	inner, ok := ret.Results[0].(*ast.FuncLit)
	if !ok || inner.Type.Results.NumFields() != 0 || len(inner.Type.Params.List) != 1 ||
		len(inner.Type.Params.List[0].Names) != 1 || !isFuncOfNothing(inner.Type.Params.List[0].Type) || len(inner.Body.List) != 1 {
		return ""
	}
	f := inner.Type.Params.List[0].Names[0]
	es, ok := inner.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return ""
	}
	hc, ok := es.X.(*ast.CallExpr)
	if !ok || len(hc.Args) != 2 || hc.Ellipsis.IsValid() {
		return ""
	}
	a0, ok1 := hc.Args[0].(*ast.Ident)
	a1, ok2 := hc.Args[1].(*ast.Ident)
	if !ok1 || !ok2 || a0.Name != r.Name || a1.Name != f.Name {
		return ""
	}
	name := p.hubFunc(hc)
	for _, m := range funcArgValues {
		if m.hub == name {
			return m.method
		}
	}
	return ""
}

// isFuncOfNothing reports whether e is the type func().
func isFuncOfNothing(e ast.Expr) bool {
	ft, ok := e.(*ast.FuncType)
	return ok && ft.Params.NumFields() == 0 && ft.Results.NumFields() == 0 && ft.TypeParams == nil
}

// isFuncOfFunc reports whether e is the type func(func()).
func isFuncOfFunc(e ast.Expr) bool {
	ft, ok := e.(*ast.FuncType)
	return ok && ft.Results.NumFields() == 0 && len(ft.Params.List) == 1 && len(ft.Params.List[0].Names) == 0 &&
		isFuncOfNothing(ft.Params.List[0].Type)
}
