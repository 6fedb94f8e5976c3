package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"sort"

	"golang.org/x/tools/go/packages"
)

// A PackageInput is one package as a compiler sees it: its import path, the
// Go files of one compile action and an importer that finds every package
// they import, and every green package of the selected sets, from export
// data. The build mode plans each package of a build this way instead of
// loading the whole program.
type PackageInput struct {
	Path     string
	Files    []string
	Importer types.Importer
	Sizes    types.Sizes // nil: the gc compiler's sizes for amd64
	Sets     []*PatchSet
	// GoVersion is the language version the package compiles at (the
	// compiler's -lang, from its module's go line), e.g. "go1.16": code
	// the sets would write that the version does not allow, such as a
	// call of a generic helper below go1.18, is then found when planning.
	// Empty: the newest.
	GoVersion string
}

// A PackagePlan is the plan for one package: the new source of each file
// that changes, the sets that changed something, and the reason the package
// stays standard when it does.
type PackagePlan struct {
	Files       map[string][]byte // new sources by file name; other files stay as they are
	Sets        []string          // the sets whose imports were rewritten, sorted
	Diagnostics []Diagnostic      // files or imports left standard, with why
	Refused     string            // non-empty: the package compiles unchanged, for this reason
}

// PlanPackage plans one package in process, with the same rules as Plan
// and every selected set, the code sets for every package:
// imports of the selected sets, second imports for identifiers that stay
// standard, //greenify:ignore, and conversions where a green value crosses
// to a standard type or back. A file whose crossing no conversion fixes is
// left on the standard packages of that set. When the rewritten package
// does not type-check, it is refused whole: it must compile as it was.
//
// Generated files are rewritten like any other: nothing is written to the
// user's tree, so there is nothing to regenerate over.
func PlanPackage(in PackageInput) (*PackagePlan, error) {
	t := newTable(in.Sets)
	fset := token.NewFileSet()
	var files []*srcFile
	// The code sets (thread, time) reach any package: a go statement or a
	// channel receive needs no import. Without them, only a package that
	// imports a standard package of the sets has something to change.
	touches := len(t.code) > 0
	for _, name := range in.Files {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return &PackagePlan{Refused: firstLine(err.Error())}, nil
		}
		for _, s := range f.Imports {
			if t.byStd[importPath(s)] != nil {
				touches = true
			}
		}
		files = append(files, &srcFile{path: name, src: src, f: f, fset: fset, ig: findIgnores(fset, f, src)})
	}
	plan := &PackagePlan{Files: map[string][]byte{}}
	if !touches {
		return plan, nil
	}
	tpkg, info, err := checkFiles(in, fset, files)
	if err != nil {
		plan.Refused = "does not type-check as it is: " + firstLine(err.Error())
		return plan, nil
	}
	fake := &packages.Package{PkgPath: in.Path, Types: tpkg, TypesInfo: info}
	for _, sf := range files {
		sf.info, sf.pkg = info, fake
	}
	keep := map[string]map[string]bool{}
	var kept []Diagnostic // why files were kept off a set, from the rounds before
	for round := 0; round < maxRounds; round++ {
		plan = &PackagePlan{Files: map[string][]byte{}, Diagnostics: append([]Diagnostic(nil), kept...)}
		sets := map[string]bool{}
		for _, sf := range files {
			edits, diags := planForward(sf, t, keep[sf.path])
			plan.Diagnostics = append(plan.Diagnostics, diags...)
			if len(edits) == 0 {
				continue
			}
			src, err := render(fset, sf.f, sf.src, edits)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", sf.path, err)
			}
			plan.Files[sf.path] = src
			for _, e := range edits {
				switch e.kind {
				case eSetPath:
					sets[t.byStd[importPath(e.node.(*ast.ImportSpec))].set.Name] = true
				case eCode:
					sets[e.report.Kind] = true // the code set that made it
				}
			}
		}
		if len(plan.Files) == 0 {
			return plan, nil
		}
		before := len(plan.Diagnostics)
		refused, err := convert(in, t, plan, keep)
		if err != nil {
			return nil, err
		}
		if refused {
			kept = append(kept, plan.Diagnostics[before:]...)
			continue
		}
		for s := range sets {
			plan.Sets = append(plan.Sets, s)
		}
		sort.Strings(plan.Sets)
		return plan, nil
	}
	return &PackagePlan{Refused: fmt.Sprintf("the rewrite did not settle after %d rounds", maxRounds)}, nil
}

// checkFiles type-checks the package from its parsed files.
func checkFiles(in PackageInput, fset *token.FileSet, files []*srcFile) (*types.Package, *types.Info, error) {
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	var asts []*ast.File
	for _, sf := range files {
		asts = append(asts, sf.f)
	}
	sizes := in.Sizes
	if sizes == nil {
		sizes = types.SizesFor("gc", "amd64")
	}
	var first error
	conf := &types.Config{Importer: in.Importer, Sizes: sizes, GoVersion: in.GoVersion, Error: func(err error) {
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check(in.Path, fset, asts, info)
	return pkg, info, first
}

// convert type-checks the planned package, inserts the conversions its
// crossings need into plan.Files, and reports whether some file had to be
// kept standard for a set (the caller plans again). A package that still
// does not type-check is refused.
func convert(in PackageInput, t *table, plan *PackagePlan, keep map[string]map[string]bool) (refused bool, err error) {
	for pass := 0; pass < convRounds; pass++ {
		fset := token.NewFileSet()
		var files []*srcFile
		for _, name := range in.Files {
			src, ok := plan.Files[name]
			if !ok {
				if src, err = os.ReadFile(name); err != nil {
					return false, err
				}
			}
			f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return false, fmt.Errorf("%s: planned source does not parse: %v", name, err)
			}
			files = append(files, &srcFile{path: name, src: src, f: f, fset: fset, ig: findIgnores(fset, f, src)})
		}
		tpkg, info, cerr := checkFiles(in, fset, files)
		fake := &packages.Package{PkgPath: in.Path, Types: tpkg, TypesInfo: info}
		convs := map[*srcFile][]edit{}
		for _, sf := range files {
			flowSites(info, sf.f, func(s site) {
				c := findCrossing(t, tpkg, s, info.TypeOf(s.expr))
				if c == nil {
					return
				}
				pos := Position(fset.Position(s.expr.Pos()))
				e := edit{node: s.expr}
				reason := ""
				switch {
				case sf.ig.covers(s.expr):
					reason = "in code marked //greenify:ignore"
				case !c.ok:
					reason = "no conversion gives that type"
				case c.toStd:
					e.kind, e.name = eToStd, c.gt.ToStd
				default:
					name := greenName(fake, sf.f, s.expr.Pos(), c.m.Green)
					if name == "" {
						reason = "the file has no usable import of " + c.m.Green
					}
					e.kind, e.name, e.path = eFromStd, name, c.gt.FromStd
				}
				if reason == "" {
					convs[sf] = append(convs[sf], e)
					return
				}
				if keep[sf.path] == nil {
					keep[sf.path] = map[string]bool{}
				}
				if !keep[sf.path][c.m.set.Name] {
					keep[sf.path][c.m.set.Name] = true
					what := fmt.Sprintf("%s crosses to %s", types.TypeString(info.TypeOf(s.expr), qualifier), types.TypeString(s.want, qualifier))
					plan.Diagnostics = append(plan.Diagnostics, Diagnostic{pos, fmt.Sprintf("%s, %s: file left on the standard packages of the %s set", what, reason, c.m.set.Name)})
				}
				refused = true
			})
		}
		if refused {
			return true, nil
		}
		if len(convs) == 0 {
			if cerr != nil {
				// As in the source mode, a file that the code sets
				// (thread, time) leave uncompilable is planned again
				// without them before the package is refused.
				if te, ok := cerr.(types.Error); ok && keepOffCode(t, keep, te.Fset.Position(te.Pos).Filename) {
					plan.Diagnostics = append(plan.Diagnostics, Diagnostic{originalPos(plan, te.Fset.Position(te.Pos)),
						"rewritten by the code sets, it would not compile (" + firstLine(te.Msg) + "): file left off them"})
					return true, nil
				}
				*plan = PackagePlan{Refused: "rewritten, it would not compile: " + firstLine(cerr.Error())}
			}
			return false, nil
		}
		if pass == convRounds-1 {
			break
		}
		for sf, es := range convs {
			src, err := render(fset, sf.f, sf.src, es)
			if err != nil {
				return false, fmt.Errorf("%s: %v", sf.path, err)
			}
			plan.Files[sf.path] = src
		}
	}
	*plan = PackagePlan{Refused: "conversions still needed after inserting them"}
	return false, nil
}

// keepOffCode marks file to be planned without the selected code sets and
// reports whether that changes anything.
func keepOffCode(t *table, keep map[string]map[string]bool, file string) bool {
	changed := false
	for name := range t.code {
		if keep[file] == nil {
			keep[file] = map[string]bool{}
		}
		if !keep[file][name] {
			keep[file][name], changed = true, true
		}
	}
	return changed
}

// originalPos is pos, found in a planned source, at its line in the
// original file; the column only when the line did not move.
func originalPos(plan *PackagePlan, pos token.Position) Position {
	src, ok := plan.Files[pos.Filename]
	if !ok {
		return Position(pos)
	}
	orig, err := os.ReadFile(pos.Filename)
	if err != nil {
		return Position(pos)
	}
	lines := OriginalLines(orig, src)
	if pos.Line < len(lines) && lines[pos.Line] != 0 {
		if lines[pos.Line] != pos.Line {
			pos.Column = 0
		}
		pos.Line = lines[pos.Line]
	}
	return Position(pos)
}
