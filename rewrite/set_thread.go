package rewrite

import (
	"go/ast"
	"go/token"
)

// The thread set: Eventlet's thread patch, done on Go's constructs. go
// statements become green spawns; blocking channel operations, select
// without default and the blocking waits of sync give the hub up while
// they wait (see runtime/hub); main and test bodies join the hub on their
// own goroutine. Values keep their standard types.
var threadSet = &PatchSet{
	Name: "thread",
	Doc:  "go statements, channel operations, select, sync waits, main and tests on the hub",
	Code: true,
}

// The time set: time.Sleep becomes hub.Sleep. Timer and ticker channels
// are channels, covered by the thread set.
var timeSet = &PatchSet{
	Name: "time",
	Doc:  "time.Sleep on the hub",
	Code: true,
}

func init() {
	Register(threadSet)
	Register(timeSet)
}

// planForward finds the constructs of the selected code sets in the file.
func (p *codePass) planForward() {
	thread := p.sets[threadSet.Name]
	handled := map[ast.Node]bool{} // receives planned by their statement
	called := map[ast.Node]bool{}  // functions in call position: not method values
	ast.Inspect(p.sf.f, func(n ast.Node) bool {
		if n == nil || p.skip(n) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if isInit(n) {
				return false
			}
			if thread {
				p.joinForward(n)
			}
		case *ast.GoStmt:
			if thread {
				p.spawnForward(n)
			}
		case *ast.ExprStmt:
			if call, ok := n.X.(*ast.CallExpr); ok && p.hubFunc(call) == "Blocking" && isEmptySelectLit(call) {
				return false // select {} already rewritten
			}
		case *ast.SelectStmt:
			if thread {
				p.selectForward(n, handled)
			}
		case *ast.SendStmt:
			if thread && !handled[n] {
				p.sendForward(n)
			}
		case *ast.AssignStmt:
			if thread && len(n.Lhs) == 2 && len(n.Rhs) == 1 && !handled[n] {
				p.recv2Forward(n.Rhs[0], handled)
			}
		case *ast.ValueSpec:
			if thread && len(n.Names) == 2 && len(n.Values) == 1 {
				p.recv2Forward(n.Values[0], handled)
			}
		case *ast.UnaryExpr:
			if thread && n.Op == token.ARROW && !handled[n] {
				p.recvForward(n, "Recv")
			}
		case *ast.RangeStmt:
			if thread {
				p.rangeForward(n)
			}
		case *ast.CallExpr:
			called[ast.Unparen(n.Fun)] = true
			if p.hubFunc(n) == "Releasing" && len(n.Args) == 1 {
				called[ast.Unparen(n.Args[0])] = true // wrapped already
			}
			p.callForward(n)
		case *ast.SelectorExpr:
			if thread && !called[n] {
				p.methodValueForward(n)
			}
		}
		return true
	})
}

// planUndo finds the canonical forms the code sets generate.
func (p *codePass) planUndo() {
	thread := p.sets[threadSet.Name]
	ast.Inspect(p.sf.f, func(n ast.Node) bool {
		if n == nil || p.skip(n) {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			if isInit(n) {
				return false
			}
			if thread {
				p.joinUndo(n)
			}
		case *ast.ExprStmt:
			if call, ok := n.X.(*ast.CallExpr); ok && thread {
				switch p.hubFunc(call) {
				case "Go":
					p.spawnUndo(n, call)
				case "Send":
					p.sendUndo(n, call)
				case "Blocking":
					p.emptySelectUndo(n, call)
				}
			}
		case *ast.SwitchStmt:
			if thread {
				p.selectUndo(n)
			}
		case *ast.RangeStmt:
			if thread {
				p.rangeUndo(n)
			}
		case *ast.CallExpr:
			if thread && p.funcArgValueUndo(n) {
				return true // the hub call inside goes with the form
			}
			p.callUndo(n)
			if thread {
				p.afterFuncUndo(n)
			}
		}
		return true
	})
}

// isInit reports whether fd is a package init function: initialization
// runs before main joins the hub, so its code stays as written.
func isInit(fd *ast.FuncDecl) bool { return fd.Recv == nil && fd.Name.Name == "init" }
