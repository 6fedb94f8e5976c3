package rewrite

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// maxRounds bounds plan → verify → refuse iterations; each refusal keeps
// one more (file, set) standard, so the loop ends long before this.
const maxRounds = 16

// Plan loads the packages, plans the rewrite (or its undo), and verifies
// that the planned sources compile. It writes nothing: see Result.Write.
// An *InputError means bad input (exit 2 in the CLI).
func Plan(ctx context.Context, cfg *Config) (*Result, error) {
	sets, err := SelectSets(cfg.Patch, cfg.Exclude)
	if err != nil {
		return nil, &InputError{Lines: []string{err.Error()}}
	}
	t := newTable(sets)
	if len(cfg.Patterns) == 0 {
		cfg.Patterns = []string{"."}
	}
	if err := checkPaths(cfg); err != nil {
		return nil, err
	}
	cfg.logf("loading %s", strings.Join(cfg.Patterns, " "))
	pkgs, fset, err := load(cfg, loadOpts{patterns: cfg.Patterns})
	if err != nil {
		return nil, err
	}
	if errs := pkgErrors(pkgs); len(errs) > 0 {
		ie := &InputError{}
		for _, e := range errs {
			ie.Lines = append(ie.Lines, errLine(e))
		}
		return nil, ie
	}
	roots := realRoots(pkgs)
	if len(roots) == 0 {
		return nil, inputErr("no packages to rewrite in %s", strings.Join(cfg.Patterns, " "))
	}
	mod, err := mainModule(roots)
	if err != nil {
		return nil, &InputError{Lines: []string{err.Error()}}
	}
	files, err := collectFiles(cfg, roots, fset, mod.Dir)
	if err != nil {
		return nil, err
	}
	p := &planner{cfg: cfg, t: t, roots: roots, files: files, mod: mod, diags: map[string]Diagnostic{}}
	// p.mp is made later, by the first round that has edits: clean up
	// whatever it holds when Plan returns, not the nil it holds now.
	defer func() { p.mp.cleanup() }()
	var res *Result
	if cfg.Undo {
		res, err = p.undo()
	} else {
		res, err = p.forward()
	}
	if err != nil {
		return nil, err
	}
	res.Packages = summarize(roots, files, res)
	return res, nil
}

// checkPaths turns a pattern naming a directory that does not exist into
// one clear line (go list's own message is long and varies).
func checkPaths(cfg *Config) error {
	for _, pat := range cfg.Patterns {
		dir := strings.TrimSuffix(pat, "/...")
		if dir == "..." || !(strings.HasPrefix(dir, ".") || filepath.IsAbs(dir)) {
			continue
		}
		if !filepath.IsAbs(dir) && cfg.Dir != "" {
			dir = filepath.Join(cfg.Dir, dir)
		}
		if _, err := os.Stat(dir); err != nil {
			return inputErr("%s: no such directory", pat)
		}
	}
	return nil
}

func realRoots(pkgs []*packages.Package) []*packages.Package {
	var out []*packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") {
			continue // the synthesized test main package
		}
		out = append(out, p)
	}
	return out
}

type planner struct {
	cfg   *Config
	t     *table
	roots []*packages.Package
	files map[string]*srcFile
	mod   *packages.Module
	mp    *modPlan
	u     *universe // the first load's types, for verifying in process
	diags map[string]Diagnostic
}

func (p *planner) diag(d Diagnostic) { p.diags[d.String()] = d }

func (p *planner) sortedFiles() []*srcFile {
	var out []*srcFile
	for _, sf := range p.files {
		out = append(out, sf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// A draft is one round's plan: the edits and the planned source of every
// file that changes.
type draft struct {
	edits   map[string][]Edit          // reported edits by file
	overlay map[string][]byte          // planned sources
	sets    map[string]map[string]bool // sets planned per file
}

func (p *planner) forward() (*Result, error) {
	keep := map[string]map[string]bool{}
	// The temporary go.mod (go get of the green module) depends on nothing
	// but go.mod: it is made beside the first round's rendering, from the
	// first file planned with an edit.
	var (
		mod      *modFuture
		startMod sync.Once
	)
	defer func() {
		if mod != nil && p.mp == nil { // an error before it was taken
			<-mod.done
			mod.mp.cleanup()
		}
	}()
	for round := 0; round < maxRounds; round++ {
		d := &draft{edits: map[string][]Edit{}, overlay: map[string][]byte{}, sets: map[string]map[string]bool{}}
		plans := planFiles(p.sortedFiles(), func(sf *srcFile) ([]edit, []Diagnostic) {
			edits, diags := planForward(sf, p.t, keep[sf.path])
			if len(edits) > 0 && p.mp == nil {
				startMod.Do(func() { mod = p.startMod() })
			}
			return edits, diags
		})
		for _, fp := range plans {
			sf, edits := fp.sf, fp.edits
			for _, dg := range fp.diags {
				p.diag(dg)
			}
			if len(edits) == 0 {
				continue
			}
			if fp.err != nil {
				return nil, fmt.Errorf("%s: %v", sf.path, fp.err)
			}
			d.overlay[sf.path] = fp.src
			d.sets[sf.path] = map[string]bool{}
			for _, e := range edits {
				d.edits[sf.path] = append(d.edits[sf.path], e.report)
				if e.kind == eSetPath || e.kind == eAddImport {
					m := p.t.byStd[importPath(e.node.(*ast.ImportSpec))]
					d.sets[sf.path][m.set.Name] = true
				}
				if e.kind == eCode && e.code != nil {
					for set := range e.code.pass.sets {
						d.sets[sf.path][set] = true
					}
				}
			}
		}
		if len(d.overlay) == 0 {
			return p.result(d, false)
		}
		if p.mp == nil {
			<-mod.done
			if mod.err != nil {
				return nil, mod.err
			}
			p.mp = mod.mp
		}
		refused, err := p.verify(d, keep)
		if err != nil {
			return nil, err
		}
		if !refused {
			return p.result(d, true)
		}
	}
	return nil, fmt.Errorf("rewrite did not settle after %d rounds", maxRounds)
}

// A modFuture is the temporary go.mod being made (prepareMod) while
// planning goes on.
type modFuture struct {
	done chan struct{}
	mp   *modPlan
	err  error
}

func (p *planner) startMod() *modFuture {
	f := &modFuture{done: make(chan struct{})}
	go func() {
		defer close(f.done)
		if f.err = checkModShape(p.cfg, p.mod); f.err == nil {
			f.mp, f.err = prepareMod(p.cfg, p.mod.GoMod)
		}
	}()
	return f
}

func (p *planner) keep(keep map[string]map[string]bool, file, set string, d Diagnostic) {
	if keep[file] == nil {
		keep[file] = map[string]bool{}
	}
	keep[file][set] = true
	p.diag(d)
}

// src is the planned source of a file, or its original.
func (d *draft) src(p *planner, name string) []byte {
	if b, ok := d.overlay[name]; ok {
		return b
	}
	if sf := p.files[name]; sf != nil {
		return sf.src
	}
	b, _ := os.ReadFile(name)
	return b
}

// greenName is the name under which file f can refer to the green package
// at pos, or "".
func greenName(pkg *packages.Package, f *ast.File, pos token.Pos, green string) string {
	for _, s := range f.Imports {
		if importPath(s) != green {
			continue
		}
		name := ""
		if s.Name != nil {
			name = s.Name.Name
		} else if pn, ok := pkg.TypesInfo.Implicits[s].(*types.PkgName); ok {
			name = pn.Name()
		}
		if name == "" || name == "." || name == "_" {
			return ""
		}
		scope := pkg.Types.Scope().Innermost(pos)
		if scope == nil {
			return ""
		}
		if _, obj := scope.LookupParent(name, pos); obj != nil {
			if pn, ok := obj.(*types.PkgName); ok && pn.Imported().Path() == green {
				return name
			}
		}
		return ""
	}
	return ""
}

func (p *planner) undo() (*Result, error) {
	d := &draft{edits: map[string][]Edit{}, overlay: map[string][]byte{}, sets: map[string]map[string]bool{}}
	touched := map[string]bool{}
	plans := planFiles(p.sortedFiles(), func(sf *srcFile) ([]edit, []Diagnostic) {
		return planUndo(sf, p.t)
	})
	for _, fp := range plans {
		sf, edits := fp.sf, fp.edits
		for _, dg := range fp.diags {
			p.diag(dg)
		}
		if len(edits) == 0 {
			continue
		}
		if fp.err != nil {
			return nil, fmt.Errorf("%s: %v", sf.path, fp.err)
		}
		d.overlay[sf.path] = fp.src
		touched[sf.pkg.PkgPath] = true
		for _, e := range edits {
			d.edits[sf.path] = append(d.edits[sf.path], e.report)
		}
	}
	if len(d.overlay) > 0 {
		chk, err := p.newCheck(d.overlay, reverseDeps(p.roots, touched), "")
		if err != nil {
			return nil, err
		}
		pkgs, _, err := chk.load(d.overlay)
		if err != nil {
			return nil, err
		}
		if errs := pkgErrors(realRoots(pkgs)); len(errs) > 0 {
			ie := &InputError{}
			for _, e := range errs {
				ie.Lines = append(ie.Lines, "undo would break "+errLine(e))
			}
			return nil, ie
		}
	}
	res, err := p.result(d, false)
	if err != nil || p.mod.Path == GreenModule || !requiresGreen(p.mod.GoMod) {
		return res, err
	}
	green, err := importsGreen(p.mod.Dir, d.overlay)
	if err != nil || green {
		return res, err
	}
	if err := checkModShape(p.cfg, p.mod); err != nil {
		return nil, err
	}
	mp, files, err := undoMod(p.cfg, p.mod, d.overlay)
	p.mp = mp
	if err != nil {
		return nil, err
	}
	res.Files = append(res.Files, files...)
	return res, nil
}

func (p *planner) result(d *draft, withMod bool) (*Result, error) {
	res := &Result{}
	var paths []string
	for path := range d.overlay {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		sf := p.files[path]
		if sf == nil || string(sf.src) == string(d.overlay[path]) {
			continue
		}
		edits := d.edits[path]
		sortEdits(edits)
		res.Files = append(res.Files, &File{Path: path, Old: sf.src, New: d.overlay[path], Edits: edits, mode: sf.mode})
	}
	if withMod && p.mp != nil && len(res.Files) > 0 {
		if err := p.mp.record(p.cfg, p.roots, d.overlay); err != nil {
			return nil, err
		}
		mod, sum, note, err := p.mp.finalMod()
		if err != nil {
			return nil, err
		}
		if note != "" {
			res.Notes = append(res.Notes, Diagnostic{Pos: Position{Filename: p.mp.goMod}, Msg: note})
		}
		res.Files = append(res.Files, p.mp.files(mod, sum, "require "+GreenModule, "")...)
	}
	for _, dg := range p.diags {
		res.Diagnostics = append(res.Diagnostics, dg)
	}
	sort.Slice(res.Diagnostics, func(i, j int) bool {
		a, b := res.Diagnostics[i].Pos, res.Diagnostics[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return res.Diagnostics[i].Msg < res.Diagnostics[j].Msg
	})
	return res, nil
}

func summarize(roots []*packages.Package, files map[string]*srcFile, res *Result) []Summary {
	changed := map[string]bool{}
	for _, f := range res.Files {
		changed[f.Path] = true
	}
	by := map[string]*Summary{}
	for _, sf := range files {
		path := strings.TrimSuffix(sf.pkg.PkgPath, "_test")
		s := by[path]
		if s == nil {
			s = &Summary{Path: path}
			by[path] = s
		}
		s.Files++
		if changed[sf.path] {
			s.Changed++
		}
	}
	var out []Summary
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// qualifier prints green packages as green/x and others by name, so
// diagnostics tell the two nets apart without full paths.
func qualifier(p *types.Package) string {
	if rest, ok := strings.CutPrefix(p.Path(), GreenModule+"/"); ok {
		return rest
	}
	return p.Name()
}
