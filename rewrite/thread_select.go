package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"

	"github.com/dave/dst"
)

// select without default. The case operands are evaluated once, in source
// order, into cases built while the green thread holds the hub; Select
// performs one (giving the hub up only if none is ready at once) and the
// original bodies run in a switch on its index:
//
//	select {                        switch c0, c1 := hub.OnRecv(in), hub.OnSend(out, v); hub.Select(c0, c1) {
//	case x, ok := <-in:             case 0:
//		use(x, ok)                      x, ok := c0.Value, c0.OK
//	case out <- v:                      use(x, ok)
//	}                               default:
//	                                }
//
// The last case is the switch's default, so a select that ended a function
// (a terminating statement) still does as a switch. A switch ends on break
// as a select does, a label on the select labels the switch, and each
// clause is a block as each case was; the left-hand side of
// a receive (s.f = <-ch) is assigned in the clause, when the case was
// chosen, as Go does. A parenthesized receive, case (<-ch):, keeps its
// parentheses around its OnRecv, c0 := (hub.OnRecv(ch)), for the undo. select {} blocks forever: hub.Blocking(func() {
// select {} }) does so with the hub given up. A select with a default never
// blocks and stays.

func (p *codePass) selectForward(n *ast.SelectStmt, handled map[ast.Node]bool) {
	if len(n.Body.List) == 0 {
		p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
			s := x.node.(*dst.SelectStmt)
			lit := &dst.FuncLit{Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}},
				Body: &dst.BlockStmt{List: []dst.Stmt{&dst.SelectStmt{Body: s.Body}}}}
			es := &dst.ExprStmt{X: x.hubCall("Blocking", lit)}
			es.Decs.NodeDecs = s.Decs.NodeDecs
			return es
		}})
		return
	}
	// The operations of the cases are the select's: never rewritten on
	// their own, also when a default keeps the select as it is.
	for _, s := range n.Body.List {
		switch comm := s.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			handled[comm] = true
		case *ast.ExprStmt:
			handled[ast.Unparen(comm.X)] = true
		case *ast.AssignStmt:
			handled[comm] = true
			handled[ast.Unparen(comm.Rhs[0])] = true
		}
	}
	targs := make([]string, len(n.Body.List))
	parens := make([]int, len(n.Body.List))
	for i, s := range n.Body.List {
		switch comm := s.(*ast.CommClause).Comm.(type) {
		case nil:
			return // default: it never blocks
		case *ast.SendStmt:
			targ, ok := p.sendType(comm.Chan, comm.Value, comm.Pos())
			if !ok {
				p.diag(n.Pos(), "select left as it is: the element type of a send cannot be named in this file")
				return
			}
			targs[i] = targ
		case *ast.ExprStmt:
			parens[i] = parenDepth(comm.X)
		case *ast.AssignStmt:
			parens[i] = parenDepth(comm.Rhs[0])
		}
	}
	names := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	prefix := "c"
	for clash := true; clash; {
		clash = false
		for i := range n.Body.List {
			if names[prefix+strconv.Itoa(i)] {
				clash, prefix = true, "_"+prefix
				break
			}
		}
	}
	p.add(n, &codeEdit{hub: 1 + len(n.Body.List), apply: func(x *codeCtx) dst.Node {
		sel := x.node.(*dst.SelectStmt)
		init := &dst.AssignStmt{Tok: token.DEFINE}
		tag := x.hubCall("Select")
		sw := &dst.SwitchStmt{Init: init, Tag: tag, Body: &dst.BlockStmt{}}
		for i, s := range sel.Body.List {
			cl := s.(*dst.CommClause)
			name := fmt.Sprintf("%s%d", prefix, i)
			var first dst.Stmt
			var op dst.Expr
			switch comm := cl.Comm.(type) {
			case *dst.SendStmt:
				op = x.hubCallT("OnSend", targs[i], comm.Chan, comm.Value)
			case *dst.ExprStmt:
				op = x.hubCall("OnRecv", dstUnparen(comm.X).(*dst.UnaryExpr).X)
			case *dst.AssignStmt:
				op = x.hubCall("OnRecv", dstUnparen(comm.Rhs[0]).(*dst.UnaryExpr).X)
				rhs := []dst.Expr{&dst.SelectorExpr{X: dst.NewIdent(name), Sel: dst.NewIdent("Value")}}
				if len(comm.Lhs) == 2 {
					rhs = append(rhs, &dst.SelectorExpr{X: dst.NewIdent(name), Sel: dst.NewIdent("OK")})
				}
				first = &dst.AssignStmt{Lhs: comm.Lhs, Tok: comm.Tok, Rhs: rhs}
				first.Decorations().Before, first.Decorations().After = dst.NewLine, dst.NewLine
			}
			for _, a := range op.(*dst.CallExpr).Args {
				a.Decorations().Before, a.Decorations().After = dst.None, dst.None
			}
			for range parens[i] {
				op = &dst.ParenExpr{X: op}
			}
			init.Lhs = append(init.Lhs, dst.NewIdent(name))
			init.Rhs = append(init.Rhs, op)
			tag.Args = append(tag.Args, dst.NewIdent(name))
			cc := &dst.CaseClause{Body: cl.Body}
			if first != nil {
				cc.Body = append([]dst.Stmt{first}, cl.Body...)
			}
			cc.Decs.NodeDecs, cc.Decs.Case, cc.Decs.Colon = cl.Decs.NodeDecs, cl.Decs.Case, cl.Decs.Colon
			if i < len(sel.Body.List)-1 {
				lit := &dst.BasicLit{Kind: token.INT, Value: strconv.Itoa(i)}
				lit.Decs.End = cl.Decs.Comm
				cc.List = []dst.Expr{lit}
			} else {
				cc.Decs.Case = append(cc.Decs.Case, cl.Decs.Comm...)
			}
			sw.Body.List = append(sw.Body.List, cc)
		}
		sw.Decs.NodeDecs, sw.Decs.Switch = sel.Decs.NodeDecs, sel.Decs.Select
		sw.Body.Decs = sel.Body.Decs
		return sw
	}})
}

// parenDepth is how many parentheses enclose e.
func parenDepth(e ast.Expr) int {
	n := 0
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return n
		}
		e, n = p.X, n+1
	}
}

func dstUnparen(e dst.Expr) dst.Expr {
	for {
		p, ok := e.(*dst.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// selectUndo recognises the switch form and gives back the select.
func (p *codePass) selectUndo(n *ast.SwitchStmt) {
	init, ok := n.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != len(init.Rhs) || len(init.Lhs) != len(n.Body.List) {
		return
	}
	tag, ok := n.Tag.(*ast.CallExpr)
	if !ok || p.hubFunc(tag) != "Select" || len(tag.Args) != len(init.Lhs) {
		return
	}
	recv := make([]bool, len(init.Lhs))
	parens := make([]int, len(init.Lhs))
	for i, l := range init.Lhs {
		id, ok := l.(*ast.Ident)
		arg, ok2 := tag.Args[i].(*ast.Ident)
		if !ok || !ok2 || id.Name != arg.Name {
			return
		}
		c, ok := ast.Unparen(init.Rhs[i]).(*ast.CallExpr)
		if !ok {
			return
		}
		parens[i] = parenDepth(init.Rhs[i])
		switch p.hubFunc(c) {
		case "OnRecv":
			recv[i] = true
		case "OnSend":
			if parens[i] > 0 {
				return // not a form greenify writes
			}
		default:
			return
		}
		cc := n.Body.List[i].(*ast.CaseClause)
		if i == len(init.Lhs)-1 {
			if cc.List != nil {
				return
			}
			continue
		}
		if len(cc.List) != 1 {
			return
		}
		if lit, ok := cc.List[0].(*ast.BasicLit); !ok || lit.Value != strconv.Itoa(i) {
			return
		}
	}
	p.add(n, &codeEdit{hub: -(1 + len(init.Lhs)), apply: func(x *codeCtx) dst.Node {
		sw := x.node.(*dst.SwitchStmt)
		in := sw.Init.(*dst.AssignStmt)
		sel := &dst.SelectStmt{Body: &dst.BlockStmt{}}
		for i, s := range sw.Body.List {
			cc := s.(*dst.CaseClause)
			name := in.Lhs[i].(*dst.Ident).Name
			args := dstUnparen(in.Rhs[i]).(*dst.CallExpr).Args
			body := cc.Body
			var comm dst.Stmt
			if !recv[i] {
				comm = &dst.SendStmt{Chan: args[0], Value: args[1]}
			} else {
				var u dst.Expr = &dst.UnaryExpr{Op: token.ARROW, X: args[0]}
				for range parens[i] {
					u = &dst.ParenExpr{X: u}
				}
				comm = &dst.ExprStmt{X: u}
				if len(body) > 0 {
					if as, ok := body[0].(*dst.AssignStmt); ok && isField(as.Rhs[0], name, "Value") {
						comm = &dst.AssignStmt{Lhs: as.Lhs, Tok: as.Tok, Rhs: []dst.Expr{u}}
						body = body[1:]
					}
				}
			}
			cl := &dst.CommClause{Comm: comm, Body: body}
			cl.Decs.NodeDecs, cl.Decs.Case, cl.Decs.Colon = cc.Decs.NodeDecs, cc.Decs.Case, cc.Decs.Colon
			if len(cc.List) > 0 {
				cl.Decs.Comm = cc.List[0].Decorations().End
			}
			sel.Body.List = append(sel.Body.List, cl)
		}
		sel.Decs.NodeDecs, sel.Decs.Select = sw.Decs.NodeDecs, sw.Decs.Switch
		sel.Body.Decs = sw.Body.Decs
		return sel
	}})
}

func isField(e dst.Expr, x, field string) bool {
	s, ok := e.(*dst.SelectorExpr)
	if !ok || s.Sel.Name != field {
		return false
	}
	id, ok := s.X.(*dst.Ident)
	return ok && id.Name == x
}

// emptySelectUndo turns hub.Blocking(func() { select {} }) back into select {}.
func (p *codePass) emptySelectUndo(n *ast.ExprStmt, call *ast.CallExpr) {
	if !isEmptySelectLit(call) {
		return
	}
	p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		es := x.node.(*dst.ExprStmt)
		s := es.X.(*dst.CallExpr).Args[0].(*dst.FuncLit).Body.List[0].(*dst.SelectStmt)
		s.Decs.NodeDecs = es.Decs.NodeDecs
		return s
	}})
}

// isEmptySelectLit reports whether call's one argument is func() { select {} }.
func isEmptySelectLit(call *ast.CallExpr) bool {
	if len(call.Args) != 1 {
		return false
	}
	lit, ok := call.Args[0].(*ast.FuncLit)
	if !ok || lit.Type.Params.NumFields() != 0 || len(lit.Body.List) != 1 {
		return false
	}
	s, ok := lit.Body.List[0].(*ast.SelectStmt)
	return ok && len(s.Body.List) == 0
}
