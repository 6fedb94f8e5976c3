package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadMode is what planning needs: syntax and full type information for
// the packages named, export data for everything they import. It is the
// same mode a type-aware vet-like tool uses, so loading is the floor of the
// rewriter's cost. The export files (go list -export made them anyway)
// let verification read whole a package the first load knew only through
// others' export data.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo |
	packages.NeedModule | packages.NeedExportFile

type loadOpts struct {
	patterns []string
	modfile  string            // -modfile, or "" for the user's go.mod
	overlay  map[string][]byte // planned sources
}

func load(cfg *Config, o loadOpts) ([]*packages.Package, *token.FileSet, error) {
	return loadWith(cfg, o, loadMode)
}

func loadWith(cfg *Config, o loadOpts, mode packages.LoadMode) ([]*packages.Package, *token.FileSet, error) {
	fset := token.NewFileSet()
	var flags []string
	if cfg.Tags != "" {
		flags = append(flags, "-tags="+cfg.Tags)
	}
	if o.modfile != "" {
		// The temporary go.mod is planning's own: -mod=mod lets go add the
		// requirements and go.sum lines the planned sources need to it, and
		// they are what greenify writes.
		flags = append(flags, "-modfile="+o.modfile, "-mod=mod")
	}
	env := cfg.env()
	if o.modfile != "" {
		env = append(env[:len(env):len(env)], "GOWORK=off")
	}
	pc := &packages.Config{
		Mode:       mode,
		Dir:        cfg.Dir,
		Env:        env,
		BuildFlags: flags,
		Tests:      !cfg.NoTests,
		Fset:       fset,
		Overlay:    o.overlay,
		ParseFile:  parseFile,
	}
	pkgs, err := packages.Load(pc, o.patterns...)
	if err != nil {
		return nil, nil, inputErr("%s", firstLine(err.Error()))
	}
	return pkgs, fset, nil
}

// parseFile parses as go/packages does, without the ast.Object resolution
// it keeps only for old tools: the types say what every name means, and
// resolved objects would tie each declaration to the whole file (dst
// decorates what an object points to).
func parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
}

// pkgErrors returns the errors of pkgs, one line each, deduplicated (test
// variants repeat their package's errors) and sorted.
func pkgErrors(pkgs []*packages.Package) []packages.Error {
	seen := map[string]bool{}
	var out []packages.Error
	for _, p := range pkgs {
		for _, e := range p.Errors {
			if strings.HasPrefix(e.Msg, "# ") && len(p.Errors) > 1 {
				continue // go build's header over errors listed on their own
			}
			e = importCause(p, e)
			file, _, _ := parsePos(e.Pos)
			k := file // one line per file: the first error says enough
			if file == "" || file == "-" {
				k = e.Msg
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}

// importCause replaces go/types' "could not import P (...)" with why P
// could not be loaded, go list's error on P (say, no module provides it),
// at the same position: the type checker only saw that P came back empty.
func importCause(p *packages.Package, e packages.Error) packages.Error {
	rest, ok := strings.CutPrefix(e.Msg, "could not import ")
	if e.Kind != packages.TypeError || !ok {
		return e
	}
	path, _, _ := strings.Cut(rest, " ")
	dep := p.Imports[path]
	if dep == nil || len(dep.Errors) == 0 {
		return e
	}
	e.Msg = strings.Join(strings.Fields(dep.Errors[0].Msg), " ")
	return e
}

func errLine(e packages.Error) string {
	msg := firstLine(e.Msg)
	if e.Pos == "" || e.Pos == "-" {
		return msg
	}
	return e.Pos + ": " + msg
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// parsePos splits a packages.Error position "file:line:col".
func parsePos(s string) (file string, line, col int) {
	parts := strings.Split(s, ":")
	n := len(parts)
	if n >= 3 {
		l, err1 := strconv.Atoi(parts[n-2])
		c, err2 := strconv.Atoi(parts[n-1])
		if err1 == nil && err2 == nil {
			return strings.Join(parts[:n-2], ":"), l, c
		}
	}
	if n >= 2 {
		if l, err := strconv.Atoi(parts[n-1]); err == nil {
			return strings.Join(parts[:n-1], ":"), l, 0
		}
	}
	return s, 0, 0
}

// mainModule finds the one main module the roots belong to.
func mainModule(pkgs []*packages.Package) (*packages.Module, error) {
	var mod *packages.Module
	for _, p := range pkgs {
		if p.Module == nil || !p.Module.Main {
			continue
		}
		if mod != nil && mod.Path != p.Module.Path {
			return nil, fmt.Errorf("packages from two main modules (%s, %s): run greenify in each", mod.Path, p.Module.Path)
		}
		mod = p.Module
	}
	if mod == nil {
		return nil, fmt.Errorf("no package of a main module matched (greenify rewrites only the module it runs in)")
	}
	if mod.GoMod == "" {
		mod.GoMod = filepath.Join(mod.Dir, "go.mod")
	}
	return mod, nil
}

// reverseDeps returns the import paths of the roots that are touched or
// import a touched root, directly or through other roots: the packages
// whose types can change when the touched ones are rewritten.
func reverseDeps(roots []*packages.Package, touched map[string]bool) []string {
	byID := map[string]*packages.Package{}
	for _, p := range roots {
		byID[p.ID] = p
	}
	memo := map[string]bool{}
	var reaches func(p *packages.Package, depth int) bool
	reaches = func(p *packages.Package, depth int) bool {
		if v, ok := memo[p.ID]; ok {
			return v
		}
		memo[p.ID] = false // cycles are impossible, but be safe
		v := touched[p.PkgPath]
		for _, imp := range p.Imports {
			if q, ok := byID[imp.ID]; ok && !v && depth < 1000 {
				v = reaches(q, depth+1)
			}
		}
		memo[p.ID] = v
		return v
	}
	set := map[string]bool{}
	for _, p := range roots {
		if strings.HasSuffix(p.ID, ".test") {
			continue // synthesized test main
		}
		if reaches(p, 0) {
			path := p.PkgPath
			if strings.HasSuffix(p.Name, "_test") { // external test package: go list names it by its package under test
				path = strings.TrimSuffix(path, "_test")
			}
			set[path] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// LoadOnly loads the packages exactly as Plan's first phase does and
// returns how many it loaded: the floor greenify's speed is measured
// against (scripts/bench-rewrite.sh).
func LoadOnly(cfg *Config) (int, error) {
	if len(cfg.Patterns) == 0 {
		cfg.Patterns = []string{"."}
	}
	pkgs, _, err := load(cfg, loadOpts{patterns: cfg.Patterns})
	if err != nil {
		return 0, err
	}
	return len(pkgs), nil
}
