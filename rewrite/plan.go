package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"golang.org/x/tools/go/packages"
)

// A srcFile is one Go file of the main module as loaded.
type srcFile struct {
	path string
	src  []byte
	mode os.FileMode
	f    *ast.File
	fset *token.FileSet
	info *types.Info // nil for the original of a cgo file: its types belong to cgo's output
	pkg  *packages.Package
	ig   *ignores
	skip string // why it is left alone by default, or ""
	cgo  bool
}

func (sf *srcFile) position(p token.Pos) Position { return Position(sf.fset.Position(p)) }

// collectFiles lists the Go files of the roots that live in the main
// module, once each (test variants repeat their package's files).
func collectFiles(cfg *Config, pkgs []*packages.Package, fset *token.FileSet, modDir string) (map[string]*srcFile, error) {
	files := map[string]*srcFile{}
	add := func(p *packages.Package, path string, f *ast.File, info *types.Info, cgo bool) error {
		if _, ok := files[path]; ok {
			return nil
		}
		rel, err := filepath.Rel(modDir, path)
		if err != nil || filepath.IsAbs(rel) || len(rel) > 1 && rel[:2] == ".." {
			return nil // cgo output, test mains: not the user's sources
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		if f == nil {
			if f, err = parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution); err != nil {
				return inputErr("%s", firstLine(err.Error()))
			}
		}
		sf := &srcFile{path: path, src: src, mode: st.Mode().Perm(), f: f, fset: fset, info: info, pkg: p, cgo: cgo}
		sf.skip = skipReason(path, modDir, f, cfg)
		sf.ig = findIgnores(fset, f, src)
		files[path] = sf
		return nil
	}
	for _, p := range pkgs {
		compiled := map[string]bool{}
		for i, f := range p.Syntax {
			name := fset.File(f.Pos()).Name()
			compiled[name] = true
			_ = i
			if err := add(p, name, f, p.TypesInfo, false); err != nil {
				return nil, err
			}
		}
		for _, name := range p.GoFiles {
			if !compiled[name] {
				// A cgo file: the compiler sees cgo's translation of it. We
				// rewrite the original, planning from its syntax alone.
				if err := add(p, name, nil, nil, true); err != nil {
					return nil, err
				}
			}
		}
	}
	return files, nil
}

func importPath(s *ast.ImportSpec) string {
	p, _ := strconv.Unquote(s.Path.Value)
	return p
}

func isStdMarked(s *ast.ImportSpec) bool {
	if s.Comment == nil {
		return false
	}
	for _, c := range s.Comment.List {
		if c.Text == stdMarker {
			return true
		}
	}
	return false
}

// importName is the name the file uses for an import.
func importName(s *ast.ImportSpec, pkgName string) string {
	if s.Name != nil {
		return s.Name.Name
	}
	return pkgName
}

// usesOf returns the selectors x.Sel (or, for a dot import, the idents)
// through which the file refers to the package imported by spec.
func usesOf(sf *srcFile, spec *ast.ImportSpec, pkgName string) (sels []*ast.SelectorExpr, dots []*ast.Ident) {
	var obj types.Object
	if sf.info != nil {
		if spec.Name != nil {
			obj = sf.info.Defs[spec.Name]
		} else {
			obj = sf.info.Implicits[spec]
		}
	}
	name := importName(spec, pkgName)
	path := importPath(spec)
	if name == "." {
		if sf.info == nil {
			return nil, nil
		}
		ast.Inspect(sf.f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					if _, isPkg := sf.info.Uses[id].(*types.PkgName); isPkg {
						return false // qualified: not through the dot import
					}
				}
			}
			if id, ok := n.(*ast.Ident); ok {
				if o := sf.info.Uses[id]; o != nil && o.Pkg() != nil && o.Pkg().Path() == path && o.Parent() == o.Pkg().Scope() {
					dots = append(dots, id)
				}
			}
			return true
		})
		return nil, dots
	}
	ast.Inspect(sf.f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		if obj != nil && sf.info.Uses[id] == obj || obj == nil && id.Name == name {
			sels = append(sels, sel)
		}
		return true
	})
	return sels, nil
}

// identInFile reports whether name is declared or used anywhere in the
// file or its package scope: a second import under that name could clash.
func identInFile(sf *srcFile, name string) bool {
	found := false
	ast.Inspect(sf.f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	if !found && sf.pkg != nil && sf.pkg.Types != nil && sf.pkg.Types.Scope().Lookup(name) != nil {
		found = true
	}
	return found
}

// planForward plans the import rewrites of one file. keep names the sets
// this file stays standard for (refused crossings from an earlier round).
func planForward(sf *srcFile, t *table, keep map[string]bool) (edits []edit, diags []Diagnostic) {
	if sf.skip != "" || sf.ig.file {
		return nil, nil
	}
	defer func() {
		ce, cd := planCode(sf, t, keep, false)
		edits, diags = append(edits, ce...), append(diags, cd...)
	}()
	imported := map[string]bool{}
	for _, s := range sf.f.Imports {
		imported[importPath(s)] = true
	}
	for _, spec := range sf.f.Imports {
		m := t.byStd[importPath(spec)]
		if m == nil || isStdMarked(spec) || keep[m.set.Name] || sf.ig.covers(spec) {
			continue
		}
		name := importName(spec, m.Name)
		if name == "_" {
			continue // a blank import wants the standard package's init; green has nothing to add
		}
		pos := sf.position(spec.Pos())
		if len(m.Idents) > 0 {
			e, dg := planClaim(sf, spec, m, name, imported)
			edits, diags = append(edits, e...), append(diags, dg...)
			continue
		}
		if imported[m.Green] {
			diags = append(diags, Diagnostic{pos, fmt.Sprintf("file imports both %q and %q: left standard", m.Std, m.Green)})
			continue
		}
		sels, dots := usesOf(sf, spec, m.Name)
		var std []*ast.SelectorExpr
		green := len(dots)
		for _, sel := range sels {
			if sf.ig.covers(sel) || m.keeps(sel.Sel.Name) {
				std = append(std, sel)
			} else {
				green++
			}
		}
		for _, id := range dots {
			if sf.ig.covers(id) || m.keeps(id.Name) {
				diags = append(diags, Diagnostic{sf.position(id.Pos()), fmt.Sprintf("%s must stay standard but %q is dot-imported: file left standard", id.Name, m.Std)})
				green = 0
				break
			}
		}
		if green == 0 {
			continue
		}
		alias := m.stdAlias()
		if len(std) > 0 && identInFile(sf, alias) {
			diags = append(diags, Diagnostic{pos, fmt.Sprintf("%s.%s must stay standard but the name %s is taken: %q left standard", name, std[0].Sel.Name, alias, m.Std)})
			continue
		}
		newName := ""
		if spec.Name == nil && lastElem(m.Green) != m.Name {
			newName = m.Name
		}
		edits = append(edits, edit{kind: eSetPath, node: spec, path: m.Green, name: newName,
			report: Edit{Pos: pos, Kind: "import", Old: strconv.Quote(m.Std), New: strconv.Quote(m.Green)}})
		if len(std) > 0 {
			edits = append(edits, edit{kind: eAddStdImport, node: spec, name: alias, path: m.Std,
				report: Edit{Pos: pos, Kind: "std-import", New: alias + " " + strconv.Quote(m.Std)}})
			for _, sel := range std {
				edits = append(edits, edit{kind: eRename, node: sel.X, name: alias,
					report: Edit{Pos: sf.position(sel.Pos()), Kind: "requalify", Old: name + "." + sel.Sel.Name, New: alias + "." + sel.Sel.Name}})
			}
		}
	}
	return edits, diags
}

// planClaim plans a claim on some identifiers of a standard package that
// no selected set rewrites whole: the uses of those identifiers move to the
// green package — the import itself when nothing else of the package is
// used (under its old name), else a second import beside it.
func planClaim(sf *srcFile, spec *ast.ImportSpec, m *mapping, name string, imported map[string]bool) (edits []edit, diags []Diagnostic) {
	sels, dots := usesOf(sf, spec, m.Name)
	if len(dots) > 0 || imported[m.Green] {
		return nil, nil // a dot import, or already done: left as it is
	}
	var claimed []*ast.SelectorExpr
	for _, sel := range sels {
		if m.claims(sel.Sel.Name) && !sf.ig.covers(sel) {
			claimed = append(claimed, sel)
		}
	}
	if len(claimed) == 0 {
		return nil, nil
	}
	pos := sf.position(spec.Pos())
	if len(claimed) == len(sels) {
		newName := ""
		if spec.Name == nil {
			newName = m.Name
		}
		return []edit{{kind: eSetPath, node: spec, path: m.Green, name: newName,
			report: Edit{Pos: pos, Kind: "import", Old: strconv.Quote(m.Std), New: strconv.Quote(m.Green)}}}, nil
	}
	gname := lastElem(m.Green)
	if identInFile(sf, gname) {
		return nil, []Diagnostic{{pos, fmt.Sprintf("%s.%s would move to %q but the name %s is taken: left standard", name, claimed[0].Sel.Name, m.Green, gname)}}
	}
	edits = append(edits, edit{kind: eAddImport, node: spec, path: m.Green,
		report: Edit{Pos: pos, Kind: "import", New: strconv.Quote(m.Green)}})
	for _, sel := range claimed {
		edits = append(edits, edit{kind: eRename, node: sel.X, name: gname,
			report: Edit{Pos: sf.position(sel.Pos()), Kind: "requalify", Old: name + "." + sel.Sel.Name, New: gname + "." + sel.Sel.Name}})
	}
	return edits, nil
}

// undoClaim plans the inverse of planClaim for spec, an import of a claim's
// green package beside an import of its standard one (std).
func undoClaim(sf *srcFile, spec, std *ast.ImportSpec, m *mapping) []edit {
	gname := importName(spec, lastElem(m.Green))
	name := importName(std, m.Name)
	sels, _ := usesOf(sf, spec, lastElem(m.Green))
	var edits []edit
	for _, sel := range sels {
		edits = append(edits, edit{kind: eRename, node: sel.X, name: name,
			report: Edit{Pos: sf.position(sel.Pos()), Kind: "requalify", Old: gname + "." + sel.Sel.Name, New: name + "." + sel.Sel.Name}})
	}
	return append(edits, edit{kind: eRemoveSpec, node: spec,
		report: Edit{Pos: sf.position(spec.Pos()), Kind: "remove-import", Old: strconv.Quote(m.Green)}})
}

// planUndo plans the inverse of every edit greenify makes, from the
// canonical forms: green import paths of the selected sets, second imports
// marked //greenify:std, x.Std() on green types, FromStdT(x) calls.
func planUndo(sf *srcFile, t *table) (edits []edit, diags []Diagnostic) {
	if sf.skip != "" || sf.ig.file {
		return nil, nil
	}
	defer func() {
		ce, cd := planCode(sf, t, nil, true)
		edits, diags = append(edits, ce...), append(diags, cd...)
	}()
	marked := map[string]*ast.ImportSpec{}
	plain := map[string]*ast.ImportSpec{}
	for _, spec := range sf.f.Imports {
		if isStdMarked(spec) {
			marked[importPath(spec)] = spec
		} else {
			plain[importPath(spec)] = spec
		}
	}
	for _, spec := range sf.f.Imports {
		m := t.byGreen[importPath(spec)]
		if m == nil || sf.ig.covers(spec) {
			continue
		}
		if std := plain[m.Std]; len(m.Idents) > 0 && std != nil {
			edits = append(edits, undoClaim(sf, spec, std, m)...)
			continue
		}
		name := importName(spec, m.Name)
		if name == "_" {
			continue
		}
		newName := ""
		if spec.Name != nil && spec.Name.Name == m.Name && lastElem(m.Green) != m.Name {
			newName = "-"
		}
		pos := sf.position(spec.Pos())
		edits = append(edits, edit{kind: eSetPath, node: spec, path: m.Std, name: newName,
			report: Edit{Pos: pos, Kind: "import", Old: strconv.Quote(m.Green), New: strconv.Quote(m.Std)}})
		if second := marked[m.Std]; second != nil {
			sels, _ := usesOf(sf, second, m.Name)
			for _, sel := range sels {
				edits = append(edits, edit{kind: eRename, node: sel.X, name: name,
					report: Edit{Pos: sf.position(sel.Pos()), Kind: "requalify", Old: importName(second, "") + "." + sel.Sel.Name, New: name + "." + sel.Sel.Name}})
			}
			edits = append(edits, edit{kind: eRemoveSpec, node: second,
				report: Edit{Pos: sf.position(second.Pos()), Kind: "remove-import", Old: importName(second, "") + " " + strconv.Quote(m.Std)}})
		}
	}
	if sf.info == nil {
		return edits, diags
	}
	ast.Inspect(sf.f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		fn, ok := sf.info.Uses[sel.Sel].(*types.Func)
		if !ok || fn.Pkg() == nil {
			return true
		}
		m := t.byGreen[fn.Pkg().Path()]
		if m == nil {
			return true
		}
		sig := fn.Type().(*types.Signature)
		if recv := sig.Recv(); recv != nil && len(call.Args) == 0 {
			// x.Std() on a green type
			if named := namedOf(recv.Type()); named != nil {
				if gt, ok := m.types[named.Obj().Name()]; ok && gt.ToStd == fn.Name() {
					edits = append(edits, edit{kind: eUnwrap, node: call, inner: sel.X,
						report: Edit{Pos: sf.position(call.Pos()), Kind: "unwrap", Old: "." + fn.Name() + "()"}})
				}
			}
			return true
		}
		if sig.Recv() == nil && len(call.Args) == 1 && call.Ellipsis == token.NoPos {
			for _, gt := range m.types {
				if gt.FromStd == fn.Name() {
					edits = append(edits, edit{kind: eUnwrap, node: call, inner: call.Args[0],
						report: Edit{Pos: sf.position(call.Pos()), Kind: "unwrap", Old: fn.Name() + "(…)"}})
				}
			}
		}
		return true
	})
	return edits, diags
}

// namedOf returns the named type of T or *T.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func sortEdits(es []Edit) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Pos.Line != es[j].Pos.Line {
			return es[i].Pos.Line < es[j].Pos.Line
		}
		return es[i].Pos.Column < es[j].Pos.Column
	})
}
