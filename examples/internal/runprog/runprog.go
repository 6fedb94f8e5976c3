// Package runprog builds and runs the example programs for their tests:
// each example is a real process on a free 127.0.0.1 port, talked to over
// real sockets.
package runprog

import (
	"bufio"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// patience bounds every wait for a program's output; it only keeps a
// broken test from hanging, nothing asserts how long things take.
const patience = 60 * time.Second

// Build compiles the package in dir (relative to the test's working
// directory, "." for the example itself) and returns the binary's path.
func Build(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "prog")
	cmd := exec.Command("go", "build", "-o", bin, dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", dir, err, out)
	}
	return bin
}

// Proc is a running example program.
type Proc struct {
	Addr string // the address from its "listening on ADDR" line

	cmd  *exec.Cmd
	mu   sync.Mutex
	out  strings.Builder // stdout and stderr, as lines arrive
	cond *sync.Cond
	done bool
}

var listening = regexp.MustCompile(`listening on ([^\s,]+)`)

// Start runs bin with args and waits for the line that names its
// address. The process is killed when the test ends.
func Start(t testing.TB, bin string, args ...string) *Proc {
	t.Helper()
	p := &Proc{cmd: exec.Command(bin, args...)}
	p.cond = sync.NewCond(&p.mu)
	pr, pw := io.Pipe()
	p.cmd.Stdout, p.cmd.Stderr = pw, pw
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			p.mu.Lock()
			p.out.WriteString(sc.Text() + "\n")
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	}()
	exited := make(chan struct{})
	go func() {
		p.cmd.Wait()
		pw.Close()
		<-copied
		p.mu.Lock()
		p.done = true
		p.cond.Broadcast()
		p.mu.Unlock()
		close(exited)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Signal(syscall.SIGKILL)
		<-exited
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), p.Output())
		}
	})
	m := p.waitMatch(t, func(s string) []string { return listening.FindStringSubmatch(s) })
	p.Addr = m[1]
	return p
}

// Output is everything the program printed so far.
func (p *Proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// WaitOutput waits until the program has printed want (anywhere in its
// output so far, counted from the start).
func (p *Proc) WaitOutput(t testing.TB, want string) {
	t.Helper()
	p.waitMatch(t, func(s string) []string {
		if strings.Contains(s, want) {
			return []string{want}
		}
		return nil
	})
}

// WaitCount waits until want appears n times in the output.
func (p *Proc) WaitCount(t testing.TB, want string, n int) {
	t.Helper()
	p.waitMatch(t, func(s string) []string {
		if strings.Count(s, want) >= n {
			return []string{want}
		}
		return nil
	})
}

func (p *Proc) waitMatch(t testing.TB, match func(string) []string) []string {
	t.Helper()
	timer := time.AfterFunc(patience, func() {
		p.mu.Lock()
		p.done = true
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer timer.Stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if m := match(p.out.String()); m != nil {
			return m
		}
		if p.done {
			t.Fatalf("program ended or went quiet without the expected output; it printed:\n%s", p.out.String())
		}
		p.cond.Wait()
	}
}

// Clean checks, when the test ends, that it left no goroutine and no
// descriptor behind (the programs are killed first, by Start's cleanup,
// which runs before this one when Clean is called first).
func Clean(t testing.TB) {
	t.Helper()
	// Start the standard library's poller (its epoll fd and wake-up fd
	// live for the whole process) before counting descriptors.
	if l, err := net.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
	}
	before := countFDs(t)
	t.Cleanup(func() {
		goleak.VerifyNone(t)
		var after int
		for range 100 {
			if after = countFDs(t); after <= before {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Errorf("descriptors leaked: %d before, %d after", before, after)
	})
}

func countFDs(t testing.TB) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	return len(ents) - 1
}
