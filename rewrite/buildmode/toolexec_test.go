package buildmode

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeTool writes an executable script named name that prints out.
func fakeTool(t *testing.T, name, out string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\necho '"+out+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func withState(t *testing.T, st *state) {
	t.Helper()
	t.Setenv(cacheEnv, t.TempDir())
	path := filepath.Join(t.TempDir(), "state.json")
	if err := st.write(path); err != nil {
		t.Fatal(err)
	}
	t.Setenv(stateEnv, path)
}

// TestVersion checks that the -V=full answers, which key the build cache,
// differ from the tool's own for release and development toolchains alike.
func TestVersion(t *testing.T) {
	withState(t, &state{Suffix: "greenify=v1 sets=net closure=00"})
	for _, tc := range []struct{ tool, want string }{
		{"compile version go1.26.8", "compile version go1.26.8 greenify=v1 sets=net closure=00\n"},
		{"link version devel go1.27-abc buildID=a/b/c/d", "link version devel go1.27-abc buildID=a/b/c/d-greenify"},
	} {
		name := strings.Fields(tc.tool)[0]
		var stdout, stderr bytes.Buffer
		if code := Toolexec([]string{fakeTool(t, name, tc.tool), "-V=full"}, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.tool, code, stderr.String())
		}
		if !strings.HasPrefix(stdout.String(), tc.want) || stdout.String() == tc.tool+"\n" {
			t.Errorf("%s: answered %q, want %q", tc.tool, stdout.String(), tc.want)
		}
	}
}

// TestVersionCached: a tool is asked -V=full once for its executable and
// environment; a changed executable or a changed environment asks again.
func TestVersionCached(t *testing.T) {
	withState(t, &state{Suffix: "greenify=v1 sets=net closure=00"})
	dir := t.TempDir()
	count := filepath.Join(dir, "count")
	write := func(name, answer string) string {
		path := filepath.Join(dir, name)
		script := "#!/bin/sh\necho x >>" + count + "\necho '" + answer + "'\n"
		if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ask := func(tool, want string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := Toolexec([]string{tool, "-V=full"}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if stdout.String() != want {
			t.Errorf("answered %q, want %q", stdout.String(), want)
		}
	}
	runs := func() int {
		b, _ := os.ReadFile(count)
		return strings.Count(string(b), "x")
	}
	compile := write("compile", "compile version go1.26.8")
	asm := write("asm", "asm version go1.26.8")
	for range 2 {
		ask(compile, "compile version go1.26.8 greenify=v1 sets=net closure=00\n")
		ask(asm, "asm version go1.26.8\n")
	}
	if n := runs(); n != 2 {
		t.Errorf("the tools ran %d times for 4 questions, want 2", n)
	}
	// An answer in use outlives its first hour: asked for again, an old
	// entry is kept from the next pruning.
	entries, _ := filepath.Glob(filepath.Join(os.Getenv(cacheEnv), "tool", "*"))
	if len(entries) != 2 {
		t.Fatalf("%d cache entries, want 2", len(entries))
	}
	old := time.Now().Add(-2 * staleAge)
	for _, e := range entries {
		os.Chtimes(e, old, old)
	}
	ask(compile, "compile version go1.26.8 greenify=v1 sets=net closure=00\n")
	removeOld(filepath.Dir(entries[0]))
	ask(compile, "compile version go1.26.8 greenify=v1 sets=net closure=00\n")
	ask(asm, "asm version go1.26.8\n")
	if n := runs(); n != 3 {
		t.Errorf("after a pruning the tools ran %d times in all, want 3 (asm's unused entry alone pruned)", n)
	}
	t.Setenv("GOEXPERIMENT", "nosuch")
	ask(compile, "compile version go1.26.8 greenify=v1 sets=net closure=00\n")
	if n := runs(); n != 4 {
		t.Errorf("another environment was answered from the cache (%d runs)", n)
	}
	write("compile", "compile version go1.26.9 X:nosuch")
	ask(compile, "compile version go1.26.9 X:nosuch greenify=v1 sets=net closure=00\n")
	if n := runs(); n != 5 {
		t.Errorf("a changed executable was answered from the cache (%d runs)", n)
	}
}

// TestToolexecOutsideBuild: other tools pass through; compile and link need
// the driver's state.
func TestToolexecOutsideBuild(t *testing.T) {
	t.Setenv(stateEnv, "")
	t.Setenv(cacheEnv, t.TempDir())
	// This test runs under go test, a go command: not the parent of a build.
	defer func(f func() (*parent, error)) { findParent = f }(findParent)
	findParent = func() (*parent, error) { return nil, errNoState }
	var stdout, stderr bytes.Buffer
	if code := Toolexec([]string{fakeTool(t, "asm", "asm ran")}, &stdout, &stderr); code != 0 || stdout.String() != "asm ran\n" {
		t.Errorf("asm: exit %d, stdout %q", code, stdout.String())
	}
	stdout.Reset()
	if code := Toolexec([]string{fakeTool(t, "compile", "compile ran"), "-V=full"}, &stdout, &stderr); code != 2 || stdout.Len() != 0 ||
		!strings.Contains(stderr.String(), "greenify toolexec runs as the go command's -toolexec proxy") {
		t.Errorf("compile without state: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
}

func TestImportcfgWithClosure(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "importcfg")
	orig := "# import config\nimportmap golang.org/x/net/dns=vendor/golang.org/x/net/dns\npackagefile net=/build/net.a\n"
	if err := os.WriteFile(in, []byte(orig), 0o666); err != nil {
		t.Fatal(err)
	}
	cfg, err := readImportcfg(in)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.files["net"] != "/build/net.a" || cfg.maps["golang.org/x/net/dns"] != "vendor/golang.org/x/net/dns" {
		t.Fatalf("read %+v", cfg)
	}
	out := filepath.Join(dir, "importcfg.greenify")
	if err := cfg.withClosure(out, map[string]string{"net": "/list/net.a", "b": "/list/b.a", "a": "/list/a.a"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	// The build's own net stays; the others are added, sorted.
	if want := orig + "packagefile a=/list/a.a\npackagefile b=/list/b.a\n"; string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestBuildFlags(t *testing.T) {
	got := buildFlags([]string{"-race", "-o", "x", "-tags", "a,b", "-gcflags=-N", "-v", "-trimpath", "./...", "-count=1"})
	if want := "-race -tags a,b -gcflags=-N -trimpath"; strings.Join(got, " ") != want {
		t.Errorf("buildFlags = %q, want %q", got, want)
	}
}
