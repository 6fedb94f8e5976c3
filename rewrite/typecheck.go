package rewrite

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// Verifying a draft in process. The first load already holds the types of
// every package the draft does not change: the roots type-checked from
// source, their imports decoded from export data. Only the packages whose
// sources change, and those that import them, need checking again; the
// go command need not compile them for that. So a draft is checked like
// this:
//
//   - the planned import graph (test variants included) is the first
//     load's with the imports of the planned files, and the packages
//     outside the main module as one go list of them reads them on the
//     temporary go.mod, where the green module's imports resolve
//     (graph.go);
//   - beside it, go list -export of the green packages the draft imports,
//     which the first load did not see: their export data, compiled once
//     and then cached by the go command;
//   - each package to check is parsed from its planned source (the first
//     load's syntax serves the files that did not change) and type-checked
//     with go/types, after the packages it imports, in parallel where they
//     do not depend on each other; every other import is served the first
//     load's types, or the green packages' read from their export data
//     into the same universe, so that a green net.Conn is the first load's
//     net.Conn. A package asked for that the draft does not change keeps
//     the first load's result.
//
// go get may move a module the first load used to another version (the
// green module needs a newer one). The packages of that module, and those
// outside the main module that import one, are then read from export data
// built with the new versions (one more go list -export of those the
// checked packages import), and every package of the main module that
// imports one is checked again, as a package the draft changes.
//
// The result has the shape of a load in loadMode (Syntax, Types, TypesInfo,
// errors in Errors), as loadChecked's. A changed cgo file goes back to
// loadChecked, which has go list compile the planned packages: the
// compiler checks cgo's output of it, which only the go command makes.

// A universe is the first load's packages, and the packages read since
// from export data; it lives as long as the planner.
type universe struct {
	fset   *token.FileSet
	byID   map[string]*packages.Package // every package of the first load
	byPath map[string]*packages.Package // the same, less test variants and test mains
	syn    map[string]*ast.File         // the first load's syntax by file name
	// base is the first load's ordinary build by path; fresh the build the
	// temporary go.mod selects: base less the packages whose module moved
	// to another version (and those that import them), plus every package
	// read from the listings below.
	base, fresh map[string]*types.Package
	listed      map[string]*packages.Package // export data under the temporary go.mod, by path
}

// newUniverse indexes the first load, from its roots.
func newUniverse(roots []*packages.Package) *universe {
	u := &universe{byID: map[string]*packages.Package{}, byPath: map[string]*packages.Package{}, syn: map[string]*ast.File{},
		base: map[string]*types.Package{}, fresh: map[string]*types.Package{}, listed: map[string]*packages.Package{}}
	packages.Visit(roots, nil, func(q *packages.Package) {
		u.byID[q.ID] = q
		if !strings.Contains(q.ID, " [") && !strings.HasSuffix(q.ID, ".test") {
			u.byPath[q.PkgPath] = q
		}
		if q.Fset != nil {
			u.fset = q.Fset
		}
		if q.Types != nil && !strings.Contains(q.ID, " [") {
			u.base[q.PkgPath] = q.Types
			u.fresh[q.PkgPath] = q.Types
		}
	})
	for _, q := range roots {
		for _, f := range q.Syntax {
			u.syn[q.Fset.File(f.Pos()).Name()] = f
		}
	}
	if u.fset == nil {
		u.fset = token.NewFileSet()
	}
	return u
}

// graphMode is what the overlay's go list gives: the planned import graph,
// without compiling anything.
const graphMode = packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule

// exportMode lists packages with their export data.
const exportMode = packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedModule

// A checkJob is one package to type-check from its planned sources.
type checkJob struct {
	id   string
	g    *packages.Package // as the overlay's go list sees it
	deps []*checkJob       // checked packages it imports
	out  *packages.Package // the result
	root bool              // one of the packages asked for (else one they import)
	// changed: its types change with the draft, so its importers take
	// them from this check. An unchanged package asked for is checked for
	// its own sake only (its importers keep the first load's types, as the
	// other packages of the first load that import it do), or not at all
	// when the first load holds its syntax and types.
	changed bool
}

// An inProcess verification of one draft: its graph is loaded once, the
// conversion passes re-check only what they change.
type inProcess struct {
	cfg   *Config
	u     *universe
	jobs  []*checkJob       // dependency order
	fresh map[string]bool   // IDs served from u.fresh: not in the first load, or built anew
	last  map[string][]byte // the overlay of the last load: what a conversion pass changed is the difference
	slow  loadOpts          // loadChecked's, when in process is not possible
	useGo bool              // a changed cgo file: go list compiles the planned packages (loadChecked)
}

// newCheck prepares the verification of the draft's overlay: patterns
// are the packages to check, modfile the temporary go.mod (or "").
func (p *planner) newCheck(overlay map[string][]byte, patterns []string, modfile string) (*inProcess, error) {
	if p.u == nil {
		p.u = newUniverse(p.roots)
	}
	u := p.u
	c := &inProcess{cfg: p.cfg, u: u, slow: loadOpts{patterns: patterns, modfile: modfile, overlay: overlay}}
	for name := range overlay {
		if sf := p.files[name]; sf != nil && sf.cgo {
			p.cfg.logf("%s is a cgo file: verifying through go list", name)
			c.useGo = true
			return c, nil
		}
	}
	// The green packages the draft imports are listed beside the graph,
	// and so are the packages of modules the temporary go.mod moved to
	// another version that the main module imports: the checks read them
	// anew (see plan), and listing them after the graph would wait for it.
	graph, err := p.plannedGraph(overlay, patterns, modfile, p.movedImports())
	if err != nil {
		return nil, err
	}
	need := c.plan(graph)
	if err := u.list(p.cfg, p.mp, need); err != nil {
		return nil, err
	}
	// Read the fresh imports whole, each after the packages it imports
	// (the listings' order), and every green package of the graph: export
	// data holds of a package's imports only what its own API reaches, and
	// finding a crossing's conversion (FromStdT) needs whole green packages.
	var order []*packages.Package
	seen := map[string]bool{}
	packages.Visit(graph, nil, func(q *packages.Package) {
		if (need[q.PkgPath] || strings.HasPrefix(q.PkgPath, GreenModule+"/")) && !seen[q.ID] {
			seen[q.ID] = true
			order = append(order, q)
		}
	})
	for _, q := range order {
		if _, err := c.typesOf(q); err != nil {
			p.cfg.logf("%v", err) // the check reports it where the package is imported
		}
	}
	n := 0
	for _, j := range c.jobs {
		if j.out == nil {
			n++
		}
	}
	p.cfg.logf("type-checking %d packages in process (%d fresh imports)", n, len(need))
	return c, nil
}

// movedImports lists the packages that the first load's main-module
// packages import from a module whose version the temporary go.mod
// requires differently. (A go.mod before go 1.17 may not require every
// module it builds with: what it misses is listed after the graph.)
func (p *planner) movedImports() map[string]bool {
	out := map[string]bool{}
	if p.mp == nil {
		return out
	}
	mf, err := p.mp.readTemp()
	if err != nil {
		return out
	}
	required := map[string]string{}
	for _, r := range mf.Require {
		required[r.Mod.Path] = r.Mod.Version
	}
	for _, q := range p.u.byID {
		if q.Module == nil || !q.Module.Main {
			continue
		}
		for _, imp := range q.Imports {
			m := imp.Module
			if m == nil || m.Main || m.Replace != nil {
				continue
			}
			if v, ok := required[m.Path]; ok && v != m.Version {
				out[imp.PkgPath] = true
			}
		}
	}
	return out
}

// list runs go list -export on the packages of paths that the universe has
// not listed yet (it compiles those packages alone, and the go command
// caches them), on a copy of the temporary go.mod: it may run beside the
// graph's go list, which writes the temporary one.
func (u *universe) list(cfg *Config, mp *modPlan, paths map[string]bool) error {
	var o loadOpts
	for path := range paths {
		if u.listed[path] == nil {
			o.patterns = append(o.patterns, path)
		}
	}
	if len(o.patterns) == 0 {
		return nil
	}
	sort.Strings(o.patterns)
	lc := *cfg
	lc.NoTests = true // their tests are not imported
	if mp != nil {
		dir, err := os.MkdirTemp(mp.dir, "list-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		for _, name := range []string{"go.mod", "go.sum"} {
			b, err := os.ReadFile(filepath.Join(mp.dir, name))
			if err == nil {
				err = os.WriteFile(filepath.Join(dir, name), b, 0o666)
			}
			if err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		o.modfile = filepath.Join(dir, "go.mod")
	}
	pkgs, _, err := loadWith(&lc, o, exportMode)
	if err != nil {
		return err
	}
	packages.Visit(pkgs, nil, func(q *packages.Package) {
		if u.listed[q.PkgPath] == nil {
			u.listed[q.PkgPath] = q
		}
	})
	return nil
}

// read decodes a package's export data into view, which maps the paths of
// the packages it refers to onto the universe's.
func (u *universe) read(view map[string]*types.Package, path, export string) (*types.Package, error) {
	if export == "" {
		return nil, fmt.Errorf("no export data for %s (it does not compile)", path)
	}
	f, err := os.Open(export)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", export, err)
	}
	return gcexportdata.Read(r, u.fset, view, path)
}

// plan makes the jobs from the planned graph: the packages asked for, and
// every package of the main module between them and what changed — a file
// of the draft, or a package built anew because its module moved to
// another version with the green requirement (then what it imports must
// be read from export data again, and so must every package outside the
// main module that imports it). It returns the paths of the packages to
// read anew that a job imports.
func (c *inProcess) plan(graph []*packages.Package) map[string]bool {
	u := c.u
	c.fresh = map[string]bool{}
	changed := map[string]bool{} // by ID
	var visit func(q *packages.Package) bool
	visit = func(q *packages.Package) bool {
		if v, ok := changed[q.ID]; ok {
			return v
		}
		changed[q.ID] = false
		v, fresh := false, false
		if q.Module == nil || !q.Module.Main {
			f := u.byID[q.ID]
			fresh = f == nil || f.Types == nil || !sameModule(f.Module, q.Module)
		}
		for _, f := range q.GoFiles {
			if _, ok := c.slow.overlay[f]; ok {
				v = true
			}
		}
		for _, imp := range q.Imports {
			if visit(imp) {
				v = true
				fresh = fresh || q.Module == nil || !q.Module.Main
			}
		}
		if fresh {
			c.fresh[q.ID] = true
			if u.fresh[q.PkgPath] == u.base[q.PkgPath] {
				delete(u.fresh, q.PkgPath) // built anew: read again
			}
			v = true
		}
		changed[q.ID] = v
		return v
	}
	roots := map[string]bool{}
	for _, q := range graph {
		visit(q)
		if !strings.HasSuffix(q.ID, ".test") {
			roots[q.ID] = true
		}
	}
	jobs := map[string]*checkJob{}
	var order func(q *packages.Package) *checkJob
	order = func(q *packages.Package) *checkJob {
		if j, ok := jobs[q.ID]; ok {
			return j
		}
		if !roots[q.ID] && (!changed[q.ID] || c.fresh[q.ID]) {
			jobs[q.ID] = nil
			return nil
		}
		j := &checkJob{id: q.ID, g: q, root: roots[q.ID], changed: changed[q.ID]}
		jobs[q.ID] = j
		if f := u.byID[q.ID]; !j.changed && f != nil && f.TypesInfo != nil {
			j.out = f
		}
		paths := make([]string, 0, len(q.Imports))
		for path := range q.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			if d := order(q.Imports[path]); d != nil && d.changed {
				j.deps = append(j.deps, d)
			}
		}
		c.jobs = append(c.jobs, j)
		return j
	}
	for _, q := range graph {
		if roots[q.ID] {
			order(q)
		}
	}
	need := map[string]bool{}
	for _, j := range c.jobs {
		if j.out != nil {
			continue // the first load's
		}
		for _, q := range j.g.Imports {
			if c.fresh[q.ID] {
				need[q.PkgPath] = true
			}
		}
	}
	return need
}

func sameModule(a, b *packages.Module) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Path != b.Path || a.Version != b.Version {
		return false
	}
	if (a.Replace == nil) != (b.Replace == nil) {
		return false
	}
	return a.Replace == nil || a.Replace.Path == b.Replace.Path && a.Replace.Version == b.Replace.Version
}

// typesOf is the universe's *types.Package for a package a checked one
// imports, read whole.
func (c *inProcess) typesOf(q *packages.Package) (*types.Package, error) {
	u := c.u
	if q.PkgPath == "unsafe" {
		return types.Unsafe, nil
	}
	if c.fresh[q.ID] {
		if t := u.fresh[q.PkgPath]; t != nil && t.Complete() {
			return t, nil
		}
		l := u.listed[q.PkgPath]
		if l == nil {
			return nil, fmt.Errorf("no export data for %s", q.PkgPath)
		}
		return u.read(u.fresh, q.PkgPath, l.ExportFile)
	}
	f := u.byID[q.ID]
	if f == nil || f.Types == nil {
		return nil, fmt.Errorf("%s is not in the first load", q.ID)
	}
	if f.Types.Complete() {
		return f.Types, nil
	}
	// A package the first load knew only through others' export data, now
	// imported directly: read it whole, in its own view.
	view := map[string]*types.Package{q.PkgPath: f.Types}
	packages.Visit([]*packages.Package{f}, nil, func(d *packages.Package) {
		if d.Types != nil && d != f {
			view[d.PkgPath] = d.Types
		}
	})
	return u.read(view, q.PkgPath, f.ExportFile)
}

// load type-checks the packages with the planned sources of overlay (the
// draft's, maybe with conversions added since the last load): only the
// packages with a changed file, and those importing one, again.
func (c *inProcess) load(overlay map[string][]byte) ([]*packages.Package, *token.FileSet, error) {
	if c.useGo {
		o := c.slow
		o.overlay = overlay
		return loadChecked(c.cfg, o)
	}
	dirty := map[*checkJob]bool{}
	for _, j := range c.jobs { // dependency order: a job's deps are decided before it
		if j.out != nil && !j.changed {
			continue // the first load's
		}
		d := j.out == nil
		for _, f := range j.g.GoFiles {
			if old, ok := c.last[f]; ok != (overlay[f] != nil) || ok && string(old) != string(overlay[f]) {
				d = true
			}
		}
		for _, dep := range j.deps {
			d = d || dirty[dep]
		}
		dirty[j] = d
	}
	c.last = map[string][]byte{}
	for name, src := range overlay {
		c.last[name] = src
	}
	// The imports each job needs whole, read before any check starts:
	// reading export data changes the packages it refers to, checking only
	// reads them.
	imports := map[*checkJob]map[string]*types.Package{}
	checked := map[string]*checkJob{}
	for _, j := range c.jobs {
		if j.changed {
			checked[j.id] = j
		}
	}
	for _, j := range c.jobs {
		if !dirty[j] {
			continue
		}
		m := map[string]*types.Package{}
		for path, q := range j.g.Imports {
			if checked[q.ID] != nil {
				continue
			}
			t, err := c.typesOf(q)
			if err != nil {
				// The check reports it where the package is imported.
				t = nil
			}
			m[path] = t
		}
		imports[j] = m
	}
	parsed := c.parse(overlay, dirty)
	var (
		wg   sync.WaitGroup
		sem  = make(chan struct{}, runtime.GOMAXPROCS(0))
		done = map[*checkJob]chan struct{}{}
		errs = make([]error, len(c.jobs))
	)
	for _, j := range c.jobs {
		done[j] = make(chan struct{})
	}
	for i, j := range c.jobs {
		if !dirty[j] {
			close(done[j])
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[j])
			for _, dep := range j.deps {
				<-done[dep]
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			errs[i] = c.check(j, parsed, imports[j], checked)
		}()
	}
	wg.Wait()
	var out []*packages.Package
	for i, j := range c.jobs {
		if errs[i] != nil {
			return nil, nil, errs[i]
		}
		if j.root {
			out = append(out, j.out)
		}
	}
	return out, c.u.fset, nil
}

// files are the Go files a job's package compiles: cgo's output where the
// package has cgo files (none of them changed: those are checked by
// loadChecked), else the files go list found.
func (c *inProcess) files(j *checkJob) []string {
	if f := c.u.byID[j.id]; f != nil && len(f.CompiledGoFiles) > 0 {
		return f.CompiledGoFiles
	}
	return j.g.GoFiles
}

// A parsed file is a planned source parsed, or why it does not parse.
type parsed struct {
	f   *ast.File
	err error
}

// parse parses the planned sources of the jobs to check, in parallel and
// once each: a package and its test variant hold the same files, and
// go/types only reads the syntax it checks.
func (c *inProcess) parse(overlay map[string][]byte, dirty map[*checkJob]bool) map[string]parsed {
	var names []string
	seen := map[string]bool{}
	for _, j := range c.jobs {
		if !dirty[j] {
			continue
		}
		for _, name := range c.files(j) {
			if _, ok := overlay[name]; ok && !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	files := make([]parsed, len(names))
	parallel(len(names), func(i int) {
		files[i].f, files[i].err = parser.ParseFile(c.u.fset, names[i], overlay[names[i]], parser.ParseComments|parser.SkipObjectResolution)
	})
	out := make(map[string]parsed, len(names))
	for i, name := range names {
		out[name] = files[i]
	}
	return out
}

// check type-checks one package from its planned sources (parsed: the
// first load's syntax serves the files that did not change).
func (c *inProcess) check(j *checkJob, planned map[string]parsed, imports map[string]*types.Package, checked map[string]*checkJob) error {
	q := j.g
	p := &packages.Package{ID: q.ID, Name: q.Name, PkgPath: q.PkgPath, GoFiles: q.GoFiles,
		OtherFiles: q.OtherFiles, Module: q.Module, Imports: q.Imports,
		Fset: c.u.fset}
	p.Errors = append(p.Errors, q.Errors...)
	j.out = p
	p.CompiledGoFiles = c.files(j)
	if p.Name == "" || len(p.CompiledGoFiles) == 0 {
		return nil // go list reported why in p.Errors
	}
	for _, name := range p.CompiledGoFiles {
		pf, ok := planned[name]
		if !ok {
			if f := c.u.syn[name]; f != nil {
				p.Syntax = append(p.Syntax, f)
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			pf.f, pf.err = parser.ParseFile(c.u.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		}
		f, err := pf.f, pf.err
		if err != nil {
			p.Errors = append(p.Errors, packages.Error{Pos: errPos(err), Msg: err.Error(), Kind: packages.ParseError})
			continue
		}
		p.Syntax = append(p.Syntax, f)
	}
	importer := importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		dep := q.Imports[path]
		if dep == nil {
			return nil, fmt.Errorf("%s is not among the imports go list found", path)
		}
		if d := checked[dep.ID]; d != nil {
			if !d.root && len(d.out.Errors) > 0 {
				// As the go command would: a package that does not
				// compile has no export data to import.
				return nil, fmt.Errorf("no export data for %s (it does not compile)", path)
			}
			return d.out.Types, nil
		}
		if t := imports[path]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("no export data for %s (it does not compile)", path)
	})
	var like *types.Info
	if f := c.u.byID[q.ID]; f != nil {
		like = f.TypesInfo
	}
	typeCheck(p, c.u.fset, importer, like)
	return nil
}
