package rewrite

import (
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Pin plans what greenify pin writes: go.mod and go.sum of the module in
// cfg.Dir with the green module required and every go.sum line that
// building the green packages of every registered set needs, so that the
// build mode can compile them in a plain shell. No source file changes.
// The result has no files when the module is already pinned.
func Pin(cfg *Config) (*Result, error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir, cmd.Env = cfg.Dir, cfg.env()
	out, err := cmd.Output()
	if err != nil {
		return nil, inputErr("go env GOMOD: %v", err)
	}
	goMod := strings.TrimSpace(string(out))
	if goMod == "" || goMod == "/dev/null" {
		return nil, inputErr("not in a module: greenify pin needs a go.mod (run go mod init first)")
	}
	dir := filepath.Dir(goMod)
	if err := checkModShape(cfg, &packages.Module{Dir: dir, GoMod: goMod}); err != nil {
		return nil, err
	}
	mp, err := prepareMod(cfg, goMod)
	if err != nil {
		return nil, err
	}
	defer mp.cleanup()
	// go get wrote the module's own go.sum lines; listing the green
	// packages with -mod=mod adds those of the modules they import.
	args := []string{"-deps", "-mod=mod"}
	for _, s := range Sets() {
		for _, p := range s.Packages {
			args = append(args, p.Green)
		}
	}
	if _, err := mp.goCmd(cfg, "list", args...); err != nil {
		return nil, inputErr("listing the green packages: %s", lastLine(err.Error()))
	}
	mod, sum, note, err := mp.finalMod()
	if err != nil {
		return nil, err
	}
	res := &Result{Files: mp.files(mod, sum, "require "+GreenModule, "")}
	if note != "" {
		res.Notes = append(res.Notes, Diagnostic{Pos: Position{Filename: goMod}, Msg: note})
	}
	return res, nil
}
