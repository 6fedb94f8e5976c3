package rewrite

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPrograms greenifies ordinary Go programs (testdata/programs) with
// the default patch sets and checks that each prints what the unmodified
// program prints, with its goroutines as green threads: built and run
// under -race the way a user's shell does (no GOFLAGS=-mod=mod, no
// network, the green module through the replace greenify writes), with
// the stall policy at report and the blocking detector at 1s, so a green
// thread that blocks the hub shows up as a report on stderr.
func TestPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every program twice with -race")
	}
	root := repoRoot(t)
	dir := t.TempDir()
	copyTree(t, filepath.Join(root, "testdata", "programs"), dir)
	if err := os.Rename(filepath.Join(dir, "go.mod.in"), filepath.Join(dir, "go.mod")); err != nil {
		t.Fatal(err)
	}
	// examples/plainecho, the standard-net twin of examples/echo, goes
	// green with the rest (outside the glob of programs that end by
	// themselves: it serves until killed).
	echoSrc, err := os.ReadFile(filepath.Join(root, "examples", "plainecho", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "servers", "plainecho", "main.go"), echoSrc)
	env := userEnv()
	orig := filepath.Join(t.TempDir(), "orig") + string(filepath.Separator)
	goCmd(t, dir, env, "build", "-race", "-o", orig, "./...")

	res, err := Plan(context.Background(), &Config{Dir: dir, Patterns: []string{"./..."}, GreenDir: root, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d)
	}
	if _, err := res.Write(); err != nil {
		t.Fatal(err)
	}
	green := filepath.Join(t.TempDir(), "green") + string(filepath.Separator)
	goCmd(t, dir, env, "build", "-race", "-o", green, "./...") // as written: go.sum must be complete

	t.Run("plainecho", func(t *testing.T) { checkEcho(t, green+"plainecho") })
	progs, _ := filepath.Glob(filepath.Join(dir, "*", "main.go"))
	if len(progs) == 0 {
		t.Fatal("no programs")
	}
	for _, p := range progs {
		name := filepath.Base(filepath.Dir(p))
		t.Run(name, func(t *testing.T) {
			src, _ := os.ReadFile(p)
			if !bytes.Contains(src, []byte("hub.Run(func() {")) {
				t.Errorf("main was not rewritten:\n%s", src)
			}
			want, _ := runProg(t, orig+name, nil)
			got, stderr := runProg(t, green+name, []string{"GREEN_STALL_POLICY=report", "GREEN_BLOCKING_DETECT=1s"})
			if got != want {
				t.Errorf("greenified output:\n%s\nwant:\n%s", got, want)
			}
			if stderr != "" {
				t.Errorf("greenified program reported on stderr:\n%s", stderr)
			}
		})
	}
}

// userEnv is the environment of a user's shell: no GOFLAGS, no network,
// no workspace. No network means no checksum database either: with it on,
// go would try to verify the green module's dependencies against it (their
// go.sum lines are new to this module) and fail wherever the module cache
// holds no copy of its tiles, as on a fresh machine.
func userEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOFLAGS=") && !strings.HasPrefix(kv, "GOPROXY=") && !strings.HasPrefix(kv, "GOWORK=") && !strings.HasPrefix(kv, "GOSUMDB=") {
			env = append(env, kv)
		}
	}
	return append(env, "GOPROXY=off", "GOWORK=off", "GOFLAGS=", "GOSUMDB=off")
}

func goCmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// runProg runs bin (bounded: a deadlock must fail the test, not hang it)
// and returns its stdout and stderr.
func runProg(t *testing.T, bin string, env []string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), err, o.String(), e.String())
	}
	return o.String(), e.String()
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o777)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o666)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkEcho runs the greenified plainecho and checks that it echoes
// several clients at once, a line longer than its buffer whole, with no
// stall reported.
func checkEcho(t *testing.T, bin string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0", "-buf", "16")
	cmd.Env = append(os.Environ(), "GREEN_STALL_POLICY=report", "GREEN_BLOCKING_DETECT=1s")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
		for l := range lines {
			if strings.HasPrefix(l, "hub:") {
				t.Errorf("plainecho reported: %s", l)
			}
		}
	}()
	var addr string
	for l := range lines {
		if m := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(l); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatal("plainecho did not say where it listens")
	}
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := range 3 {
				line := fmt.Sprintf("client %d line %d %s\n", i, j, strings.Repeat("x", 10*j))
				if _, err := c.Write([]byte(line)); err != nil {
					t.Error(err)
					return
				}
				if got, err := r.ReadString('\n'); got != line {
					t.Errorf("echo %q, %v; want %q", got, err, line)
					return
				}
			}
		})
	}
	wg.Wait()
}
