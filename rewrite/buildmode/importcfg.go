package buildmode

import (
	"bufio"
	"fmt"
	"go/token"
	"go/types"
	"os"
	"sort"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
)

// An importcfg is the compiler's and linker's map from import paths to
// package files, as the go command writes it for one action.
type importcfg struct {
	lines []string          // the original lines, kept in order
	files map[string]string // packagefile path=file
	maps  map[string]string // importmap path=actual (vendored standard packages)
}

func readImportcfg(path string) (*importcfg, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := &importcfg{files: map[string]string{}, maps: map[string]string{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		c.lines = append(c.lines, line)
		verb, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		k, v, ok := strings.Cut(rest, "=")
		if !ok {
			continue
		}
		switch verb {
		case "packagefile":
			c.files[k] = v
		case "importmap":
			c.maps[k] = v
		}
	}
	return c, sc.Err()
}

// withClosure writes to path the importcfg with a packagefile line for
// every package of closure it does not name yet. Packages it names stay as
// the go command built them.
func (c *importcfg) withClosure(path string, closure map[string]string) error {
	var b strings.Builder
	for _, l := range c.lines {
		b.WriteString(l + "\n")
	}
	var add []string
	for p := range closure {
		if _, ok := c.files[p]; !ok {
			add = append(add, p)
		}
	}
	sort.Strings(add)
	for _, p := range add {
		fmt.Fprintf(&b, "packagefile %s=%s\n", p, closure[p])
	}
	return os.WriteFile(path, []byte(b.String()), 0o666)
}

// An exportImporter gives go/types the packages an importcfg names, read
// from their export data, falling back to the green closure for the green
// packages a rewritten file imports.
type exportImporter struct {
	fset    *token.FileSet
	cfg     *importcfg
	closure map[string]string
	pkgs    map[string]*types.Package
}

func (imp *exportImporter) Import(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if m, ok := imp.cfg.maps[path]; ok {
		path = m
	}
	if p := imp.pkgs[path]; p != nil && p.Complete() {
		return p, nil
	}
	file, ok := imp.cfg.files[path]
	if !ok {
		file, ok = imp.closure[path]
	}
	if !ok {
		return nil, fmt.Errorf("no export data for %q", path)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return gcexportdata.Read(r, imp.fset, imp.pkgs, path)
}
