package rewrite

import (
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// The planned import graph: which package imports which once the planned
// sources replace the old ones, and the module each comes from under the
// temporary go.mod. Verification plans its type-checks on it.
//
// A rewrite changes only the import lines of the files it plans (a standard
// path becomes a green one, or back), and neither the green nor the
// standard packages import anything of the main module. So the graph is
// the first load's, made again in process: a main-module package with a
// planned file gets the imports of its planned files, and every package
// outside the main module comes from one go list of those packages alone:
// every path the first load imported from outside the main module, and
// every path new in the planned files. That listing runs with -mod=mod on
// the temporary go.mod: it gives each package its module as go get left
// it (a module moved to a newer version, and what the new version
// imports), and since it resolves every import path outside the main
// module that building and testing the roots resolves, it records in the
// temporary go.mod and go.sum what they need (see record). It costs a
// fifth of listing every root with its tests. (Without a temporary go.mod,
// as when undoing, no module moves: the outside packages are the first
// load's, and only the new imports are listed, for their export data.)
//
// Where that reasoning does not hold, go list lists the whole graph with
// the planned sources as an overlay:
//   - a package outside the main module imports one of it (two modules
//     that require each other): what it imports then changes with the
//     planned files, which a listing of it alone does not read;
//   - the temporary go.mod requires a module whose path is a prefix of the
//     main module's, or lies under it: go then looks for the main module's
//     packages in that module too, which only listing them does.

// plannedGraph returns the planned graph of the packages patterns name,
// each with its test variants, and lists the export data of want (with
// every new import the first load did not hold) beside it.
func (p *planner) plannedGraph(overlay map[string][]byte, patterns []string, modPath string, want map[string]bool) ([]*packages.Package, error) {
	u := p.u
	imports := importsOf(overlay)
	for _, paths := range imports {
		for _, path := range paths {
			if u.byPath[path] == nil || strings.HasPrefix(path, GreenModule+"/") && u.base[path] == nil {
				want[path] = true
			}
		}
	}
	record := p.mp != nil && modPath != ""
	var temp *modfile.File
	if record {
		var err error
		if temp, err = p.mp.readTemp(); err != nil {
			return nil, err
		}
	}
	why := p.notDerivable(temp)
	derive := why == ""
	if !derive {
		p.cfg.logf("listing the planned import graph: %s", why)
	}
	// What go list reads: on the temporary go.mod, every root with its
	// tests when the graph is not derived (the listing record needs), else
	// the packages outside the main module; on the user's go.mod, the
	// packages to check when the graph is not derived, else nothing.
	var listed []string
	read := overlay
	switch {
	case !derive && record:
		listed = rootPaths(p.roots)
	case !derive:
		listed = patterns
	case record:
		var rec string
		rec, read = p.recordPackage(imports)
		listed = []string{rec}
	}
	var (
		wg         sync.WaitGroup
		graph      []*packages.Package
		gerr, xerr error
	)
	if len(listed) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lc := *p.cfg
			lc.NoTests = lc.NoTests || derive // the tests of packages outside the main module are not built
			graph, _, gerr = loadWith(&lc, loadOpts{patterns: listed, modfile: modPath, overlay: read}, graphMode)
		}()
	}
	xerr = u.list(p.cfg, p.mp, want)
	wg.Wait()
	if gerr != nil {
		// go list -e fails as a whole only when go cannot settle the
		// module graph: here, record what the planned imports need.
		if p.mp != nil {
			return nil, p.mp.notRecorded(listCause(gerr))
		}
		return nil, gerr
	}
	if xerr != nil {
		return nil, xerr
	}
	if !derive {
		if record {
			p.mp.listed = &listing{imports: sigOf(overlay, imports), cause: listCauseOf(graph)}
		}
		return onlyPatterns(graph, patterns), nil
	}
	var deps []*packages.Package // what the record package imports
	for _, q := range graph {
		for _, d := range q.Imports {
			deps = append(deps, d)
		}
	}
	if record {
		p.mp.listed = &listing{imports: sigOf(overlay, imports), cause: listCauseOf(deps)}
	}
	outside := map[string]*packages.Package{}
	packages.Visit(deps, nil, func(q *packages.Package) { outside[q.PkgPath] = q })
	return p.derive(overlay, imports, patterns, outside, temp), nil
}

// importsOf reads the import paths of each planned file. (A file that does
// not parse still has the imports before the error, as go list reads
// them; the check reports the error.)
func importsOf(overlay map[string][]byte) map[string][]string {
	out := make(map[string][]string, len(overlay))
	fset := token.NewFileSet()
	for name, src := range overlay {
		f, _ := parser.ParseFile(fset, name, src, parser.ImportsOnly)
		if f == nil {
			continue
		}
		paths := make([]string, 0, len(f.Imports))
		for _, s := range f.Imports {
			paths = append(paths, importPath(s))
		}
		out[name] = paths
	}
	return out
}

// notDerivable says why the planned graph cannot be made from the first
// load's (see above), or "" when it can; temp is the temporary go.mod, or
// nil.
func (p *planner) notDerivable(temp *modfile.File) string {
	for _, q := range p.u.byID {
		if inMain(q) {
			continue
		}
		for _, d := range q.Imports {
			if inMain(d) {
				return q.PkgPath + " imports " + d.PkgPath + ", of the main module"
			}
		}
	}
	if temp != nil && p.mod != nil {
		main := p.mod.Path
		for _, r := range temp.Require {
			if strings.HasPrefix(main, r.Mod.Path+"/") || strings.HasPrefix(r.Mod.Path, main+"/") {
				return "the main module's path and " + r.Mod.Path + " nest"
			}
		}
	}
	return ""
}

// recordPackage is a package of the main module, given only in the
// overlay, that imports every path outside the main module that the
// main module's packages and tests import directly, and every such path
// new in the planned files. Listed with its dependencies, it resolves what
// building and testing the roots resolves outside the main module, and
// as an import of the main module: go adds to go.mod a requirement for
// each module that provides one (a listing of the paths themselves would
// not) and to go.sum their lines. It returns the package's import path and
// an overlay holding its file: go list reads no other file of the main
// module.
func (p *planner) recordPackage(imports map[string][]string) (string, map[string][]byte) {
	paths := map[string]bool{}
	for _, q := range p.u.byID {
		if !inMain(q) {
			continue
		}
		for path, d := range q.Imports {
			if !inMain(d) && d.Module != nil {
				paths[path] = true
			}
		}
	}
	for _, ps := range imports {
		for _, path := range ps {
			if q := p.u.byPath[path]; q == nil && !isStd(path) || q != nil && !inMain(q) && q.Module != nil {
				paths[path] = true
			}
		}
	}
	name := "greenify_record"
	for i := 2; ; i++ {
		if _, err := os.Stat(filepath.Join(p.mod.Dir, name)); os.IsNotExist(err) {
			break
		}
		name = fmt.Sprintf("greenify_record%d", i)
	}
	var src strings.Builder
	src.WriteString("package " + name + "\n\nimport (\n")
	for _, path := range sortedKeys(paths) {
		fmt.Fprintf(&src, "\t_ %q\n", path)
	}
	src.WriteString(")\n")
	file := map[string][]byte{filepath.Join(p.mod.Dir, name, "imports.go"): []byte(src.String())}
	return p.mod.Path + "/" + name, file
}

// isStd reports whether path is a standard package's: go's rule is that
// the first element of every other path has a dot.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// derive makes the planned graph of the roots patterns name from the first
// load's: main-module packages are copied with their planned imports,
// packages outside it are outside's (listed on the temporary go.mod) or,
// without one, the first load's. temp, when not nil, is the temporary
// go.mod: its go line may have been raised.
func (p *planner) derive(overlay map[string][]byte, imports map[string][]string, patterns []string, outside map[string]*packages.Package, temp *modfile.File) []*packages.Package {
	u := p.u
	modules := map[*packages.Module]*packages.Module{}
	module := func(m *packages.Module) *packages.Module {
		if temp == nil || temp.Go == nil || m.GoVersion == temp.Go.Version {
			return m
		}
		if modules[m] == nil {
			c := *m
			c.GoVersion = temp.Go.Version
			modules[m] = &c
		}
		return modules[m]
	}
	nodes := map[string]*packages.Package{}
	var node func(q *packages.Package) *packages.Package
	node = func(q *packages.Package) *packages.Package {
		if !inMain(q) {
			if l := outside[q.PkgPath]; l != nil {
				return l
			}
			return q
		}
		if n := nodes[q.ID]; n != nil {
			return n
		}
		n := &packages.Package{ID: q.ID, Name: q.Name, PkgPath: q.PkgPath, GoFiles: q.GoFiles,
			CompiledGoFiles: q.CompiledGoFiles, OtherFiles: q.OtherFiles, Module: q.Module,
			Imports: map[string]*packages.Package{}}
		if q.Module != nil {
			n.Module = module(q.Module)
		}
		nodes[q.ID] = n
		for path, d := range u.plannedImports(q, overlay, imports) {
			switch {
			case d != nil:
				n.Imports[path] = node(d)
			case outside[path] != nil:
				n.Imports[path] = outside[path]
			case u.byPath[path] != nil:
				n.Imports[path] = node(u.byPath[path])
			case u.listed[path] != nil:
				n.Imports[path] = u.listed[path]
			}
			// Else no listing found the path: the check reports it
			// where the package imports it.
		}
		return n
	}
	var out []*packages.Package
	for _, q := range onlyPatterns(p.roots, patterns) {
		out = append(out, node(q))
	}
	return out
}

// inMain reports whether q is a package of the main module (a test main
// included).
func inMain(q *packages.Package) bool {
	return q.Module != nil && q.Module.Main || strings.HasSuffix(q.ID, ".test")
}

// plannedImports are the imports of q with its planned files: the first
// load's, less what only its planned files imported and no longer do, plus
// what they import now (those with no package yet: the caller resolves
// them).
func (u *universe) plannedImports(q *packages.Package, overlay map[string][]byte, imports map[string][]string) map[string]*packages.Package {
	changed := map[string]bool{}
	for _, name := range q.GoFiles {
		if _, ok := overlay[name]; ok {
			changed[name] = true
		}
	}
	if len(changed) == 0 {
		return q.Imports
	}
	out := maps.Clone(q.Imports)
	now := map[string]bool{}
	for name := range changed {
		for _, path := range imports[name] {
			now[path] = true
			if _, ok := out[path]; !ok {
				out[path] = nil
			}
		}
	}
	// An import goes when no file imports it any more. Where a file's old
	// syntax is missing (cgo's output), every import stays: the package
	// checks the same with one more.
	kept := map[string]bool{}
	files := q.CompiledGoFiles
	if len(files) == 0 {
		files = q.GoFiles
	}
	for _, name := range files {
		if changed[name] {
			continue
		}
		f := u.syn[name]
		if f == nil {
			return out
		}
		for _, s := range f.Imports {
			kept[importPath(s)] = true
		}
	}
	for name := range changed {
		f := u.syn[name]
		if f == nil {
			return out
		}
		for _, s := range f.Imports {
			if path := importPath(s); !now[path] && !kept[path] {
				delete(out, path)
			}
		}
	}
	return out
}

// onlyPatterns keeps the packages of graph that patterns list: each
// package, its test variants and its test main.
func onlyPatterns(graph []*packages.Package, patterns []string) []*packages.Package {
	want := map[string]bool{}
	for _, path := range patterns {
		want[path] = true
	}
	var out []*packages.Package
	for _, q := range graph {
		path := q.PkgPath
		if strings.HasSuffix(q.ID, ".test") {
			path = strings.TrimSuffix(path, ".test")
		} else if strings.HasSuffix(q.Name, "_test") {
			path = strings.TrimSuffix(path, "_test")
		}
		if want[path] {
			out = append(out, q)
		}
	}
	return out
}
