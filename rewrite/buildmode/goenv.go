package buildmode

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os/exec"
	"path/filepath"
	"strings"
)

// A goEnv is the go command's environment as go env -json reports it.
type goEnv struct {
	vars map[string]string
}

func (e *goEnv) get(k string) string { return e.vars[k] }

// loadGoEnv runs go env -json in dir with env.
func loadGoEnv(dir string, env []string) (*goEnv, error) {
	cmd := exec.Command("go", "env", "-json")
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go env: %s", lastLine(strings.TrimSpace(stderr.String()), err))
	}
	e := &goEnv{}
	if err := json.Unmarshal(out, &e.vars); err != nil {
		return nil, fmt.Errorf("go env: %v", err)
	}
	return e, nil
}

// go env -json starts a go command, which finds the module, and a C
// compiler, which it asks for its flags: on a warm rebuild that costs as
// much as a tenth of the build. Its answer is a function of
//
//   - the environment (GOFLAGS, GOWORK, HOME, PATH, CC...) and the
//     directory it runs in;
//   - the go command's executable, found through PATH;
//   - the go.mod and go.work files in that directory and above it (GOMOD,
//     GOWORK, and a toolchain line that switches the go command);
//   - the configuration files it reads: the user's go env -w file and
//     GOROOT's go.env, and the C compiler, whose presence turns cgo on.
//
// The first three key a cached answer; the last are only known from the
// answer itself, so they are recorded in it and checked when it is used.

// A goEnvEntry is one cached go env answer.
type goEnvEntry struct {
	Vars   map[string]string `json:"vars"`
	Stamps map[string]string `json:"stamps"` // see goEnvStamps
}

// goEnvStamps identifies the files an answer was read from (see fileID).
func goEnvStamps(vars map[string]string) map[string]string {
	stamps := map[string]string{}
	if f := vars["GOENV"]; f != "" && f != "off" {
		stamps["GOENV"] = fileID(f)
	}
	if r := vars["GOROOT"]; r != "" {
		stamps["go.env"] = fileID(filepath.Join(r, "go.env"))
	}
	if cc := strings.Fields(vars["CC"]); len(cc) > 0 {
		if path, err := exec.LookPath(cc[0]); err == nil {
			stamps["CC"] = fileID(path)
		}
	}
	return stamps
}

// goEnvKey is the key of go env's answer in dir with env, or "" when the
// go command cannot be found.
func goEnvKey(dir string, env []string) string {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "go %s\ndir %s\n", fileID(goCmd), dir)
	envKey(h, env)
	for d := dir; ; d = filepath.Dir(d) {
		fmt.Fprintf(h, "%s\n%s\n", fileID(filepath.Join(d, "go.mod")), fileID(filepath.Join(d, "go.work")))
		if filepath.Dir(d) == d {
			break
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// goEnv is loadGoEnv, answered from the cache while the answer's inputs
// are as they were.
func (c *cache) goEnv(dir string, env []string) (*goEnv, error) {
	abs, err := filepath.Abs(dir)
	if c == nil || err != nil {
		return loadGoEnv(dir, env)
	}
	key := goEnvKey(abs, env)
	if key == "" {
		return loadGoEnv(dir, env)
	}
	path := filepath.Join(c.dir, "goenv", key+".json")
	var e goEnvEntry
	if b, err := readEntry(path); err == nil && json.Unmarshal(b, &e) == nil && e.Vars != nil && maps.Equal(e.Stamps, goEnvStamps(e.Vars)) {
		return &goEnv{vars: e.Vars}, nil
	}
	genv, err := loadGoEnv(dir, env)
	if err != nil {
		return nil, err
	}
	if b, err := json.Marshal(goEnvEntry{Vars: genv.vars, Stamps: goEnvStamps(genv.vars)}); err == nil {
		removeOld(filepath.Dir(path))
		writeAtomic(path, b) // a cache that cannot be written only costs time
	}
	return genv, nil
}
