package rewrite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// A modPlan is the temporary copy of the user's go.mod and go.sum that
// planning runs against (go's -modfile flag): go get and the verifying
// loads change the copy, never the user's files. When all of it compiles,
// the user's go.mod gets only the changes the copy needed (see mergeMod)
// and go.sum the copy's lines.
type modPlan struct {
	dir              string // temporary directory holding go.mod and go.sum
	modPath, sumPath string // the temporary go.mod and go.sum
	goMod, goSum     string // the user's files
	oldMod, oldSum   []byte // their contents; oldSum is nil when there is no go.sum
	// listed is what the last verifying listing on the temporary go.mod
	// recorded (see record).
	listed *listing
}

// A listing is a verifying go list -deps with -mod=mod on the temporary
// go.mod that resolved what building and testing every root resolves
// outside the main module (graph.go): the imports of the planned sources
// it saw, and go's first package error, which record reports.
type listing struct {
	imports string // importSig of the overlay listed
	cause   string // "" when no package had an error
}

func (m *modPlan) cleanup() {
	if m != nil && m.dir != "" {
		os.RemoveAll(m.dir)
	}
}

const zeroPseudoVersion = "v0.0.0-00010101000000-000000000000"

// wasGo marks a go line greenify raised because the green module needs a
// newer one; undo reads the old version back from it.
const wasGo = "// greenify: was go "

// greenVersion is the version of the green module go get should fetch: the
// one greenify was built from. A development build has none; it needs the
// user's replace directive (kept) or -green.
func greenVersion(cfg *Config) (string, error) {
	if cfg.GreenVersion != "" {
		return cfg.GreenVersion, nil
	}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if bi.Main.Path == GreenModule && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version, nil
		}
		for _, d := range bi.Deps {
			if d.Path == GreenModule {
				return d.Version, nil
			}
		}
	}
	return "", nil
}

// newModPlan copies goMod (and its go.sum, when there is one) to a new
// temporary directory, with mod as the copy's go.mod when it is not nil.
func newModPlan(cfg *Config, goMod string, mod []byte) (*modPlan, error) {
	m := &modPlan{goMod: goMod, goSum: strings.TrimSuffix(goMod, ".mod") + ".sum"}
	var err error
	if m.oldMod, err = os.ReadFile(goMod); err != nil {
		return nil, err
	}
	m.oldSum, err = os.ReadFile(m.goSum)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if mod == nil {
		mod = m.oldMod
	}
	// The temporary go.mod goes where the go commands' own temporary files
	// go: the TMPDIR of the Config's environment.
	tmp, _ := lookupEnv(cfg.env(), "TMPDIR")
	if m.dir, err = os.MkdirTemp(tmp, "greenify-mod-"); err != nil {
		return nil, err
	}
	m.modPath = filepath.Join(m.dir, "go.mod")
	m.sumPath = filepath.Join(m.dir, "go.sum")
	err = os.WriteFile(m.modPath, mod, 0o666)
	if err == nil && m.oldSum != nil {
		err = os.WriteFile(m.sumPath, m.oldSum, 0o666)
	}
	if err != nil {
		m.cleanup()
		return nil, err
	}
	return m, nil
}

// prepareMod makes the temporary go.mod that forward planning runs
// against: the user's, with the green module got into it.
func prepareMod(cfg *Config, goMod string) (*modPlan, error) {
	text, err := os.ReadFile(goMod)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.Parse(goMod, text, nil)
	if err != nil {
		return nil, err
	}
	replaced := false
	for _, r := range mf.Replace {
		if r.Old.Path == GreenModule {
			replaced = true
		}
	}
	// Code inside the green module itself (its examples) already has the
	// green packages: nothing to get.
	self := mf.Module != nil && mf.Module.Mod.Path == GreenModule
	version, _ := greenVersion(cfg)
	if cfg.GreenDir != "" && !self && !replaced {
		dir, err := greenDir(cfg)
		if err != nil {
			return nil, err
		}
		if err := mf.AddReplace(GreenModule, "", dir, ""); err != nil {
			return nil, err
		}
		replaced = true
	}
	for _, r := range mf.Require {
		if r.Mod.Path == GreenModule {
			version = r.Mod.Version // already required: keep that version
		}
	}
	if replaced && version == "" {
		// A replaced module needs no real version; this is the one go
		// itself writes for it.
		version = zeroPseudoVersion
	} else if version == "" && !self {
		return nil, inputErr("greenify is a development build with no module version: add `replace %s => /path/to/checkout` to %s or pass -green=/path/to/checkout", GreenModule, goMod)
	}
	mf.Cleanup()
	if text, err = mf.Format(); err != nil {
		return nil, err
	}
	m, err := newModPlan(cfg, goMod, text)
	if err != nil || self {
		return m, err
	}
	// Get the module, not its packages: a package path makes go ask the
	// proxy whether that path is a module of its own first, and a proxy that
	// answers 403 instead of 404 fails the whole get.
	if _, err := m.goCmd(cfg, "get", GreenModule+"@"+version); err != nil {
		m.cleanup()
		return nil, inputErr("preparing go.mod: %s", lastLine(err.Error()))
	}
	// go get also rewrites what it need not (go 1.26 becomes go 1.26.0):
	// plan against what will be written.
	merged, _, err := m.merge()
	if err == nil {
		err = os.WriteFile(m.modPath, merged, 0o666)
	}
	if err != nil {
		m.cleanup()
		return nil, err
	}
	return m, nil
}

// greenDir is the absolute path of -green, checked to be a checkout.
func greenDir(cfg *Config) (string, error) {
	dir, err := filepath.Abs(cfg.GreenDir)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return "", inputErr("-green=%s: not a checkout of %s (no go.mod)", cfg.GreenDir, GreenModule)
	}
	return dir, nil
}

// goCmd runs a go subcommand on the temporary go.mod, in the user's module
// directory, and returns its standard output. Workspace mode does not
// allow -modfile; planWorkspace has refused a workspace before this runs.
func (m *modPlan) goCmd(cfg *Config, verb string, args ...string) ([]byte, error) {
	args = append(append(strings.Fields(verb), "-modfile="+m.modPath), args...)
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(m.goMod)
	cmd.Env = append(cfg.env(), "GOWORK=off")
	if verb == "get" {
		cmd.Env = append(cmd.Env, "GOFLAGS=-mod=mod")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cfg.logf("go %s", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		return nil, errors.New(strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// record lists the roots' packages, their tests and every dependency with
// the planned sources and -mod=mod on the temporary go.mod, so that go adds
// to the copy the requirements and go.sum lines that building and testing
// them needs, and refuses, in one line, when go could not.
//
// The verifying loads run with -mod=mod too, but they cannot be trusted to
// have recorded anything: they ask for export data, and go/packages then
// treats a failing go list as a build that failed and returns what it
// printed, which is nothing when go failed before listing a package. That
// happens where go must verify a module the build needs against the
// checksum database and cannot reach it (offline, its tiles not in the
// module cache): go cannot record the module's go.sum line, and a go.mod
// written then would not build in the user's shell ("missing go.sum
// entry"). go does not trust a module because it is in the module cache
// (it may have been put there unverified), so greenify does not either:
// the lines come from go, or nothing is written.
//
// Verification resolves the same imports the same way (its graph), so
// when the planned sources still import what they imported then, that
// listing has recorded them already and its verdict stands.
func (m *modPlan) record(cfg *Config, roots []*packages.Package, overlay map[string][]byte) error {
	if l := m.listed; l != nil && l.imports == importSig(overlay) {
		cfg.logf("go.mod and go.sum: recorded by the verifying listing")
		if l.cause != "" {
			return m.notRecorded(l.cause)
		}
		return nil
	}
	args := []string{"-e", "-deps", "-mod=mod", "-f", "{{if .Error}}{{.ImportPath}}: {{.Error.Err}}\n{{end}}"}
	if !cfg.NoTests {
		args = append(args, "-test")
	}
	if cfg.Tags != "" {
		args = append(args, "-tags="+cfg.Tags)
	}
	if len(overlay) > 0 {
		file, err := m.writeOverlay(overlay)
		if err != nil {
			return err
		}
		args = append(args, "-overlay="+file)
	}
	args = append(args, rootPaths(roots)...)
	cfg.logf("listing the rewritten packages' dependencies for go.mod and go.sum")
	out, err := m.goCmd(cfg, "list", args...)
	cause := ""
	switch {
	case err != nil:
		cause = goCause(err.Error())
	case len(bytes.TrimSpace(out)) > 0:
		// With -e, a dependency go could not find is reported on the
		// package and go list succeeds; the build would not.
		cause = firstLine(string(out))
	default:
		return nil
	}
	return m.notRecorded(cause)
}

// rootPaths are the import paths that list the roots and their tests.
func rootPaths(roots []*packages.Package) []string {
	paths := map[string]bool{}
	for _, p := range roots {
		// An external test package is listed by its package under test.
		paths[strings.TrimSuffix(p.PkgPath, "_test")] = true
	}
	return sortedKeys(paths)
}

// listCauseOf is record's verdict on a listing made through go/packages:
// the first package error go list reported, as record's own go list
// prints it ("" for none).
func listCauseOf(graph []*packages.Package) string {
	var causes []string
	packages.Visit(graph, nil, func(q *packages.Package) {
		for _, e := range q.Errors {
			if e.Kind == packages.ListError {
				causes = append(causes, q.ID+": "+firstLine(e.Msg))
				break
			}
		}
	})
	if len(causes) == 0 {
		return ""
	}
	sort.Strings(causes)
	return causes[0]
}

// importSig sums up what the planned sources import: record's listing
// holds as long as it does not change.
func importSig(overlay map[string][]byte) string {
	return sigOf(overlay, importsOf(overlay))
}

// sigOf is importSig from the imports already read (importsOf).
func sigOf(overlay map[string][]byte, imports map[string][]string) string {
	var b strings.Builder
	for _, name := range sortedKeys(overlay) {
		b.WriteString(name)
		for _, path := range imports[name] {
			b.WriteString(" " + path)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// notRecorded is the refusal when go could not record in the temporary
// go.mod and go.sum what the rewritten packages need; cause is go's line.
func (m *modPlan) notRecorded(cause string) error {
	return inputErr("%s: go could not record the requirements and go.sum lines the rewritten packages need (nothing written): %s", m.goMod, cause)
}

// listCause is go's own line in the error go/packages makes of a go list
// that failed as a whole ("err: exit status 1: stderr: <go's output>").
func listCause(err error) string {
	s := err.Error()
	if _, after, ok := strings.Cut(s, "stderr: "); ok {
		s = after
	}
	return goCause(s)
}

// writeOverlay writes the planned sources into the plan's temporary
// directory and returns the path of an overlay file for go's -overlay
// flag that puts them in place of the originals.
func (m *modPlan) writeOverlay(overlay map[string][]byte) (string, error) {
	dir := filepath.Join(m.dir, "overlay")
	if err := os.Mkdir(dir, 0o777); err != nil && !errors.Is(err, os.ErrExist) {
		return "", err
	}
	replace := map[string]string{}
	for i, name := range sortedKeys(overlay) {
		tmp := filepath.Join(dir, fmt.Sprintf("%d_%s", i, filepath.Base(name)))
		if err := os.WriteFile(tmp, overlay[name], 0o666); err != nil {
			return "", err
		}
		replace[name] = tmp
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		return "", err
	}
	file := filepath.Join(m.dir, "overlay.json")
	return file, os.WriteFile(file, data, 0o666)
}

// goCause is the line of a go command's error that says what went wrong:
// the first one that is not progress (go: downloading ...).
func goCause(s string) string {
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "go: downloading ") && !strings.HasPrefix(l, "go: finding ") {
			return l
		}
	}
	return lastLine(s)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lastLine is the last line of a go command's error: where it puts the
// cause.
func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// merge returns the user's go.mod with only the changes the temporary one
// needed: requirements added or raised, the replace -green asked for, and a
// go line raised only when the green module needs a newer one — then with
// a comment that keeps the old version for undo, and a note saying so.
// Everything else (a go line written 1.26 that go get would make 1.26.0, a
// toolchain line) stays as the user wrote it.
func (m *modPlan) merge() (text []byte, note string, err error) {
	planned, err := m.readTemp()
	if err != nil {
		return nil, "", err
	}
	mf, err := modfile.Parse(m.goMod, m.oldMod, nil)
	if err != nil {
		return nil, "", err
	}
	changed := false
	have := map[string]*modfile.Require{}
	var reqs []*modfile.Require
	for _, r := range mf.Require {
		c := *r
		have[r.Mod.Path] = &c
		reqs = append(reqs, &c)
	}
	for _, r := range planned.Require {
		// The rewritten code imports the green module; go get ran before
		// it did and calls it indirect.
		indirect := r.Indirect && r.Mod.Path != GreenModule
		if h := have[r.Mod.Path]; h != nil {
			if h.Mod.Version != r.Mod.Version || h.Indirect && !indirect {
				h.Mod.Version, h.Indirect, changed = r.Mod.Version, indirect, true
			}
			continue
		}
		reqs = append(reqs, &modfile.Require{Mod: r.Mod, Indirect: indirect})
		changed = true
	}
	if changed {
		mf.SetRequireSeparateIndirect(reqs)
	}
	if replaceOf(mf) == nil {
		if r := replaceOf(planned); r != nil {
			if err := mf.AddReplace(r.Old.Path, r.Old.Version, r.New.Path, r.New.Version); err != nil {
				return nil, "", err
			}
			changed = true
		}
	}
	if planned.Go != nil && (mf.Go == nil || version.Compare("go"+mf.Go.Version, "go"+planned.Go.Version) < 0) {
		old := "(none)"
		if mf.Go != nil {
			old = mf.Go.Version
		}
		if err := mf.AddGoStmt(planned.Go.Version); err != nil {
			return nil, "", err
		}
		if old != "(none)" {
			mf.Go.Syntax.Comments.Suffix = []modfile.Comment{{Token: wasGo + old, Suffix: true}}
		}
		note = fmt.Sprintf("go line raised from %s to %s: the green module needs go %s", old, planned.Go.Version, planned.Go.Version)
		changed = true
	}
	if !changed {
		return m.oldMod, "", nil
	}
	mf.Cleanup()
	text, err = mf.Format()
	return text, note, err
}

func (m *modPlan) readTemp() (*modfile.File, error) {
	text, err := os.ReadFile(m.modPath)
	if err != nil {
		return nil, err
	}
	return modfile.Parse(m.goMod, text, nil)
}

func replaceOf(mf *modfile.File) *modfile.Replace {
	for _, r := range mf.Replace {
		if r.Old.Path == GreenModule {
			return r
		}
	}
	return nil
}

// finalMod returns the new go.mod and go.sum, and the note about the go
// line if it had to be raised. go.sum is the temporary one: go get and the
// verifying loads (run with -mod=mod on the temporary go.mod) added every
// line the rewritten packages and their tests need to build.
func (m *modPlan) finalMod() (mod, sum []byte, note string, err error) {
	if mod, note, err = m.merge(); err != nil {
		return nil, nil, "", err
	}
	sum, err = os.ReadFile(m.sumPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, "", err
	}
	return mod, sum, note, nil
}

// files returns go.mod and go.sum as changed Files, leaving out the ones
// that do not change. A nil sum where there was a go.sum removes it.
func (m *modPlan) files(mod, sum []byte, added, removed string) []*File {
	var out []*File
	if !bytes.Equal(mod, m.oldMod) {
		out = append(out, &File{Path: m.goMod, Old: m.oldMod, New: mod, mode: 0o644,
			Edits: []Edit{{Pos: Position{Filename: m.goMod}, Kind: "go.mod", Old: removed, New: added}}})
	}
	if !bytes.Equal(sum, m.oldSum) {
		out = append(out, &File{Path: m.goSum, Old: m.oldSum, New: sum, Remove: sum == nil, mode: 0o644,
			Edits: []Edit{{Pos: Position{Filename: m.goSum}, Kind: "go.sum", Old: removed, New: added}}})
	}
	return out
}

// checkModShape refuses, with one line, the module layouts in which
// greenify cannot change go.mod and go.sum so that the result builds: a
// module in a go.work workspace (planning needs go's -modfile, which
// workspace mode does not allow) and a vendored module (greenify does not
// write vendor/). Each message says how to go on.
func checkModShape(cfg *Config, mod *packages.Module) error {
	if work := goWork(cfg, mod.Dir); work != "" {
		return inputErr("%s: module %s is in a go.work workspace, where greenify cannot plan against a copy of its go.mod: if it builds on its own, run greenify with GOWORK=off", work, mod.Path)
	}
	if _, err := os.Stat(filepath.Join(mod.Dir, "vendor", "modules.txt")); err == nil && !modMod(cfg) {
		return inputErr("%s: the module vendors its dependencies and greenify does not write vendor/: run GOFLAGS=-mod=mod greenify, then go mod vendor", filepath.Join(mod.Dir, "vendor", "modules.txt"))
	}
	return nil
}

// goWork is the go.work file go would use in dir, as go env GOWORK finds
// it, or "".
func goWork(cfg *Config, dir string) string {
	if v, ok := lookupEnv(cfg.env(), "GOWORK"); ok && v != "" {
		if v == "off" {
			return ""
		}
		return v
	}
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "go.work")); err == nil && !st.IsDir() {
			return filepath.Join(d, "go.work")
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// modMod reports whether GOFLAGS asks for -mod=mod.
func modMod(cfg *Config) bool {
	v, _ := lookupEnv(cfg.env(), "GOFLAGS")
	for _, f := range strings.Fields(v) {
		if f == "-mod=mod" || f == "--mod=mod" {
			return true
		}
	}
	return false
}

// lookupEnv finds key in env the way exec does: the last entry wins.
func lookupEnv(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v, true
		}
	}
	return "", false
}
