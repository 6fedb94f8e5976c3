package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"greenify": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs testdata/script/*.txtar: the greenify binary on small
// modules, then go build, go vet and go run of what it wrote. $GREEN is this
// checkout, which the scripts' go.mod files replace the green module with.
func TestScript(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	green := root
	home, _ := os.UserHomeDir()
	gocache, _ := os.UserCacheDir()
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join(root, "testdata", "script"),
		Setup: func(e *testscript.Env) error {
			e.Setenv("GREEN", green)
			e.Setenv("GOPROXY", "off") // everything comes from the module cache
			e.Setenv("GOSUMDB", "off") // no network: the checksum database is out of reach too
			// The build mode's cache of closure listings: one per script.
			e.Setenv("GREENIFY_CACHE", filepath.Join(e.WorkDir, ".greenify-cache"))
			e.Setenv("GOMODCACHE", filepath.Join(home, "go", "pkg", "mod"))
			if c := os.Getenv("GOMODCACHE"); c != "" {
				e.Setenv("GOMODCACHE", c)
			}
			e.Setenv("GOCACHE", filepath.Join(gocache, "go-build"))
			if c := os.Getenv("GOCACHE"); c != "" {
				e.Setenv("GOCACHE", c)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"snapshot": snapshot,
			"sametree": sametree,
			"tmpempty": tmpempty,
		},
	})
}

// snapshot dir file: record every file under dir, with its bytes, in the
// txtar archive file.
func snapshot(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: snapshot dir file")
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), txtar.Format(readTree(ts, args[0])), 0o666))
}

// sametree dir file: dir holds exactly the files recorded in file, byte for
// byte (no file more, no file less).
func sametree(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sametree dir file")
	}
	want, err := txtar.ParseFile(ts.MkAbs(args[1]))
	ts.Check(err)
	got := readTree(ts, args[0])
	files := map[string]string{}
	for _, f := range got.Files {
		files[f.Name] = string(f.Data)
	}
	for _, f := range want.Files {
		g, ok := files[f.Name]
		switch {
		case !ok:
			ts.Fatalf("%s: missing", f.Name)
		case g != string(f.Data):
			ts.Fatalf("%s differs:\n%s\nwant:\n%s", f.Name, g, f.Data)
		}
		delete(files, f.Name)
	}
	for name := range files {
		ts.Fatalf("%s: not in the snapshot", name)
	}
}

func readTree(ts *testscript.TestScript, dir string) *txtar.Archive {
	root := ts.MkAbs(dir)
	ar := &txtar.Archive{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		ar.Files = append(ar.Files, txtar.File{Name: filepath.ToSlash(rel), Data: data})
		return nil
	})
	ts.Check(err)
	return ar
}

// tmpempty: nothing is left in the scripts' temporary directory (greenify's
// temporary go.mod copies included).
func tmpempty(ts *testscript.TestScript, neg bool, args []string) {
	es, err := os.ReadDir(ts.Getenv("TMPDIR"))
	ts.Check(err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	if len(names) > 0 != neg {
		ts.Fatalf("temporary directory holds: %s", strings.Join(names, " "))
	}
}
