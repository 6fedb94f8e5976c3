package main

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
			e.Setenv("GOSUMDB", "off")
			e.Setenv("GOFLAGS", "-mod=mod")
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
	})
}
