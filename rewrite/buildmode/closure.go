package buildmode

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/greenify/greenify/rewrite"
)

// The green closure — the green packages of the chosen sets, everything
// they import, and the export file of each — is what "go list -deps
// -export" answers. That answer costs about a second even when every
// object is in the build cache, as long as a warm rebuild of a mid-size
// program, so it is cached in greenify's own cache directory, keyed on
// everything that can change it:
//
//   - greenify's version and the green packages asked for;
//   - the go command's whole environment as go env -json reports it (go
//     version, GOROOT, GOOS/GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT,
//     GOCACHE, GOMOD, GOWORK, ...) and the build flags that change objects;
//   - the bytes of go.mod, go.sum, go.work and go.work.sum.
//
// A cached answer is used only while it still holds: every export file it
// names exists (go clean -cache removes them), and every package directory
// outside GOROOT and the module cache — a local replace of the green
// module, as in a development checkout — has the same files with the same
// sizes and modification times as when it was listed. Release toolchains
// and the module cache never change in place, so the rest needs no look.

// goCmdEnv is env for the go commands greenify runs itself: without a
// -toolexec in GOFLAGS, which would start this proxy inside its own
// listing.
func goCmdEnv(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			var keep []string
			for _, f := range strings.Fields(v) {
				if !strings.HasPrefix(strings.TrimLeft(f, "-"), "toolexec") {
					keep = append(keep, f)
				}
			}
			kv = "GOFLAGS=" + strings.Join(keep, " ")
		}
		if strings.HasPrefix(kv, stateEnv+"=") || strings.HasPrefix(kv, "TOOLEXEC_IMPORTPATH=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// A closureEntry is one cached listing.
type closureEntry struct {
	Closure map[string]string `json:"closure"` // import path → export file
	Stamps  map[string]string `json:"stamps"`  // mutable source directory or file → stamp
}

// valid reports whether the listing still holds.
func (c *closureEntry) valid() bool {
	if len(c.Closure) == 0 {
		return false
	}
	for _, f := range c.Closure {
		if _, err := os.Stat(f); err != nil {
			return false
		}
	}
	for p, s := range c.Stamps {
		if stamp(p) != s {
			return false
		}
	}
	return true
}

// stamp sums what tells a changed file or directory apart: names, sizes
// and modification times of a directory's entries, or a file's size and
// modification time. A path that cannot be read stamps as "".
func stamp(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return ""
	}
	h := sha256.New()
	if !st.IsDir() {
		fmt.Fprintf(h, "%d %d", st.Size(), st.ModTime().UnixNano())
		return hex.EncodeToString(h.Sum(nil)[:12])
	}
	es, err := os.ReadDir(path)
	if err != nil {
		return ""
	}
	for _, e := range es {
		info, err := e.Info()
		if err != nil || info.IsDir() {
			continue
		}
		fmt.Fprintf(h, "%s %d %d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// closureKey is the cache key of a listing: see the top of this file.
func closureKey(version string, env *goEnv, flags, pkgs []string) string {
	h := sha256.New()
	fmt.Fprintf(h, "greenify %s\npackages %s\nflags %q\n", version, strings.Join(pkgs, " "), flags)
	var keys []string
	for k := range env.vars {
		// GOGCCFLAGS names a new temporary directory on every call; what
		// it is made of (CC, CGO_CFLAGS...) is keyed on its own.
		if k != "GOGCCFLAGS" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%q\n", k, env.vars[k])
	}
	var files []string
	if m := env.get("GOMOD"); m != "" && m != os.DevNull {
		files = append(files, m, strings.TrimSuffix(m, ".mod")+".sum")
	}
	if w := env.get("GOWORK"); w != "" && w != "off" {
		files = append(files, w, w+".sum")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f) // a missing go.sum keys as empty
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// greenPackages are the green packages of sets and the hub, which the
// code sets' rewritten code calls, sorted.
func greenPackages(sets []*rewrite.PatchSet) []string {
	hub := rewrite.GreenModule + "/runtime/hub"
	seen := map[string]bool{hub: true}
	out := []string{hub}
	for _, s := range sets {
		for _, p := range s.Packages {
			if !seen[p.Green] {
				seen[p.Green] = true
				out = append(out, p.Green)
			}
		}
	}
	sort.Strings(out)
	return out
}

// closure returns the green closure for a build in dir: from the
// cache when the listing there still holds, else listed and cached, under
// the entry's lock, so that concurrent builds list it once.
func (c *cache) closure(dir string, env []string, genv *goEnv, version string, sets []*rewrite.PatchSet, flags []string) (map[string]string, error) {
	pkgs := greenPackages(sets)
	var path string
	if c != nil {
		key := closureKey(version, genv, flags, pkgs)
		path = filepath.Join(c.dir, "closure", key+".json")
		unlock, err := c.lock("closure-" + key)
		if err != nil {
			return nil, err
		}
		defer unlock()
		var e closureEntry
		if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &e) == nil && e.valid() {
			return e.Closure, nil
		}
	}
	e, err := listClosure(dir, env, genv, pkgs, flags)
	if err != nil {
		return nil, err
	}
	if c != nil {
		b, _ := json.Marshal(e)
		writeAtomic(path, b) // a cache that cannot be written only costs time
	}
	return e.Closure, nil
}

// listClosure lists pkgs and everything they import, with their export
// files, compiling them with flags as the build will, and stamps the
// source directories that can change in place.
func listClosure(dir string, env []string, genv *goEnv, pkgs, flags []string) (*closureEntry, error) {
	args := append([]string{"list", "-deps", "-export", "-f",
		"{{.ImportPath}}\t{{.Export}}\t{{if not .Goroot}}{{.Dir}}{{end}}\t{{with .Module}}{{.GoMod}}{{end}}"}, flags...)
	cmd := exec.Command("go", append(args, pkgs...)...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing the green packages: %s", lastLine(strings.TrimSpace(stderr.String()), err))
	}
	modcache := genv.get("GOMODCACHE")
	mutable := func(p string) bool {
		return p != "" && (modcache == "" || !strings.HasPrefix(p, modcache+string(filepath.Separator)))
	}
	e := &closureEntry{Closure: map[string]string{}, Stamps: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 || f[1] == "" {
			continue
		}
		e.Closure[f[0]] = f[1]
		for _, p := range f[2:] {
			if mutable(p) {
				e.Stamps[p] = stamp(p)
			}
		}
	}
	return e, nil
}

// lastLine is the last line of a go command's error output, where it puts
// the cause, or err when there is none.
func lastLine(msg string, err error) string {
	if msg == "" {
		return err.Error()
	}
	if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
		return msg[i+1:]
	}
	return msg
}

// writeAtomic writes b to path through a temporary file and a rename, so
// that a concurrent reader sees the old file or the new one, never half.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
