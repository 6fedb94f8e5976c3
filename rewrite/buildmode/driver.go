package buildmode

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/greenify/greenify/rewrite"
	"golang.org/x/mod/modfile"
)

// closureReason is why the green closure stays standard.
const closureReason = "green closure: the green packages stand on it"

// verbs are the go subcommands the build mode runs.
var verbs = []string{"build", "install", "run", "test", "vet"}

// Go is "greenify go [-C dir] [-v] [-json] [-patch=...] [-exclude=...] VERB [ARGS...]":
// it runs "go VERB -toolexec=... ARGS..." with greenify as the proxy, then
// reports. Flags before VERB are greenify's; everything after it is the go
// command's. The exit code is the go command's, or 2 for bad input.
func Go(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("greenify go", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print which packages were rewritten by which sets and which stayed standard, and why")
	asJSON := fs.Bool("json", false, "print the same report as JSON on standard output")
	patch := fs.String("patch", "", "comma-separated patch sets to apply (default all)")
	exclude := fs.String("exclude", "", "comma-separated patch sets to leave out")
	chdir := fs.String("C", "", "change to `dir` first, as go -C does")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: greenify go [-C dir] [-v] [-json] [-patch=sets] [-exclude=sets] %s [go flags] [packages]\n", strings.Join(verbs, "|"))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	rest := fs.Args()
	if len(rest) == 0 || !slices.Contains(verbs, rest[0]) {
		fs.Usage()
		return 2
	}
	verb, goArgs := rest[0], rest[1:]
	self, err := executable() // before -C: os.Args[0] may be relative
	if err != nil {
		return fail(stderr, err)
	}
	if *chdir != "" {
		// The go command would change directory before anything else; so
		// does the driver, for go.mod, go.work and the closure's listing.
		if err := os.Chdir(*chdir); err != nil {
			return fail(stderr, err)
		}
	}
	for _, a := range goArgs {
		if a == "-toolexec" || strings.HasPrefix(a, "-toolexec=") || strings.HasPrefix(a, "--toolexec") {
			return fail(stderr, errors.New("the build mode sets -toolexec itself; run go directly for another proxy"))
		}
		if a == "--" {
			break
		}
	}
	sets, err := rewrite.SelectSets(split(*patch), split(*exclude))
	if err != nil {
		return fail(stderr, err)
	}
	c := openCache()
	st, err := newState(c, "", os.Environ(), sets, goArgs, self)
	if err != nil {
		return fail(stderr, err)
	}
	tmp, err := os.MkdirTemp("", "greenify-build-")
	if err != nil {
		return fail(stderr, err)
	}
	defer os.RemoveAll(tmp)
	st.Report = filepath.Join(tmp, "report.jsonl")
	statePath := filepath.Join(tmp, "state.json")
	if err := st.write(statePath); err != nil {
		return fail(stderr, err)
	}
	cmd := exec.Command("go", append([]string{verb, "-toolexec=" + quote(self) + " toolexec"}, goArgs...)...)
	cmd.Env = append(os.Environ(), stateEnv+"="+statePath)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	if err := cmd.Start(); err != nil {
		return fail(stderr, err)
	}
	// greenify outlives the go command so that its temporary directory goes
	// with it. A terminal's interrupt reaches the whole process group, the go
	// command and its program included, so greenify only waits; a SIGTERM
	// sent to greenify alone is passed on to the go command.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGTERM {
					cmd.Process.Signal(sig)
				}
			case <-done:
				return
			}
		}
	}()
	err = cmd.Wait()
	signal.Stop(sigs)
	close(done)
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return fail(stderr, err)
		}
		code = ee.ExitCode()
	}
	if *verbose || *asJSON {
		lines, err := readReport(st.Report)
		if err != nil {
			return fail(stderr, err)
		}
		if *asJSON {
			for p := range st.Closure {
				if !strings.HasPrefix(p, rewrite.GreenModule+"/") {
					lines = append(lines, reportLine{Package: p, Standard: closureReason})
				}
			}
			sort.SliceStable(lines, func(i, j int) bool { return lines[i].Package < lines[j].Package })
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "\t")
			enc.Encode(lines)
		}
		if *verbose {
			printReport(stderr, lines, st.Closure)
		}
	}
	return code
}

func fail(stderr io.Writer, err error) int {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "greenify: %s\n", line)
	}
	return 2
}

func split(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// executable is the path the go command must run as the proxy. It is the
// path greenify was started by, not a resolved symlink: a program started
// under another name (a test binary linked as greenify) is found again by
// that name.
func executable() (string, error) {
	name := os.Args[0]
	if !strings.ContainsRune(name, filepath.Separator) {
		p, err := exec.LookPath(name)
		if err != nil {
			return os.Executable()
		}
		name = p
	}
	return filepath.Abs(name)
}

// quote makes a path one field of the go command's -toolexec value.
func quote(s string) string {
	if strings.ContainsAny(s, " \t'\"") {
		return "'" + s + "'"
	}
	return s
}

// checkPinned refuses a build outside a module and in a module whose
// go.mod does not require the green module. In a go.work workspace the
// green module can come from any module of the workspace, or from the
// workspace's own replace or use of a checkout.
func checkPinned(genv *goEnv) error {
	goMod, work := genv.get("GOMOD"), genv.get("GOWORK")
	if work != "" && work != "off" {
		return checkWorkPinned(work)
	}
	if goMod == "" || goMod == os.DevNull {
		return errors.New("not in a module: the build mode resolves the green packages through go.mod (run go mod init, then greenify pin)")
	}
	ok, err := requiresGreen(goMod)
	if err != nil || ok {
		return err
	}
	return fmt.Errorf("%s does not require %s: run greenify pin first", goMod, rewrite.GreenModule)
}

// requiresGreen reports whether the go.mod file requires the green module
// or is the green module.
func requiresGreen(goMod string) (bool, error) {
	text, err := os.ReadFile(goMod)
	if err != nil {
		return false, err
	}
	mf, err := modfile.ParseLax(goMod, text, nil)
	if err != nil {
		return false, err
	}
	if mf.Module != nil && mf.Module.Mod.Path == rewrite.GreenModule {
		return true, nil
	}
	for _, r := range mf.Require {
		if r.Mod.Path == rewrite.GreenModule {
			return true, nil
		}
	}
	return false, nil
}

// checkWorkPinned is checkPinned for a workspace: the go command resolves
// the green packages through every module the go.work file uses.
func checkWorkPinned(work string) error {
	text, err := os.ReadFile(work)
	if err != nil {
		return err
	}
	wf, err := modfile.ParseWork(work, text, nil)
	if err != nil {
		return err
	}
	for _, r := range wf.Replace {
		if r.Old.Path == rewrite.GreenModule {
			return nil
		}
	}
	for _, u := range wf.Use {
		dir := u.Path
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(work), dir)
		}
		if ok, err := requiresGreen(filepath.Join(dir, "go.mod")); err != nil || ok {
			return err
		}
	}
	return fmt.Errorf("%s: no module of the workspace requires %s: run greenify pin in one of them (with GOWORK=off), or use a checkout of it in the workspace", work, rewrite.GreenModule)
}

// objectFlags are the build flags that change compiled objects: the green
// closure must be compiled with the same ones as the build, or the linker
// finds two different builds of one package.
var objectFlags = []string{"race", "msan", "asan", "cover", "tags", "gcflags", "asmflags", "trimpath", "mod", "modfile", "buildvcs", "pgo", "installsuffix", "ldflags"}

// boolFlags are the go command's build and test flags that take no value;
// every other flag given without "=" takes the next argument.
var boolFlags = []string{"a", "n", "x", "v", "race", "msan", "asan", "cover", "trimpath", "work",
	"linkshared", "modcacherw", "json", "i", "c", "benchmem", "short", "failfast", "fullpath", "buildvcs"}

// buildFlags picks objectFlags out of the go command's arguments, which
// come before the packages.
func buildFlags(goArgs []string) []string {
	var out []string
	for i := 0; i < len(goArgs); i++ {
		a := goArgs[i]
		if !strings.HasPrefix(a, "-") || a == "--" {
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		takesNext := !hasValue && !slices.Contains(boolFlags, name) && i+1 < len(goArgs)
		if slices.Contains(objectFlags, name) {
			out = append(out, a)
			if takesNext {
				out = append(out, goArgs[i+1])
			}
		}
		if takesNext {
			i++
		}
	}
	return out
}

// newState computes what every proxy of one build needs: the chosen sets,
// the green closure (see closure.go) and the suffix of the tools' -V=full
// answers. dir and env are those of the go command that runs the build;
// goArgs are its arguments after the verb. c is the open, locked cache, or
// nil.
func newState(c *cache, dir string, env []string, sets []*rewrite.PatchSet, goArgs []string, self string) (*state, error) {
	env = goCmdEnv(env)
	genv, err := c.goEnv(dir, env)
	if err != nil {
		return nil, err
	}
	if err := checkPinned(genv); err != nil {
		return nil, err
	}
	version, err := greenifyVersion(c, self)
	if err != nil {
		return nil, err
	}
	st := &state{}
	for _, s := range sets {
		st.Sets = append(st.Sets, s.Name)
	}
	st.Closure, err = c.closure(dir, env, genv, version, sets, buildFlags(goArgs))
	if err != nil {
		return nil, err
	}
	st.Suffix = suffix(version, st)
	return st, nil
}

// greenifyVersion is greenify's module version, or for a development
// build a digest of its own executable. A version without a checksum (a
// build from a checkout, or through a replace, as go tool greenify builds
// a pinned -green checkout) names no fixed source: it is a development
// build too.
func greenifyVersion(c *cache, self string) (string, error) {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" && bi.Main.Sum != "" {
		return bi.Main.Version, nil
	}
	sum, err := c.digest(self)
	if err != nil {
		return "", err
	}
	return "devel-" + sum[:16], nil
}

// suffix is what the proxy appends to the tools' -V=full answers: greenify's
// version (the digest of its own executable for a development build), the
// sets, and a digest of the closure's export files, whose names the build
// cache derives from their contents.
func suffix(version string, st *state) string {
	h := sha256.New()
	var paths []string
	for p := range st.Closure {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s=%s\n", p, st.Closure[p])
	}
	return fmt.Sprintf("greenify=%s sets=%s closure=%x", version, strings.Join(st.Sets, ","), h.Sum(nil)[:8])
}
