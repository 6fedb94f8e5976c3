package buildmode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGoEnvCached: go env is asked once for a directory and environment,
// and again when the environment, a go.mod or go.work above the directory,
// the go command or the user's go env file changes.
func TestGoEnvCached(t *testing.T) {
	tmp := t.TempDir()
	bin, dir, count, userEnv := filepath.Join(tmp, "bin"), filepath.Join(tmp, "a", "b"), filepath.Join(tmp, "count"), filepath.Join(tmp, "goenv")
	for _, d := range []string{bin, dir} {
		if err := os.MkdirAll(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	writeFile := func(path, text string, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
	}
	// A go command that answers go env -json and counts its runs.
	fakeGo := func(version string) {
		writeFile(filepath.Join(bin, "go"), "#!/bin/sh\necho x >>"+count+"\n"+
			`echo '{"GOVERSION": "`+version+`", "GOENV": "`+userEnv+`", "GOMOD": "'"$PWD/go.mod"'"}'`+"\n", 0o755)
	}
	fakeGo("go1.26.8")
	writeFile(userEnv, "GOFLAGS=-mod=mod\n", 0o666)
	t.Setenv("PATH", bin)
	c := &cache{dir: filepath.Join(tmp, "cache")}
	env := []string{"PATH=" + bin, "HOME=" + tmp}
	runs := 0
	ask := func(why string, env []string, want string) {
		t.Helper()
		genv, err := c.goEnv(dir, env)
		if err != nil {
			t.Fatal(err)
		}
		if genv.get("GOVERSION") != want {
			t.Errorf("%s: GOVERSION %q, want %q", why, genv.get("GOVERSION"), want)
		}
		b, _ := os.ReadFile(count)
		if n := strings.Count(string(b), "x"); n != runs {
			t.Errorf("%s: go env ran %d times, want %d", why, n, runs)
		}
	}
	runs++
	ask("first", env, "go1.26.8")
	ask("again", env, "go1.26.8")
	ask("a shell's bookkeeping", append(env, "OLDPWD=/", "_=/bin/greenify"), "go1.26.8")
	runs++
	ask("another environment", append(env, "GOFLAGS=-tags=x"), "go1.26.8")
	writeFile(filepath.Join(tmp, "go.work"), "go 1.26\n", 0o666)
	runs++
	ask("a go.work above", env, "go1.26.8")
	writeFile(filepath.Join(dir, "go.mod"), "module b\n", 0o666)
	runs++
	ask("a new go.mod", env, "go1.26.8")
	later := time.Now().Add(time.Hour)
	os.Chtimes(userEnv, later, later)
	runs++
	ask("go env -w", env, "go1.26.8")
	fakeGo("go1.26.9")
	runs++
	ask("another go command", env, "go1.26.9")
	ask("again", env, "go1.26.9")
}
