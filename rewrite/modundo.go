package rewrite

import (
	"bufio"
	"bytes"
	"errors"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// Undo's side of go.mod and go.sum. Once no file of the module imports a
// green package, greenify takes back what it added for them: the green
// requirement, the replace that -green wrote, the go line it raised (from
// the comment it left there), the // indirect requirements of the green
// module's dependencies that no package of the module needs any more, and
// the go.sum lines of those modules that the build does not need. A go.sum
// left empty is removed: greenify had created it. Requirements greenify
// raised to newer versions stay raised: nothing says what they were.

// importsGreen reports whether any Go file of the module in modDir imports
// a package of the green module, reading planned sources from overlay. It
// walks the whole module, not only the packages named on the command line,
// and never into a nested module, vendor/ or testdata/.
func importsGreen(modDir string, overlay map[string][]byte) (bool, error) {
	found := false
	fset := token.NewFileSet()
	err := filepath.WalkDir(modDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path == modDir {
				return nil
			}
			if name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module is a module of its own
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		src, ok := overlay[path]
		if !ok {
			if src, err = os.ReadFile(path); err != nil {
				return err
			}
		}
		f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
		if err != nil {
			return nil // not ours to judge; the load reports what matters
		}
		for _, s := range f.Imports {
			if p, _ := strconv.Unquote(s.Path.Value); p == GreenModule || strings.HasPrefix(p, GreenModule+"/") {
				found = true
			}
		}
		return nil
	})
	return found, err
}

// requiresGreen reports whether the go.mod at path requires the green
// module.
func requiresGreen(path string) bool {
	text, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	mf, err := modfile.ParseLax(path, text, nil)
	if err != nil {
		return false
	}
	for _, r := range mf.Require {
		if r.Mod.Path == GreenModule {
			return true
		}
	}
	return false
}

// undoMod plans go.mod and go.sum for a module whose planned sources
// (overlay) import no green package any more. It returns nil when go.mod
// does not require the green module.
func undoMod(cfg *Config, mod *packages.Module, overlay map[string][]byte) (*modPlan, []*File, error) {
	m, err := newModPlan(cfg, mod.GoMod, nil)
	if err != nil {
		return nil, nil, err
	}
	mf, err := modfile.Parse(m.goMod, m.oldMod, nil)
	if err != nil {
		return m, nil, err
	}
	greenReq := ""
	for _, r := range mf.Require {
		if r.Mod.Path == GreenModule {
			greenReq = r.Mod.Path + "@" + r.Mod.Version
		}
	}
	if greenReq == "" || mf.Module == nil || mf.Module.Mod.Path == GreenModule {
		return m, nil, nil
	}
	for _, t := range mf.Tool {
		if t.Path == GreenTool {
			return m, nil, nil // pinned for the build mode: the requirement stays
		}
	}
	// The modules the green module brought in: its part of the module graph.
	graph, err := m.goCmd(cfg, "mod graph")
	if err != nil {
		return m, nil, inputErr("undo: go mod graph: %s", lastLine(err.Error()))
	}
	brought := reachable(graph, greenReq)
	brought[GreenModule] = true

	// Drop the green requirement and every // indirect one of a module it
	// brought in; a load of the whole module with -mod=mod on the copy then
	// adds back whatever is still needed, and writes the go.sum lines the
	// build needs into the copy's go.sum, seeded with the lines of modules
	// the green module did not bring in.
	dropped := map[string]bool{GreenModule: true}
	for _, r := range mf.Require {
		if r.Indirect && brought[r.Mod.Path] {
			dropped[r.Mod.Path] = true
		}
	}
	text, err := undoModText(mf, dropped, cfg)
	if err != nil {
		return m, nil, err
	}
	err = os.WriteFile(m.modPath, text, 0o666)
	if err == nil {
		err = os.WriteFile(m.sumPath, filterSum(m.oldSum, func(line string) bool { return !brought[sumModule(line)] }), 0o666)
	}
	if err != nil {
		return m, nil, err
	}
	if err := m.loadAll(cfg, mod, overlay); err != nil {
		return m, nil, err
	}
	after, err := m.readTemp()
	if err != nil {
		return m, nil, err
	}
	readded := false
	for _, r := range after.Require {
		if dropped[r.Mod.Path] && r.Mod.Path != GreenModule {
			delete(dropped, r.Mod.Path) // still needed: keep the user's line as it is
			readded = true
		}
	}
	if readded {
		if mf, err = modfile.Parse(m.goMod, m.oldMod, nil); err != nil {
			return m, nil, err
		}
		if text, err = undoModText(mf, dropped, cfg); err != nil {
			return m, nil, err
		}
	}
	needed, err := os.ReadFile(m.sumPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return m, nil, err
	}
	keep := map[string]bool{}
	for _, l := range strings.Split(string(needed), "\n") {
		keep[l] = true
	}
	sum := filterSum(m.oldSum, func(line string) bool { return !brought[sumModule(line)] || keep[line] })
	if len(sum) == 0 {
		sum = nil
	}
	return m, m.files(text, sum, "", "require "+GreenModule), nil
}

// undoModText drops the requirements in dropped from mf, the replace of the
// green module that -green wrote, and puts back a go line greenify raised.
func undoModText(mf *modfile.File, dropped map[string]bool, cfg *Config) ([]byte, error) {
	for p := range dropped {
		if err := mf.DropRequire(p); err != nil {
			return nil, err
		}
	}
	if r := replaceOf(mf); r != nil && cfg.GreenDir != "" {
		dir, err := greenDir(cfg)
		if err != nil {
			return nil, err
		}
		if r.New.Version == "" && filepath.Clean(r.New.Path) == dir {
			if err := mf.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, err
			}
		}
	}
	if mf.Go != nil {
		for _, c := range mf.Go.Syntax.Comments.Suffix {
			if old, ok := strings.CutPrefix(c.Token, wasGo); ok {
				if err := mf.AddGoStmt(strings.TrimSpace(old)); err != nil {
					return nil, err
				}
				mf.Go.Syntax.Comments.Suffix = nil
			}
		}
	}
	mf.Cleanup()
	return mf.Format()
}

// loadAll lists every package of the module and its dependencies, tests
// included, with the planned sources and -mod=mod on the temporary go.mod:
// go adds to the copy the requirements and go.sum lines that building,
// vetting and testing any package of the module needs.
func (m *modPlan) loadAll(cfg *Config, mod *packages.Module, overlay map[string][]byte) error {
	var flags []string
	if cfg.Tags != "" {
		flags = append(flags, "-tags="+cfg.Tags)
	}
	flags = append(flags, "-modfile="+m.modPath, "-mod=mod")
	env := cfg.env()
	pc := &packages.Config{
		Mode:       packages.NeedName | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir:        mod.Dir,
		Env:        append(env[:len(env):len(env)], "GOWORK=off"),
		BuildFlags: flags,
		Tests:      true,
		Overlay:    overlay,
	}
	cfg.logf("listing %s/... for go.sum", mod.Path)
	if _, err := packages.Load(pc, "./..."); err != nil {
		return inputErr("undo: %s", firstLine(err.Error()))
	}
	return nil
}

// reachable returns the module paths reachable from start in the output of
// go mod graph.
func reachable(graph []byte, start string) map[string]bool {
	edges := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(graph))
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), " ")
		if ok {
			edges[from] = append(edges[from], to)
		}
	}
	seen := map[string]bool{start: true}
	out := map[string]bool{}
	stack := []string{start}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, to := range edges[n] {
			if !seen[to] {
				seen[to] = true
				path, _, _ := strings.Cut(to, "@")
				out[path] = true
				stack = append(stack, to)
			}
		}
	}
	return out
}

// sumModule is the module path of a go.sum line.
func sumModule(line string) string {
	path, _, _ := strings.Cut(line, " ")
	return path
}

// filterSum keeps the lines of a go.sum for which keep is true, in their
// order.
func filterSum(sum []byte, keep func(line string) bool) []byte {
	var out []byte
	for _, l := range strings.SplitAfter(string(sum), "\n") {
		if l == "" {
			continue
		}
		if keep(strings.TrimSuffix(l, "\n")) {
			out = append(out, l...)
		}
	}
	return out
}
