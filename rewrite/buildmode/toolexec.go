package buildmode

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/greenify/greenify/rewrite"
)

var errNoState = errors.New("greenify toolexec runs as the go command's -toolexec proxy: go build -toolexec='greenify toolexec' or greenify go build")

// Toolexec is "greenify toolexec [-patch=sets] [-exclude=sets] TOOL
// ARGS...", the go command's -toolexec proxy: it rewrites compile actions,
// completes link actions and keys both apart in the build cache; every
// other tool runs as it is. Under greenify go it reads the build's state
// from the driver; started by the go command directly (the bare form), it
// finds the state itself (see bare.go).
func Toolexec(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("greenify toolexec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	patch := fs.String("patch", "", "comma-separated patch sets to apply (default all; the bare form only)")
	exclude := fs.String("exclude", "", "comma-separated patch sets to leave out (the bare form only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	args = fs.Args()
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: greenify toolexec [-patch=sets] [-exclude=sets] TOOL [ARGS...]")
		return 2
	}
	tool, targs := args[0], args[1:]
	name := strings.TrimSuffix(filepath.Base(tool), ".exe")
	isVersion := len(targs) == 1 && targs[0] == "-V=full"
	if name != "compile" && name != "link" {
		// The proxy starts for every action of every build, so what needs
		// nothing of greenify takes the shortest way: no state, no plan.
		if isVersion {
			line, code := toolVersion(tool, targs, stderr)
			if code == 0 {
				fmt.Fprintln(stdout, line)
			}
			return code
		}
		return execTool(tool, targs, stdout, stderr)
	}
	st, err := readState()
	if err == errNoState {
		var sets []*rewrite.PatchSet
		if sets, err = rewrite.SelectSets(split(*patch), split(*exclude)); err == nil {
			st, err = bareState(sets)
		}
	}
	if err != nil {
		fail(stderr, err)
		return 2
	}
	if isVersion {
		return version(tool, targs, st, stdout, stderr)
	}
	if name == "link" {
		if targs, err = linkArgs(targs, st); err != nil {
			fmt.Fprintf(stderr, "greenify: %v\n", err)
			return 2
		}
		return execTool(tool, targs, stdout, stderr)
	}
	rewritten, done, err := compileArgs(targs, st)
	if err != nil {
		fmt.Fprintf(stderr, "greenify: %v\n", err)
		return 2
	}
	if done == nil {
		return execTool(tool, targs, stdout, stderr)
	}
	// The planner type-checked the rewritten package, but the compiler
	// may still refuse it (a check go/types does not make): then the
	// package compiles as it was, and the report says why.
	var out bytes.Buffer
	if runTool(tool, rewritten, &out, &out) == 0 {
		st.report(*done)
		return 0
	}
	msg := strings.TrimSpace(out.String())
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	st.report(reportLine{Package: done.Package, Standard: "rewritten, it did not compile: " + msg})
	return execTool(tool, targs, stdout, stderr)
}

// execTool runs tool with args in this process's place when the proxy has
// nothing left to do after it: no second process to start and wait for,
// and the go command sees the tool's own exit status. Output that does not
// go to this process's own streams (a test's buffers) needs runTool.
func execTool(tool string, args []string, stdout, stderr io.Writer) int {
	if stdout == io.Writer(os.Stdout) && stderr == io.Writer(os.Stderr) {
		if path, err := exec.LookPath(tool); err == nil {
			err = syscall.Exec(path, append([]string{tool}, args...), os.Environ())
			fmt.Fprintf(stderr, "greenify: %s: %v\n", tool, err)
			return 2
		}
	}
	return runTool(tool, args, stdout, stderr)
}

// runTool runs tool with args as a child and returns its exit code.
func runTool(tool string, args []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(tool, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		fmt.Fprintf(stderr, "greenify: %v\n", err)
		return 2
	}
	return 0
}

// version answers TOOL -V=full with the tool's answer and the state's
// suffix. For a release toolchain the go command keys its build cache on
// the whole line, so the suffix keeps green objects apart from plain ones.
func version(tool string, args []string, st *state, stdout, stderr io.Writer) int {
	line, code := toolVersion(tool, args, stderr)
	if code != 0 {
		return code
	}
	f := strings.Fields(line)
	if len(f) >= 3 && f[2] == "devel" && strings.HasPrefix(f[len(f)-1], "buildID=") {
		// A development toolchain: the go command keys on the content ID
		// at the end of the build ID alone, so the suffix goes in there.
		sum := sha256.Sum256([]byte(st.Suffix))
		fmt.Fprintf(stdout, "%s-greenify%x\n", line, sum[:8])
		return 0
	}
	fmt.Fprintf(stdout, "%s %s\n", line, st.Suffix)
	return 0
}

// flagValue returns the value of -name in args and its index, or -1.
func flagValue(args []string, name string) (string, int) {
	for i, a := range args {
		if a == "-"+name && i+1 < len(args) {
			return args[i+1], i + 1
		}
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			return v, i
		}
	}
	return "", -1
}

func setFlag(args []string, i int, name, value string) {
	if strings.HasPrefix(args[i], "-"+name+"=") {
		args[i] = "-" + name + "=" + value
	} else {
		args[i] = value
	}
}

// linkArgs points the link at a copy of its importcfg that also names the
// green closure, which rewritten packages import behind the go command's
// back.
func linkArgs(args []string, st *state) ([]string, error) {
	cfgPath, i := flagValue(args, "importcfg")
	if i < 0 {
		return args, nil
	}
	cfg, err := readImportcfg(cfgPath)
	if err != nil {
		return nil, err
	}
	out := cfgPath + ".greenify"
	if err := cfg.withClosure(out, st.Closure); err != nil {
		return nil, err
	}
	args = append([]string(nil), args...)
	setFlag(args, i, "importcfg", out)
	return args, nil
}

// A reportLine is one package of the build as the report gives it.
type reportLine struct {
	Package     string   `json:"package"`
	Sets        []string `json:"sets,omitempty"`     // rewritten by these sets
	Standard    string   `json:"standard,omitempty"` // left standard, because
	Diagnostics []string `json:"diagnostics,omitempty"`
}

func (st *state) report(r reportLine) {
	if st.Report == "" {
		return // a bare -toolexec build: nobody reads a report
	}
	b, _ := json.Marshal(r)
	f, err := os.OpenFile(st.Report, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o666)
	if err != nil {
		return
	}
	// One write per line: appends from concurrent actions do not interleave.
	f.Write(append(b, '\n'))
	f.Close()
}

// compileArgs plans the package of one compile action and, when the plan
// changes something, returns the arguments that compile the rewritten
// files against an importcfg that names the green packages, and the
// report line to give once they compiled. done is nil when the package
// compiles as it is.
func compileArgs(args []string, st *state) (rewritten []string, done *reportLine, err error) {
	pkg, _ := flagValue(args, "p")
	cfgPath, ci := flagValue(args, "importcfg")
	outFile, _ := flagValue(args, "o")
	lang, _ := flagValue(args, "lang")
	if pkg == "" || ci < 0 || outFile == "" {
		return nil, nil, nil
	}
	var files []int
	for i, a := range args {
		if strings.HasSuffix(a, ".go") && !strings.HasPrefix(a, "-") {
			files = append(files, i)
		}
	}
	if len(files) == 0 {
		return nil, nil, nil
	}
	switch {
	case st.Closure[pkg] != "":
		return nil, nil, nil // the driver reports the closure as a whole
	case pkg == rewrite.GreenModule || strings.HasPrefix(pkg, rewrite.GreenModule+"/"):
		return nil, nil, nil // the green module's own packages: not a user of the standard ones
	}
	var names []string
	for _, i := range files {
		base := filepath.Base(args[i])
		if base == "_cgo_gotypes.go" || strings.HasSuffix(base, ".cgo1.go") {
			st.report(reportLine{Package: pkg, Standard: "cgo: the compiler sees cgo's output"})
			return nil, nil, nil
		}
		names = append(names, args[i])
	}
	cfg, err := readImportcfg(cfgPath)
	if err != nil {
		return nil, nil, err
	}
	var sets []*rewrite.PatchSet
	for _, s := range rewrite.Sets() {
		for _, n := range st.Sets {
			if s.Name == n {
				sets = append(sets, s)
			}
		}
	}
	arch := os.Getenv("GOARCH")
	if arch == "" {
		arch = runtime.GOARCH
	}
	plan, err := rewrite.PlanPackage(rewrite.PackageInput{
		Path:      pkg,
		Files:     names,
		Importer:  &exportImporter{fset: token.NewFileSet(), cfg: cfg, closure: st.Closure, pkgs: map[string]*types.Package{}},
		Sizes:     types.SizesFor("gc", arch),
		Sets:      sets,
		GoVersion: lang,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", pkg, err)
	}
	var diags []string
	for _, d := range plan.Diagnostics {
		diags = append(diags, d.String())
	}
	if plan.Refused != "" {
		st.report(reportLine{Package: pkg, Standard: "refused: " + plan.Refused, Diagnostics: diags})
		return nil, nil, nil
	}
	if len(plan.Files) == 0 {
		if len(diags) > 0 {
			st.report(reportLine{Package: pkg, Standard: "kept standard", Diagnostics: diags})
		}
		return nil, nil, nil
	}
	// The action's own directory under $WORK: the go command removes it
	// after the build, and -work keeps it.
	dir := filepath.Join(filepath.Dir(outFile), "greenify")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, nil, err
	}
	args = append([]string(nil), args...)
	for n, i := range files {
		src, ok := plan.Files[args[i]]
		if !ok {
			continue
		}
		dst := filepath.Join(dir, fmt.Sprintf("%d_%s", n, filepath.Base(args[i])))
		// Positions, panics and debug information name the original file
		// and line.
		orig, err := os.ReadFile(args[i])
		if err != nil {
			return nil, nil, err
		}
		src = withLineDirectives(args[i], orig, src)
		if err := os.WriteFile(dst, src, 0o666); err != nil {
			return nil, nil, err
		}
		args[i] = dst
	}
	newCfg := filepath.Join(dir, "importcfg")
	if err := cfg.withClosure(newCfg, st.Closure); err != nil {
		return nil, nil, err
	}
	setFlag(args, ci, "importcfg", newCfg)
	return args, &reportLine{Package: pkg, Sets: plan.Sets, Diagnostics: diags}, nil
}
