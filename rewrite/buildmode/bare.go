package buildmode

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/greenify/greenify/rewrite"
)

// The bare form, go build -toolexec='greenify toolexec', has no driver to
// list the green closure before the build. Its proxies find the go command
// that started them instead — their parent process: its working directory
// (after go -C), its arguments (the object flags) and its start time, which
// with its process ID names the build. The first proxy of a build (the go
// command asks every tool for -V=full before it runs any) computes the
// build's state under the cache lock and leaves it in the cache directory;
// the others, concurrent under go build -p N or not, read it.

// bareState returns the state of the bare build this proxy runs in.
func bareState(sets []*rewrite.PatchSet) (*state, error) {
	pb, err := findParent()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range sets {
		names = append(names, s.Name)
	}
	id := fmt.Sprintf("%s-%s", pb.id, strings.Join(names, ","))
	read := func(dir string) *state {
		b, err := os.ReadFile(filepath.Join(dir, "builds", id+".json"))
		st := &state{}
		if err != nil || json.Unmarshal(b, st) != nil {
			return nil
		}
		return st
	}
	if dir, ok := cacheDir(); ok {
		if st := read(dir); st != nil {
			return st, nil // written whole by a rename: no lock needed
		}
	}
	c := openCache()
	if c == nil {
		return nil, errors.New("the bare -toolexec form needs a cache directory to share the build's state: set GREENIFY_CACHE or HOME")
	}
	unlock, err := c.lock("build-" + id)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if st := read(c.dir); st != nil {
		return st, nil
	}
	removeOld(filepath.Join(c.dir, "builds"))
	removeOld(filepath.Join(c.dir, "locks"))
	self, err := executable()
	if err != nil {
		return nil, err
	}
	st, err := newState(c, pb.dir, os.Environ(), sets, pb.goArgs, self)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(filepath.Join(c.dir, "builds", id+".json"), b); err != nil {
		return nil, err
	}
	return st, nil
}

// A parent is the go command a proxy runs under.
type parent struct {
	id     string   // process ID and start time: one build
	dir    string   // its working directory
	goArgs []string // its arguments after the verb
}

// findParent is parentBuild; tests that run under go test replace it.
var findParent = parentBuild

// parentBuild reads the parent process from /proc.
func parentBuild() (*parent, error) {
	ppid := os.Getppid()
	proc := fmt.Sprintf("/proc/%d", ppid)
	cmdline, err := os.ReadFile(proc + "/cmdline")
	if err != nil {
		return nil, fmt.Errorf("%v: %v", errNoState, err)
	}
	args := strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
	verb := -1
	for i := 1; i < len(args); i++ {
		if args[i] == "-C" || args[i] == "--C" {
			i++
			continue
		}
		if slices.Contains(verbs, args[i]) {
			verb = i
		}
		break
	}
	if verb < 0 {
		return nil, errNoState
	}
	dir, err := os.Readlink(proc + "/cwd")
	if err != nil {
		return nil, err
	}
	stat, err := os.ReadFile(proc + "/stat")
	if err != nil {
		return nil, err
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces; the start time is the 22nd field of the line.
	i := strings.LastIndexByte(string(stat), ')')
	f := strings.Fields(string(stat[i+1:]))
	if i < 0 || len(f) < 20 {
		return nil, fmt.Errorf("%s/stat: unexpected format", proc)
	}
	return &parent{id: fmt.Sprintf("%d-%s", ppid, f[19]), dir: dir, goArgs: args[verb+1:]}, nil
}
