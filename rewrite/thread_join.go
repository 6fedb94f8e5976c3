package rewrite

import (
	"go/ast"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/dst"
)

// main and test bodies join the hub. Eventlet's main greenlet takes turns
// with the others; in Go the body of main — and of each test, benchmark
// and example — runs on its own goroutine, which becomes a green thread
// for the call:
//
//	func main() {           func main() {
//		serve()                 hub.Run(func() {
//	}                                   serve()
//	                                })
//	                        }
//
// hub.Run joins the hub on the caller's goroutine and leaves it when the
// function returns, panics or calls runtime.Goexit, so t.FailNow, os.Exit
// and "the program ends when main returns" keep their meaning. Package
// initialization, TestMain and fuzz targets stay outside the hub: a fuzz
// target's body only registers the fuzz function and waits.

// joins reports whether fd is a function whose body joins the hub.
func (p *codePass) joins(fd *ast.FuncDecl) bool {
	if fd.Recv != nil || fd.Body == nil || fd.Type.TypeParams != nil || fd.Type.Results.NumFields() != 0 {
		return false
	}
	params := fd.Type.Params.List
	name := fd.Name.Name
	if name == "main" {
		return p.sf.f.Name.Name == "main" && len(params) == 0
	}
	if !strings.HasSuffix(p.sf.path, "_test.go") {
		return false
	}
	switch {
	case testName(name, "Example"):
		return len(params) == 0
	case testName(name, "Test"):
		return len(params) == 1 && len(params[0].Names) <= 1 && p.isTestingPtr(params[0].Type, "T")
	case testName(name, "Benchmark"):
		return len(params) == 1 && len(params[0].Names) <= 1 && p.isTestingPtr(params[0].Type, "B")
	}
	return false
}

// testName reports whether name is prefix followed by nothing or by a
// non-lower-case letter, as go test requires.
func testName(name, prefix string) bool {
	rest, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return !unicode.IsLower(r)
}

func (p *codePass) isTestingPtr(e ast.Expr, typ string) bool {
	n := namedOf(p.info.TypeOf(e))
	_, ptr := types.Unalias(p.info.TypeOf(e)).(*types.Pointer)
	return ptr && n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == typ
}

// joined returns the literal of a body that is hub.Run(func() { ... }).
func (p *codePass) joined(fd *ast.FuncDecl) *ast.FuncLit {
	if len(fd.Body.List) != 1 {
		return nil
	}
	es, ok := fd.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || p.hubFunc(call) != "Run" || len(call.Args) != 1 {
		return nil
	}
	lit, ok := call.Args[0].(*ast.FuncLit)
	if !ok || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 {
		return nil
	}
	return lit
}

func (p *codePass) joinForward(fd *ast.FuncDecl) {
	if !p.joins(fd) || len(fd.Body.List) == 0 || p.joined(fd) != nil {
		return
	}
	p.add(fd, &codeEdit{hub: 1, apply: func(x *codeCtx) dst.Node {
		f := x.node.(*dst.FuncDecl)
		lit := &dst.FuncLit{Type: &dst.FuncType{Func: true, Params: &dst.FieldList{}},
			Body: &dst.BlockStmt{List: f.Body.List}}
		lit.Body.Decs = f.Body.Decs
		f.Body.Decs = dst.BlockStmtDecorations{}
		es := &dst.ExprStmt{X: x.hubCall("Run", lit)}
		es.Decs.Before, es.Decs.After = dst.NewLine, dst.NewLine
		f.Body.List = []dst.Stmt{es}
		return f
	}})
}

func (p *codePass) joinUndo(fd *ast.FuncDecl) {
	if !p.joins(fd) || p.joined(fd) == nil {
		return
	}
	p.add(fd, &codeEdit{hub: -1, apply: func(x *codeCtx) dst.Node {
		f := x.node.(*dst.FuncDecl)
		lit := f.Body.List[0].(*dst.ExprStmt).X.(*dst.CallExpr).Args[0].(*dst.FuncLit)
		f.Body.List = lit.Body.List
		f.Body.Decs = lit.Body.Decs
		return f
	}})
}
