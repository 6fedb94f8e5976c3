package rewrite

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/modfile"
)

// A modPlan is the temporary copy of the user's go.mod (and go.sum) that
// planning runs against: go get has added the green module to it, so the
// planned sources type-check before anything is written. When all of it
// compiles, its contents become the new go.mod and go.sum.
type modPlan struct {
	dir            string // temporary directory holding go.mod and go.sum
	modPath        string // the temporary go.mod
	goMod, goSum   string // the user's files
	oldMod, oldSum []byte
}

func (m *modPlan) cleanup() {
	if m != nil && m.dir != "" {
		os.RemoveAll(m.dir)
	}
}

const zeroPseudoVersion = "v0.0.0-00010101000000-000000000000"

// greenVersion is the version of the green module go get should fetch: the
// one greenify was built from. A development build has none; it needs the
// user's replace directive (kept) or -green.
func greenVersion(cfg *Config) (string, error) {
	if cfg.GreenVersion != "" {
		return cfg.GreenVersion, nil
	}
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if bi.Main.Path == GreenModule && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			return bi.Main.Version, nil
		}
		for _, d := range bi.Deps {
			if d.Path == GreenModule {
				return d.Version, nil
			}
		}
	}
	return "", nil
}

// prepareMod copies goMod to a temporary directory and go-gets the green
// module there.
func prepareMod(cfg *Config, goMod string) (*modPlan, error) {
	m := &modPlan{goMod: goMod, goSum: strings.TrimSuffix(goMod, ".mod") + ".sum"}
	var err error
	if m.oldMod, err = os.ReadFile(goMod); err != nil {
		return nil, err
	}
	m.oldSum, err = os.ReadFile(m.goSum)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	mf, err := modfile.Parse(goMod, m.oldMod, nil)
	if err != nil {
		return nil, err
	}
	replaced := false
	for _, r := range mf.Replace {
		if r.Old.Path == GreenModule {
			replaced = true
		}
	}
	// Code inside the green module itself (its examples) already has the
	// green packages: nothing to get.
	self := mf.Module != nil && mf.Module.Mod.Path == GreenModule
	version, _ := greenVersion(cfg)
	if cfg.GreenDir != "" && !self {
		dir, err := filepath.Abs(cfg.GreenDir)
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
			return nil, inputErr("-green=%s: not a checkout of %s (no go.mod)", cfg.GreenDir, GreenModule)
		}
		if err := mf.AddReplace(GreenModule, "", dir, ""); err != nil {
			return nil, err
		}
		replaced = true
	}
	for _, r := range mf.Require {
		if r.Mod.Path == GreenModule {
			version = r.Mod.Version // already required: keep that version
		}
	}
	if replaced && version == "" {
		// A replaced module needs no real version; this is the one go
		// itself writes for it.
		version = zeroPseudoVersion
	} else if version == "" && !self {
		return nil, inputErr("greenify is a development build with no module version: add `replace %s => /path/to/checkout` to %s or pass -green=/path/to/checkout", GreenModule, goMod)
	}
	mf.Cleanup()
	text, err := mf.Format()
	if err != nil {
		return nil, err
	}
	if m.dir, err = os.MkdirTemp("", "greenify-mod-"); err != nil {
		return nil, err
	}
	m.modPath = filepath.Join(m.dir, "go.mod")
	if err := os.WriteFile(m.modPath, text, 0o666); err != nil {
		m.cleanup()
		return nil, err
	}
	if m.oldSum != nil {
		if err := os.WriteFile(filepath.Join(m.dir, "go.sum"), m.oldSum, 0o666); err != nil {
			m.cleanup()
			return nil, err
		}
	}
	if self {
		return m, nil
	}
	// Get the module, not its packages: a package path makes go ask the
	// proxy whether that path is a module of its own first, and a proxy that
	// answers 403 instead of 404 fails the whole get.
	args := []string{"get", "-modfile=" + m.modPath, GreenModule + "@" + version}
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(goMod)
	cmd.Env = cfg.Env
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cfg.logf("go %s", strings.Join(args, " "))
	if err := cmd.Run(); err != nil {
		m.cleanup()
		msg := strings.TrimSpace(stderr.String())
		// keep the last line: go get puts the cause there
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return nil, inputErr("preparing go.mod: %s", msg)
	}
	return m, nil
}

// finalMod returns the new go.mod and go.sum: the temporary ones, with the
// green module marked as a direct requirement (the rewritten code imports
// it; go get ran before it did).
func (m *modPlan) finalMod() (mod, sum []byte, err error) {
	text, err := os.ReadFile(m.modPath)
	if err != nil {
		return nil, nil, err
	}
	mf, err := modfile.Parse(m.goMod, text, nil)
	if err != nil {
		return nil, nil, err
	}
	var reqs []*modfile.Require
	change := false
	for _, r := range mf.Require {
		c := *r
		if c.Mod.Path == GreenModule && c.Indirect {
			c.Indirect, change = false, true
		}
		reqs = append(reqs, &c)
	}
	if change {
		mf.SetRequireSeparateIndirect(reqs)
	}
	mf.Cleanup()
	if mod, err = mf.Format(); err != nil {
		return nil, nil, err
	}
	sum, err = os.ReadFile(filepath.Join(m.dir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	return mod, sum, nil
}
