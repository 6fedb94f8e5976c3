package rewrite

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/goproxytest"
	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/tools/imports"
)

var update = flag.Bool("update", false, "rewrite the expectations of testdata/rewrite/*.txtar")

// repoRoot is the checkout the cases' go.mod points at.
func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// A golden case is a txtar archive:
//
//	comment          what the case shows
//	-- flags --      greenify flags (optional)
//	-- go.mod --     the input module, and its other files
//	-- proxy/M_V/F -- file F of module M at version V, served by goproxytest
//	-- want/F --     F after the rewrite (absent: F must not change)
//	-- want/diagnostics -- expected diagnostics, one a line (absent: none)
//	-- want/error -- expected bad-input error (then nothing else is checked)
//
// Every case is also run backwards: -w then -undo -w must give back the
// original bytes of every .go file, and a second -w must change nothing.
func TestGolden(t *testing.T) {
	cases, _ := filepath.Glob("../testdata/rewrite/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no golden cases")
	}
	root := repoRoot(t)
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each case has its own module, temp dir and proxy
			runGolden(t, c, root)
		})
	}
}

func runGolden(t *testing.T, path, root string) {
	ar, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mod := filepath.Join(dir, "m")
	var flags string
	want := map[string][]byte{}
	proxy := map[string]*txtar.Archive{}
	orig := map[string][]byte{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "flags":
			flags = strings.TrimSpace(string(f.Data))
		case strings.HasPrefix(f.Name, "want/"):
			want[strings.TrimPrefix(f.Name, "want/")] = f.Data
		case strings.HasPrefix(f.Name, "proxy/"):
			mv, file, _ := strings.Cut(strings.TrimPrefix(f.Name, "proxy/"), "/")
			if proxy[mv] == nil {
				proxy[mv] = &txtar.Archive{}
			}
			proxy[mv].Files = append(proxy[mv].Files, txtar.File{Name: file, Data: f.Data})
		default:
			// $GREEN in a case stands for the green module's checkout.
			data := []byte(strings.ReplaceAll(string(f.Data), "$GREEN", root))
			writeFile(t, filepath.Join(mod, f.Name), data)
			orig[f.Name] = data
		}
	}
	// Every temporary file greenify or the go commands make goes here, and
	// none may be left after any step: success, refusal or error.
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	noTemp := func(after string) {
		t.Helper()
		if es, _ := os.ReadDir(tmp); len(es) > 0 {
			var names []string
			for _, e := range es {
				names = append(names, e.Name())
			}
			t.Errorf("after %s, left in the temp dir: %s", after, strings.Join(names, " "))
		}
	}
	// The user's environment as a plain shell has it: no -mod=mod, which
	// would let go add missing go.sum lines by itself and hide a go.sum
	// greenify wrote short; no network (the checksum database included).
	env := append(os.Environ(), "GOSUMDB=off", "GOWORK=off", "TMPDIR="+tmp)
	if len(proxy) > 0 {
		pdir := filepath.Join(dir, "proxy")
		for mv, a := range proxy {
			writeFile(t, filepath.Join(pdir, mv+".txtar"), txtar.Format(a))
		}
		srv := goproxytest.NewTestServer(t, pdir, "")
		env = append(env, "GOPROXY="+srv.URL, "GONOSUMDB=*", "GOPRIVATE=")
	} else {
		env = append(env, "GOPROXY=off")
	}
	if _, hasSum := orig["go.sum"]; !hasSum && bytes.Contains(orig["go.mod"], []byte("require")) {
		// A case that requires modules states its go.mod but not the go.sum
		// lines; complete the input so that it builds before greenify runs,
		// as a user's module does, and compare the undo with that.
		prepareInput(t, mod, env)
		for _, name := range []string{"go.mod", "go.sum"} {
			if b, err := os.ReadFile(filepath.Join(mod, name)); err == nil {
				orig[name] = b
			}
		}
	}
	newCfg := func() *Config {
		cfg, err := parseFlags(flags)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Dir, cfg.Env, cfg.GreenDir = mod, env, root
		if testing.Verbose() {
			cfg.Log = func(f string, a ...any) { t.Logf(time.Now().Format("15:04:05.000 ")+f, a...) }
		}
		return cfg
	}
	gotDiags := func(res *Result) string {
		var b strings.Builder
		for _, d := range res.Diagnostics {
			d.Pos.Filename = relTo(mod, d.Pos.Filename)
			fmt.Fprintln(&b, d)
		}
		return b.String()
	}

	res, err := Plan(context.Background(), newCfg())
	noTemp("the plan")
	if wantErr, ok := want["error"]; ok || err != nil {
		var ie *InputError
		if err == nil || !errors.As(err, &ie) {
			t.Fatalf("want bad-input error %q, got %v", wantErr, err)
		}
		got := strings.ReplaceAll(err.Error(), mod+string(filepath.Separator), "") + "\n"
		if *update {
			want["error"] = []byte(got)
			saveGolden(t, path, ar, want)
			return
		}
		if got != string(wantErr) {
			t.Fatalf("error:\n%s\nwant:\n%s", got, wantErr)
		}
		assertFiles(t, mod, orig, nil) // nothing written
		return
	}
	got := map[string][]byte{"diagnostics": []byte(gotDiags(res))}
	for _, f := range res.Files {
		rel := relTo(mod, f.Path)
		if strings.HasSuffix(rel, ".go") {
			got[rel] = f.New
			if src, err := format.Source(f.New); err != nil || !bytes.Equal(src, f.New) {
				t.Errorf("%s: output is not gofmt-clean (%v)", rel, err)
			}
			if goimportsClean(f.Path, f.Old) && !goimportsClean(f.Path, f.New) {
				out, _ := goimports(f.Path, f.New)
				t.Errorf("%s: goimports would change the rewritten file:\n%s", rel, out)
			}
		}
	}
	if *update {
		saveGolden(t, path, ar, got)
	} else {
		checkWant(t, orig, want, got)
	}
	if len(res.Files) == 0 {
		return
	}
	if _, err := res.Write(); err != nil {
		t.Fatal(err)
	}
	noTemp("writing")
	// Idempotent: a second run plans nothing.
	again, err := Plan(context.Background(), newCfg())
	noTemp("the second run")
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	for _, f := range again.Files {
		t.Errorf("second run changes %s:\n%s", relTo(mod, f.Path), f.New)
	}
	// Backwards: -undo gives back the original bytes of every .go file.
	ucfg := newCfg()
	ucfg.Undo = true
	undo, err := Plan(context.Background(), ucfg)
	if err != nil {
		t.Fatalf("undo: %v", err)
	}
	if _, err := undo.Write(); err != nil {
		t.Fatal(err)
	}
	noTemp("undo")
	assertTree(t, mod, orig)
}

// assertTree checks that dir holds exactly files, byte for byte: sources,
// go.mod and go.sum (absent when the case had none).
func assertTree(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	assertFiles(t, dir, files, nil)
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if _, ok := files[relTo(dir, path)]; !ok {
				t.Errorf("%s is left after undo", relTo(dir, path))
			}
		}
		return nil
	})
}

// goimports formats src as goimports does on save in an editor: imports
// sorted and grouped, none added or removed.
func goimports(path string, src []byte) ([]byte, error) {
	return imports.Process(path, src, &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
}

func goimportsClean(path string, src []byte) bool {
	out, err := goimports(path, src)
	return err == nil && bytes.Equal(out, src)
}

// prepareInput adds to the case's go.mod and go.sum what its own imports
// need, as go mod tidy would for a user.
func prepareInput(t *testing.T, dir string, env []string) {
	t.Helper()
	cmd := exec.Command("go", "list", "-mod=mod", "-deps", "-test", "./...")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("preparing the case's go.sum: %v\n%s", err, out)
	}
}

func checkWant(t *testing.T, orig, want, got map[string][]byte) {
	t.Helper()
	if string(want["diagnostics"]) != string(got["diagnostics"]) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", got["diagnostics"], want["diagnostics"])
	}
	for name := range orig {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		w, ok := want[name]
		g, changed := got[name]
		switch {
		case ok && !changed:
			t.Errorf("%s: unchanged, want:\n%s", name, w)
		case !ok && changed:
			t.Errorf("%s: changed, want unchanged; got:\n%s", name, g)
		case ok && !bytes.Equal(w, g):
			t.Errorf("%s:\n%s\nwant:\n%s", name, g, w)
		}
	}
}

func assertFiles(t *testing.T, dir string, files map[string][]byte, only func(string) bool) {
	t.Helper()
	for name, data := range files {
		if only != nil && !only(name) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(b, data) {
			t.Errorf("%s is not back to its original bytes:\n%s\nwant:\n%s", name, b, data)
		}
	}
}

func saveGolden(t *testing.T, path string, ar *txtar.Archive, got map[string][]byte) {
	var files []txtar.File
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want/") {
			files = append(files, f)
		}
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if (n == "diagnostics") && len(got[n]) == 0 {
			continue
		}
		files = append(files, txtar.File{Name: "want/" + n, Data: got[n]})
	}
	ar.Files = files
	if err := os.WriteFile(path, txtar.Format(ar), 0o666); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o666); err != nil {
		t.Fatal(err)
	}
}

func relTo(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// parseFlags reads the flags of a case the way the greenify command reads
// its own. Without -patch a case gets every real set, not the test-only one.
func parseFlags(s string) (*Config, error) {
	fs := flag.NewFlagSet("case", flag.ContinueOnError)
	config := Flags(fs)
	if err := fs.Parse(strings.Fields(s)); err != nil {
		return nil, err
	}
	cfg, err := config()
	if err != nil {
		return nil, err
	}
	if len(cfg.Patch) == 0 {
		cfg.Patch = realSets()
	}
	return cfg, nil
}
