package rewrite

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// checkMode is what verification asks go list for: no syntax and no types,
// only the files and the export data of every package, planned sources
// included (go list compiles them through -overlay).
const checkMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedModule

// loadChecked loads the packages of o with the planned sources and
// type-checks them in process: each from its (planned) source, every
// import from the export data go list compiled. go/packages itself would
// type-check every dependency from source as soon as there is an overlay
// (it cannot trust export data then), which costs seconds on the standard
// library and the green module alone; here only the packages named are.
// The result looks like a load in loadMode: Syntax, Types, TypesInfo and
// type errors in Errors. Verification and undo check in process instead
// (typecheck.go) unless the plan changes a cgo file.
func loadChecked(cfg *Config, o loadOpts) ([]*packages.Package, *token.FileSet, error) {
	pkgs, _, err := loadWith(cfg, o, checkMode)
	if err != nil {
		return nil, nil, err
	}
	if len(pkgs) == 0 && len(o.patterns) > 0 {
		// go/packages takes a go list -export that fails before listing
		// anything for a build that failed, and returns no package and no
		// error: nothing would have been checked.
		return nil, nil, fmt.Errorf("go list printed no package for %s", strings.Join(o.patterns, " "))
	}
	fset := token.NewFileSet()
	// The ordinary build first: each test's world then starts from what it
	// decoded, less the packages the test recompiles.
	plain := map[string]*types.Package{}
	worlds := map[string]map[string]*types.Package{"": plain}
	variants := map[string]map[string]bool{} // world → paths recompiled in it
	packages.Visit(pkgs, nil, func(q *packages.Package) {
		if w := world(q); w != "" && strings.Contains(q.ID, " [") {
			if variants[w] == nil {
				variants[w] = map[string]bool{}
			}
			variants[w][q.PkgPath] = true
		}
	})
	for _, tests := range []bool{false, true} {
		for _, p := range pkgs {
			w := world(p)
			if (w != "") != tests {
				continue
			}
			if worlds[w] == nil {
				m := map[string]*types.Package{}
				for path, q := range plain {
					if !variants[w][path] {
						m[path] = q
					}
				}
				worlds[w] = m
			}
			if err := checkPackage(fset, p, o.overlay, worlds[w]); err != nil {
				return nil, nil, err
			}
		}
	}
	return pkgs, fset, nil
}

// world names the set of packages whose imports one decoded package per
// path serves: "" for the ordinary build, and for each test its variants
// ("p [p.test]"), the packages that import them and its test main. Every
// import is then read from its export data once per world, not once per
// importer (with every package of a module touched, reading them again for
// each cost most of the time of verifying). A test variant has its
// package's path but not its types, so it never shares with the ordinary
// build.
func world(p *packages.Package) string {
	if i := strings.Index(p.ID, " ["); i >= 0 {
		return p.ID[i:]
	}
	for _, q := range p.Imports {
		if i := strings.Index(q.ID, " ["); i >= 0 {
			return q.ID[i:]
		}
	}
	return ""
}

func checkPackage(fset *token.FileSet, p *packages.Package, overlay map[string][]byte, imported map[string]*types.Package) error {
	if p.Name == "" || len(p.CompiledGoFiles) == 0 {
		return nil // go list reported why in p.Errors
	}
	for _, name := range p.CompiledGoFiles {
		src, ok := overlay[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				return err
			}
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			p.Errors = append(p.Errors, packages.Error{Pos: errPos(err), Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		p.Syntax = append(p.Syntax, f)
	}
	all := map[string]*packages.Package{}
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) { all[q.PkgPath] = q })
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		dep := p.Imports[path]
		if dep == nil {
			dep = all[path] // a green package read ahead of its importer
		}
		if dep == nil {
			return nil, fmt.Errorf("%s is not among the imports go list found", path)
		}
		if q := imported[dep.PkgPath]; q != nil && q.Complete() {
			return q, nil
		}
		if dep.ExportFile == "" {
			return nil, fmt.Errorf("no export data for %s (it does not compile)", path)
		}
		f, err := os.Open(dep.ExportFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r, err := gcexportdata.NewReader(bufio.NewReader(f))
		if err != nil {
			return nil, err
		}
		return gcexportdata.Read(r, fset, imported, dep.PkgPath)
	})
	// Export data holds of a package's imports only what its own API
	// reaches; finding a crossing's conversion (FromStdT) needs whole green
	// packages, so they are read first, each before its importers.
	for _, g := range greenDeps(p) {
		if _, err := importer(g); err != nil {
			break // the check reports it where the package is imported
		}
	}
	typeCheck(p, fset, importer, nil)
	p.Fset = fset
	return nil
}

// greenDeps lists the green module's packages among p's dependencies,
// each after the packages it imports.
func greenDeps(p *packages.Package) []string {
	var out []string
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
		if q != p && strings.HasPrefix(q.PkgPath, GreenModule+"/") {
			out = append(out, q.PkgPath)
		}
	})
	return out
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// errPos is the position a parse error names, as go list prints one.
func errPos(err error) string {
	if el, ok := err.(scanner.ErrorList); ok && len(el) > 0 {
		return el[0].Pos.String()
	}
	return ""
}

// typeCheck type-checks p's parsed files with go/types as the compiler
// would, at p's module's Go version, setting p.Types and p.TypesInfo and
// adding every type error, soft ones included (an unused variable or
// import fails the compiler too), to p.Errors. TypesInfo records what
// verification reads (Types, Defs, Uses, Implicits), in maps sized like
// like's (the same package's first load, or nil): grown from empty, they
// cost the check a quarter of its time in rehashing.
func typeCheck(p *packages.Package, fset *token.FileSet, importer types.Importer, like *types.Info) {
	if like == nil {
		like = &types.Info{}
	}
	info := &types.Info{
		Types:     make(map[ast.Expr]types.TypeAndValue, len(like.Types)),
		Defs:      make(map[*ast.Ident]types.Object, len(like.Defs)),
		Uses:      make(map[*ast.Ident]types.Object, len(like.Uses)),
		Implicits: make(map[ast.Node]types.Object, len(like.Implicits)),
	}
	conf := types.Config{
		Importer: importer,
		Sizes:    types.SizesFor("gc", runtime.GOARCH),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	p.Types, _ = conf.Check(p.PkgPath, fset, p.Syntax, info)
	p.TypesInfo = info
}
