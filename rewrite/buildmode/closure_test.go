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
	env := &goEnv{vars: map[string]string{"GOMOD": mod, "GOGCCFLAGS": "-ffile-prefix-map=/tmp/go-build1=/tmp/go-build"}}
	base := closureKey("v1", env, nil, []string{"g/net"})
	if closureKey("v1", env, nil, []string{"g/net"}) != base {
		t.Fatal("key not stable")
	}
	// go env names a new temporary directory in GOGCCFLAGS on every call.
	env2 := &goEnv{vars: map[string]string{"GOMOD": mod, "GOGCCFLAGS": "-ffile-prefix-map=/tmp/go-build2=/tmp/go-build"}}
	if closureKey("v1", env2, nil, []string{"g/net"}) != base {
		t.Fatal("key changed with GOGCCFLAGS's temporary directory")
	}
	for name, k := range map[string]string{
		"version":  closureKey("v2", env, nil, []string{"g/net"}),
		"flags":    closureKey("v1", env, []string{"-race"}, []string{"g/net"}),
		"packages": closureKey("v1", env, nil, []string{"g/net", "g/os"}),
		"env":      closureKey("v1", &goEnv{vars: map[string]string{"GOMOD": mod, "GOARCH": "arm64"}}, nil, []string{"g/net"}),
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

// TestDigestMemo: the executable's digest is remembered, and a rebuilt
// executable (another size or modification time) is hashed again.
func TestDigestMemo(t *testing.T) {
	c := &cache{dir: t.TempDir()}
	exe := filepath.Join(t.TempDir(), "greenify")
	os.WriteFile(exe, []byte("one"), 0o755)
	d1, err := c.digest(exe)
	if err != nil || d1 != "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed" {
		t.Fatalf("digest = %q, %v", d1, err)
	}
	if again, _ := c.digest(exe); again != d1 {
		t.Fatalf("memo gave %q", again)
	}
	os.WriteFile(exe, []byte("two"), 0o755)
	later := time.Now().Add(time.Hour)
	os.Chtimes(exe, later, later)
	if d2, _ := c.digest(exe); d2 == d1 {
		t.Fatal("rebuilt executable keeps its old digest")
	}
}

// TestCacheLock: an entry's lock excludes a second holder until released.
func TestCacheLock(t *testing.T) {
	c := &cache{dir: t.TempDir()}
	unlock, err := c.lock("closure-k")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan bool)
	go func() {
		u, err := c.lock("closure-k")
		if err == nil {
			u()
		}
		got <- err == nil
	}()
	select {
	case <-got:
		t.Fatal("second holder got the lock while it was held")
	case <-time.After(100 * time.Millisecond):
	}
	other, err := c.lock("closure-other")
	if err != nil {
		t.Fatal(err)
	}
	other() // another entry's lock is free meanwhile
	unlock()
	if !<-got {
		t.Fatal("second holder failed")
	}
}
