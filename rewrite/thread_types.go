package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
)

// Types written out. Most generated forms need no type: the helpers are
// generic and Go infers their type arguments. Two places do:
//
//	anys <- t                 hub.Send[any](anys, t)        (t a *T: not the element type, only assignable)
//	go f(1 << n)              var a0 int64 = 1 << n          (an untyped, non-constant argument)
//
// The type is written as the file would write it, through its own imports,
// and checked in the scope of the statement: a type the file cannot name
// (an unexported type of another package, a package it does not import)
// leaves the construct as it is, with a diagnostic.

// typeExpr returns t written as the file at pos names it, or "" when the
// file cannot name it there.
func (p *codePass) typeExpr(t types.Type, pos token.Pos) string {
	if p.sf.pkg == nil || p.sf.pkg.Types == nil {
		return ""
	}
	self := p.sf.pkg.Types
	ok := true
	s := types.TypeString(t, func(pkg *types.Package) string {
		if pkg == self {
			return ""
		}
		for _, spec := range p.sf.f.Imports {
			if importPath(spec) != pkg.Path() {
				continue
			}
			if spec.Name == nil {
				return pkg.Name()
			}
			if spec.Name.Name == "_" {
				continue
			}
			if spec.Name.Name == "." {
				return ""
			}
			return spec.Name.Name
		}
		ok = false
		return pkg.Name()
	})
	if !ok {
		return ""
	}
	// The string must mean t where it is written: no local type shadows a
	// name in it, every type in it is exported or the file's own.
	e, err := parser.ParseExpr(s)
	if err != nil {
		return ""
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if err := types.CheckExpr(p.sf.fset, self, pos, e, info); err != nil {
		return ""
	}
	if tv := info.Types[e]; !tv.IsType() || !types.Identical(tv.Type, t) {
		return ""
	}
	return s
}

// dstType returns the dst form of a type expression typeExpr gave.
func dstType(s string) dst.Expr {
	fset := token.NewFileSet()
	e, err := parser.ParseExprFrom(fset, "", s, 0)
	if err != nil {
		panic("greenify: a checked type does not parse: " + s)
	}
	d, err := decorator.NewDecorator(fset).DecorateNode(e)
	if err != nil {
		panic("greenify: " + err.Error())
	}
	return d.(dst.Expr)
}

// untypedType returns e's type standing alone when it is untyped (a
// constant, or a shifted or boolean value that takes its type from where
// it goes), else nil.
func (p *codePass) untypedType(e ast.Expr) types.Type {
	if p.sf.pkg == nil || p.sf.pkg.Types == nil {
		return nil
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	if err := types.CheckExpr(p.sf.fset, p.sf.pkg.Types, e.Pos(), e, info); err != nil {
		return nil
	}
	if b, ok := info.Types[e].Type.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return b
	}
	return nil
}

// sendType returns the type argument a send of v on ch needs written out:
// "" when Go infers it (v has the element's own type, or is nil or an
// untyped constant). ok is false when it is needed and the file cannot
// name it.
func (p *codePass) sendType(ch, v ast.Expr, pos token.Pos) (targ string, ok bool) {
	c, isChan := types.Unalias(p.info.TypeOf(ch)).Underlying().(*types.Chan)
	tv, known := p.info.Types[v]
	if !isChan || !known || tv.IsNil() || types.Identical(c.Elem(), tv.Type) {
		return "", true
	}
	if tv.Value != nil && p.untypedType(v) != nil {
		return "", true
	}
	targ = p.typeExpr(c.Elem(), pos)
	return targ, targ != ""
}

// hubCallT builds hub.name[targ](args...), or hub.name(args...) when targ
// is "".
func (x *codeCtx) hubCallT(name, targ string, args ...dst.Expr) *dst.CallExpr {
	c := x.hubCall(name, args...)
	if targ != "" {
		c.Fun = &dst.IndexExpr{X: c.Fun, Index: dstType(targ)}
	}
	return c
}
