package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
)

// Channel operations outside select:
//
//	ch <- v              hub.Send(ch, v)
//	anys <- t            hub.Send[any](anys, t)   (t not of the element type: see thread_types.go)
//	<-ch                 hub.Recv(ch)
//	v, ok := <-ch        v, ok := hub.Recv2(ch)
//	for v := range ch    for v := range hub.Range(ch)
//
// Parentheses around a receive stay where they were, so the undo gives
// back the same bytes.

func (p *codePass) sendForward(n *ast.SendStmt) {
	targ, ok := p.sendType(n.Chan, n.Value, n.Pos())
	if !ok {
		p.diag(n.Pos(), "send left as it is (it blocks holding the hub): its element type cannot be named in this file")
		return
	}
	p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		s := x.node.(*dst.SendStmt)
		es := &dst.ExprStmt{X: x.hubCallT("Send", targ, s.Chan, s.Value)}
		es.Decs.NodeDecs = s.Decs.NodeDecs
		return es
	}})
}

func (p *codePass) sendUndo(n *ast.ExprStmt, call *ast.CallExpr) {
	if len(call.Args) != 2 {
		return
	}
	p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		es := x.node.(*dst.ExprStmt)
		c := es.X.(*dst.CallExpr)
		s := &dst.SendStmt{Chan: c.Args[0], Value: c.Args[1]}
		s.Decs.NodeDecs = es.Decs.NodeDecs
		return s
	}})
}

// recv2Forward plans the comma-ok receive of an assignment or declaration.
func (p *codePass) recv2Forward(rhs ast.Expr, handled map[ast.Node]bool) {
	u, ok := ast.Unparen(rhs).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return
	}
	handled[u] = true
	p.recvForward(u, "Recv2")
}

func (p *codePass) recvForward(n *ast.UnaryExpr, fn string) {
	p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		u := x.node.(*dst.UnaryExpr)
		call := x.hubCall(fn, u.X)
		moveDecs(u, call)
		return call
	}})
}

// recvUndo turns hub.Recv(ch) and hub.Recv2(ch) back into <-ch.
func (p *codePass) recvUndo(n *ast.CallExpr) {
	if len(n.Args) != 1 {
		return
	}
	p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		c := x.node.(*dst.CallExpr)
		u := &dst.UnaryExpr{Op: token.ARROW, X: c.Args[0]}
		moveDecs(c, u)
		return u
	}})
}

func (p *codePass) rangeForward(n *ast.RangeStmt) {
	t := p.info.TypeOf(n.X)
	if t == nil {
		return
	}
	if _, ok := t.Underlying().(*types.Chan); !ok {
		return
	}
	p.add(n, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		rs := x.node.(*dst.RangeStmt)
		call := x.hubCall("Range", rs.X)
		moveDecs(rs.X, call)
		rs.X = call
		return rs
	}})
}

func (p *codePass) rangeUndo(n *ast.RangeStmt) {
	call, ok := n.X.(*ast.CallExpr)
	if !ok || p.hubFunc(call) != "Range" || len(call.Args) != 1 {
		return
	}
	p.add(n, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		rs := x.node.(*dst.RangeStmt)
		c := rs.X.(*dst.CallExpr)
		moveDecs(c, c.Args[0])
		rs.X = c.Args[0]
		return rs
	}})
}
