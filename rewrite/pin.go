package rewrite

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// Pin plans what greenify pin writes: go.mod and go.sum of the module in
// cfg.Dir with the green module required, greenify's command as a tool of
// the module, and every go.sum line that building the green packages of
// every registered set and the command needs, so that the build mode can
// compile them in a plain shell. No source file changes. The result has no
// files when the module is already pinned.
//
// No source of the module imports the green module, so the requirement
// alone would not survive go mod tidy; the tool directive keeps it (and
// the command's own requirements), and go tool greenify runs the pinned
// version.
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
	// The tool directive goes into the copy first: listing "all" then
	// takes in the command and its tests, as go mod tidy will.
	text, err := os.ReadFile(mp.modPath)
	if err == nil {
		text, err = addTool(goMod, text)
	}
	if err == nil {
		err = os.WriteFile(mp.modPath, text, 0o666)
	}
	if err != nil {
		return nil, err
	}
	// go get wrote the module's own go.sum lines. Listing the green
	// packages and the command with -mod=mod adds those of the modules
	// they import: what the build mode needs.
	args := []string{"-deps", "-mod=mod", GreenTool}
	for _, s := range Sets() {
		for _, p := range s.Packages {
			args = append(args, p.Green)
		}
	}
	if _, err := mp.goCmd(cfg, "list", args...); err != nil {
		return nil, inputErr("listing the green packages: %s", lastLine(err.Error()))
	}
	// Listing "all" with its tests adds every line go mod tidy wants, so
	// that tidy later runs without asking the network for a checksum. It
	// needs the checksums of the tests' modules itself: without them (no
	// checksum database in reach) the pin stands, and tidy will ask.
	var notes []Diagnostic
	if _, err := mp.goCmd(cfg, "list", "-deps", "-test", "-mod=mod", "-e", "all"); err != nil {
		notes = append(notes, Diagnostic{Pos: Position{Filename: goMod}, Msg: "go.sum lacks lines go mod tidy will want: " + lastLine(err.Error())})
	}
	mod, sum, note, err := mp.finalMod()
	if err != nil {
		return nil, err
	}
	if mod, err = addTool(goMod, mod); err != nil {
		return nil, err
	}
	if mod, err = keepIndirect(goMod, mp.oldMod, mod); err != nil {
		return nil, err
	}
	res := &Result{Files: mp.files(mod, sum, "require "+GreenModule, ""), Notes: notes}
	if note != "" {
		res.Notes = append(res.Notes, Diagnostic{Pos: Position{Filename: goMod}, Msg: note})
	}
	return res, nil
}

// GreenTool is greenify's command, which greenify pin names in a tool
// directive.
const GreenTool = GreenModule + "/cmd/greenify"

// addTool adds the tool directive for GreenTool to the go.mod text mod,
// unless it has one.
func addTool(goMod string, mod []byte) ([]byte, error) {
	mf, err := modfile.Parse(goMod, mod, nil)
	if err != nil {
		return nil, err
	}
	for _, t := range mf.Tool {
		if t.Path == GreenTool {
			return mod, nil
		}
	}
	if err := mf.AddTool(GreenTool); err != nil {
		return nil, err
	}
	mf.Cleanup()
	return mf.Format()
}

// keepIndirect marks the green module's requirement in mod "// indirect"
// when old, the go.mod before the pin, has it so. No package of a module
// pinned for the build mode imports the green module, and go mod tidy
// marks a requirement kept only for a tool directive indirect: planning
// through go get makes it direct again, and a pin run again after tidy
// would undo tidy's edit, which the next tidy would make once more.
func keepIndirect(goMod string, old, mod []byte) ([]byte, error) {
	was, err := modfile.ParseLax(goMod, old, nil)
	if err != nil {
		return nil, err
	}
	indirect := false
	for _, r := range was.Require {
		if r.Mod.Path == GreenModule {
			indirect = r.Indirect
		}
	}
	if !indirect {
		return mod, nil
	}
	mf, err := modfile.Parse(goMod, mod, nil)
	if err != nil {
		return nil, err
	}
	for _, r := range mf.Require {
		if r.Mod.Path == GreenModule && !r.Indirect {
			r.Indirect = true
			r.Syntax.Comments.Suffix = append(r.Syntax.Comments.Suffix, modfile.Comment{Token: "// indirect", Suffix: true})
		}
	}
	return mf.Format()
}
