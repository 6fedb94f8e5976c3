package buildmode

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// The go command asks every tool it will run for "TOOL -V=full" once per
// build, to key its build cache on the answer, and under -toolexec each
// question starts a proxy that starts the tool: two process start-ups
// where a plain build has one, for compile, asm, cgo and link in turn, on
// every warm rebuild. A tool's answer depends only on the tool's
// executable and the environment it runs in (GOEXPERIMENT, GOARCH... add
// to it), so the proxy keeps each answer in the cache directory, keyed on
// both, and answers later builds without starting the tool.

// volatileEnv are the variables that change from one build to the next
// without changing what a tool answers: a shell's bookkeeping and the
// build mode's own.
var volatileEnv = []string{"_", "PWD", "OLDPWD", "SHLVL", "TOOLEXEC_IMPORTPATH", stateEnv}

// envKey writes env to h, sorted and without the volatile variables.
func envKey(h io.Writer, env []string) {
	env = slices.Clone(env)
	slices.Sort(env)
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(volatileEnv, k) {
			fmt.Fprintf(h, "%q\n", kv)
		}
	}
}

// fileID tells one version of a file apart from another without reading
// it: path, inode, size and modification time. It is "" for a file that
// cannot be stat'ed.
func fileID(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return ""
	}
	var ino uint64
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		ino = uint64(st.Ino)
	}
	return fmt.Sprintf("%s %d %d %d", path, ino, info.Size(), info.ModTime().UnixNano())
}

// toolVersion is tool's answer to -V=full, from the cache when a build
// asked the same executable in the same environment before, else from the
// tool, which a successful answer is then cached from. A tool that fails
// to answer passes its exit code on and caches nothing.
func toolVersion(tool string, args []string, stderr io.Writer) (string, int) {
	var memo string
	if dir, ok := cacheDir(); ok {
		if id := fileID(tool); id != "" {
			h := sha256.New()
			fmt.Fprintf(h, "%s\n%q\n", id, args)
			envKey(h, os.Environ())
			memo = filepath.Join(dir, "tool", hex.EncodeToString(h.Sum(nil)[:16]))
			if b, err := readEntry(memo); err == nil && len(b) > 0 {
				return string(b), 0
			}
		}
	}
	var out bytes.Buffer
	if code := runTool(tool, args, &out, stderr); code != 0 {
		return "", code
	}
	line := strings.TrimRight(out.String(), "\n")
	if memo != "" && line != "" {
		removeOld(filepath.Dir(memo))
		writeAtomic(memo, []byte(line)) // a cache that cannot be written only costs time
	}
	return line, 0
}
