package buildmode

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestClosureEntryValid: a cached listing holds while its export files
// exist and its mutable source directories are as they were listed.
func TestClosureEntryValid(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	export := filepath.Join(dir, "net.a")
	for _, f := range []string{filepath.Join(src, "a.go"), export} {
		if err := os.MkdirAll(filepath.Dir(f), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("package a\n"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	e := &closureEntry{Closure: map[string]string{"net": export}, Stamps: map[string]string{src: stamp(src)}}
	if !e.valid() {
		t.Fatal("fresh listing not valid")
	}
	// An edit in a local checkout of the green module.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(src, "a.go"), later, later); err != nil {
		t.Fatal(err)
	}
	if e.valid() {
		t.Error("valid after a source file changed")
	}
	e.Stamps[src] = stamp(src)
	if err := os.WriteFile(filepath.Join(src, "b.go"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	if e.valid() {
		t.Error("valid after a source file was added")
	}
	e.Stamps[src] = stamp(src)
	os.Remove(export) // go clean -cache
	if e.valid() {
		t.Error("valid without its export file")
	}
}

// TestClosureKey: the key changes with go.mod's bytes, the flags, the
// packages and the environment.
func TestClosureKey(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "go.mod")
	os.WriteFile(mod, []byte("module a\n"), 0o666)
	env := &goEnv{raw: []byte(`{"GOMOD":"` + mod + `"}`), vars: map[string]string{"GOMOD": mod}}
	base := closureKey("v1", env, nil, []string{"g/net"})
	if closureKey("v1", env, nil, []string{"g/net"}) != base {
		t.Fatal("key not stable")
	}
	for name, k := range map[string]string{
		"version":  closureKey("v2", env, nil, []string{"g/net"}),
		"flags":    closureKey("v1", env, []string{"-race"}, []string{"g/net"}),
		"packages": closureKey("v1", env, nil, []string{"g/net", "g/os"}),
		"env":      closureKey("v1", &goEnv{raw: []byte(`{"GOMOD":"` + mod + `","GOARCH":"arm64"}`), vars: env.vars}, nil, []string{"g/net"}),
	} {
		if k == base {
			t.Errorf("key unchanged by %s", name)
		}
	}
	os.WriteFile(mod, []byte("module a\n\nrequire b v1.0.0\n"), 0o666)
	if closureKey("v1", env, nil, []string{"g/net"}) == base {
		t.Error("key unchanged by go.mod")
	}
	os.WriteFile(filepath.Join(dir, "go.sum"), []byte("b v1.0.0 h1:x\n"), 0o666)
	if closureKey("v1", env, nil, []string{"g/net"}) == base {
		t.Error("key unchanged by go.sum")
	}
}
