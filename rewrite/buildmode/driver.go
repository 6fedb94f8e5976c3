package buildmode

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"

	"github.com/greenify/greenify/rewrite"
	"golang.org/x/mod/modfile"
)

// closureReason is why the green closure stays standard.
const closureReason = "green closure: the green packages stand on it"

// verbs are the go subcommands the build mode runs.
var verbs = []string{"build", "install", "run", "test", "vet"}

// Go is "greenify go [-v] [-json] [-patch=...] [-exclude=...] VERB [ARGS...]":
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
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: greenify go [-v] [-json] [-patch=sets] [-exclude=sets] %s [go flags] [packages]\n", strings.Join(verbs, "|"))
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
	if err := checkPinned(); err != nil {
		return fail(stderr, err)
	}
	self, err := executable()
	if err != nil {
		return fail(stderr, err)
	}
	tmp, err := os.MkdirTemp("", "greenify-build-")
	if err != nil {
		return fail(stderr, err)
	}
	defer os.RemoveAll(tmp)
	st := &state{Report: filepath.Join(tmp, "report.jsonl")}
	for _, s := range sets {
		st.Sets = append(st.Sets, s.Name)
	}
	if st.Closure, err = greenClosure(sets, goArgs); err != nil {
		return fail(stderr, err)
	}
	if st.Suffix, err = suffix(self, st); err != nil {
		return fail(stderr, err)
	}
	statePath := filepath.Join(tmp, "state.json")
	if err := st.write(statePath); err != nil {
		return fail(stderr, err)
	}
	cmd := exec.Command("go", append([]string{verb, "-toolexec=" + quote(self) + " toolexec"}, goArgs...)...)
	cmd.Env = append(os.Environ(), stateEnv+"="+statePath)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	code := 0
	if err := cmd.Run(); err != nil {
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
// go.mod does not require the green module.
func checkPinned() error {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %v", err)
	}
	goMod := strings.TrimSpace(string(out))
	if goMod == "" || goMod == os.DevNull {
		return errors.New("not in a module: the build mode resolves the green packages through go.mod (run go mod init, then greenify pin)")
	}
	text, err := os.ReadFile(goMod)
	if err != nil {
		return err
	}
	mf, err := modfile.ParseLax(goMod, text, nil)
	if err != nil {
		return err
	}
	if mf.Module != nil && mf.Module.Mod.Path == rewrite.GreenModule {
		return nil
	}
	for _, r := range mf.Require {
		if r.Mod.Path == rewrite.GreenModule {
			return nil
		}
	}
	return fmt.Errorf("%s does not require %s: run greenify pin first", goMod, rewrite.GreenModule)
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

// greenClosure lists the green packages of sets and every package they
// import, with their export files, compiling them as the build will.
func greenClosure(sets []*rewrite.PatchSet, goArgs []string) (map[string]string, error) {
	args := append([]string{"list", "-deps", "-export", "-f", "{{.ImportPath}}\t{{.Export}}"}, buildFlags(goArgs)...)
	for _, s := range sets {
		for _, p := range s.Packages {
			args = append(args, p.Green)
		}
	}
	cmd := exec.Command("go", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 {
			msg = msg[i+1:]
		}
		return nil, fmt.Errorf("listing the green packages: %s", msg)
	}
	closure := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		path, export, _ := strings.Cut(sc.Text(), "\t")
		if export != "" {
			closure[path] = export
		}
	}
	return closure, nil
}

// suffix is what the proxy appends to the tools' -V=full answers: greenify's
// version (the digest of its own executable for a development build), the
// sets, and a digest of the closure's export files, whose names the build
// cache derives from their contents.
func suffix(self string, st *state) (string, error) {
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		version = bi.Main.Version
	} else {
		b, err := os.ReadFile(self)
		if err != nil {
			return "", err
		}
		sum := sha256.Sum256(b)
		version = "devel-" + hex.EncodeToString(sum[:8])
	}
	h := sha256.New()
	var paths []string
	for p := range st.Closure {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(h, "%s=%s\n", p, st.Closure[p])
	}
	return fmt.Sprintf("greenify=%s sets=%s closure=%x", version, strings.Join(st.Sets, ","), h.Sum(nil)[:8]), nil
}
