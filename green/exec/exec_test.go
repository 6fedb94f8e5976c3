//go:build linux

package exec_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	stdos "os"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/exec"
	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/runtime/hub"
)

// stdin -> cat -> stdout through the green pipes, with the writer and the
// reader in two green threads and more data than a pipe buffer holds.
func TestCatRoundTrip(t *testing.T) {
	clean(t)
	want := bytes.Repeat([]byte("through cat\n"), 50000) // 600 KB
	hub.Run(func() {
		cmd := exec.Command("cat")
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		writer := hub.Spawn(func() (int, error) {
			defer in.Close()
			return in.Write(want)
		})
		got, err := io.ReadAll(out)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := writer.Wait(); err != nil || n != len(want) {
			t.Fatalf("write: %d, %v", n, err)
		}
		if err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("cat gave back %d bytes, want %d", len(got), len(want))
		}
		if !cmd.ProcessState.Success() {
			t.Error(cmd.ProcessState)
		}
		// Wait closed our end of stdin; the caller's Close is still fine.
		if err := in.Close(); err != nil {
			t.Errorf("Close after Wait: %v", err)
		}
	})
}

// Output collects more than a pipe buffer; yes | head ends by SIGPIPE in
// the shell's pipeline and still exits 0.
func TestOutputLarge(t *testing.T) {
	clean(t)
	hub.Run(func() {
		out, err := exec.Command("sh", "-c", "yes | head -n 200000").Output()
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 400000 || strings.Count(string(out), "y\n") != 200000 {
			t.Fatalf("got %d bytes", len(out))
		}
	})
}

// Exit codes and standard error: Output fills ExitError.Stderr, and
// CombinedOutput interleaves both streams.
func TestExitCodeAndStderr(t *testing.T) {
	clean(t)
	hub.Run(func() {
		_, err := exec.Command("sh", "-c", "echo oops >&2; exit 3").Output()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 || string(ee.Stderr) != "oops\n" {
			t.Fatalf("got %v (stderr %q), want exit status 3 with stderr", err, stderrOf(ee))
		}
		out, err := exec.Command("sh", "-c", "echo out; echo err >&2").CombinedOutput()
		if err != nil || string(out) != "out\nerr\n" {
			t.Fatalf("CombinedOutput: %q, %v", out, err)
		}
		var stderr bytes.Buffer
		cmd := exec.Command("sh", "-c", "echo to-stderr >&2")
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.String() != "to-stderr\n" {
			t.Fatalf("Stderr buffer: %q, %v", stderr.String(), err)
		}
	})
}

func stderrOf(ee *exec.ExitError) []byte {
	if ee == nil {
		return nil
	}
	return ee.Stderr
}

// Env, Dir and ExtraFiles reach the child; an extra green pipe end is
// descriptor 3 in it, and our end reads what the child wrote there.
func TestEnvDirExtraFiles(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		cmd := exec.Command("sh", "-c", `echo "$GREEN_TEST_VAR $(pwd)"; echo extra >&3`)
		cmd.Env = append(cmd.Environ(), "GREEN_TEST_VAR=set")
		cmd.Dir = dir
		cmd.ExtraFiles = []*os.File{w}
		out, err := cmd.Output()
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != "set "+dir+"\n" {
			t.Fatalf("child saw %q", out)
		}
		extra, err := io.ReadAll(r)
		if err != nil || string(extra) != "extra\n" {
			t.Fatalf("fd 3: %q, %v", extra, err)
		}
	})
}

// A signal ends a child; Wait reports it as the standard ExitError.
func TestSignal(t *testing.T) {
	clean(t)
	hub.Run(func() {
		cmd := exec.Command("sleep", "30")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("Wait: %v", err)
		}
		ws := ee.Sys().(syscall.WaitStatus)
		if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
			t.Fatalf("status %v, want killed by SIGTERM", ws)
		}
	})
}

// CommandContext with a Cancel that the child ignores: after WaitDelay the
// child is killed, and Wait returns.
func TestCommandContextCancelWaitDelay(t *testing.T) {
	clean(t)
	hub.Run(func() {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", `trap "" TERM; echo ready; exec sleep 30`)
		cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
		cmd.WaitDelay = 50 * time.Millisecond
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The trap is set once the child has said so.
		if _, err := io.ReadFull(out, make([]byte, len("ready\n"))); err != nil {
			t.Fatal(err)
		}
		cancel()
		err = cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("Wait: %v", err)
		}
		if ws := ee.Sys().(syscall.WaitStatus); !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("status %v, want SIGKILL after WaitDelay", ws)
		}
	})
}

// A context done before Start: Start fails with the context's error and
// starts nothing.
func TestCommandContextDoneBeforeStart(t *testing.T) {
	clean(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	hub.Run(func() {
		if err := exec.CommandContext(ctx, "true").Run(); !errors.Is(err, context.Canceled) {
			t.Fatalf("Run: %v", err)
		}
	})
}

// 200 children waited on from green threads while another green thread
// keeps running: it counts its own turns, and those go on while the
// children are waited for (the hub is never blocked by a Wait).
func TestManyChildren(t *testing.T) {
	clean(t)
	const children = 200
	hub.Run(func() {
		done := 0
		turnsWhileWaiting := 0
		counter := hub.Spawn(func() (int, error) {
			turns := 0
			for done < children {
				turns++
				if done > 0 {
					turnsWhileWaiting++
				}
				hub.Sleep(time.Millisecond)
			}
			return turns, nil
		})
		pool := hub.NewPool(children)
		failures := 0
		for i := 0; i < children; i++ {
			pool.Go(func() {
				if err := exec.Command("sh", "-c", "exit 0").Run(); err != nil {
					t.Error(err)
					failures++
				}
				done++
			})
		}
		pool.WaitAll()
		turns, _ := counter.Wait()
		if failures > 0 {
			t.Fatalf("%d children failed", failures)
		}
		if turns == 0 || turnsWhileWaiting == 0 {
			t.Fatalf("the counting thread ran %d times (%d while children were waited for)", turns, turnsWhileWaiting)
		}
	})
}

// A Timeout on the waiting green thread returns from Wait and leaves the
// child to be waited for again.
func TestWaitTimeoutThenWaitAgain(t *testing.T) {
	clean(t)
	hub.Run(func() {
		cmd := exec.Command("sleep", "30")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		err := hub.WithTimeout(20*time.Millisecond, cmd.Wait)
		if !hub.IsTimeout(err) {
			t.Fatalf("Wait under a timeout: %v", err)
		}
		if cmd.ProcessState != nil {
			t.Fatal("the child was reaped by an interrupted Wait")
		}
		cmd.Process.Kill()
		if err := cmd.Wait(); err == nil || cmd.ProcessState == nil {
			t.Fatalf("second Wait: %v, state %v", err, cmd.ProcessState)
		}
	})
}

// A child that inherits the test's own stdout finds it blocking, and
// writes to it: the green packages never made it non-blocking (the flag
// would reach every process sharing it). The child is this test binary,
// which checks the flag on its fd 1 (see TestMain).
func TestChildInheritsStdout(t *testing.T) {
	clean(t)
	self, err := stdos.Executable()
	if err != nil {
		t.Skip(err)
	}
	hub.Run(func() {
		os.Stdout.Write(nil) // the green stdout, through the pool
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(cmd.Environ(), helperEnv+"=stdout-blocking")
		cmd.Stdout = stdos.Stdout
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("child: %v: %s", err, stderr.Bytes())
		}
	})
	if fl, err := unix.FcntlInt(1, unix.F_GETFL, 0); err == nil && fl&unix.O_NONBLOCK != 0 {
		t.Error("our stdout is non-blocking")
	}
}

// LookPath and the errors are the standard ones.
func TestLookPathErrors(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Fatal(err)
	}
	_, err := exec.LookPath("no-such-command-greenify")
	if !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("LookPath of a missing command: %v", err)
	}
	if err := exec.Command("no-such-command-greenify").Run(); !errors.Is(err, exec.ErrNotFound) {
		t.Fatalf("Run of a missing command: %v", err)
	}
}

// The conversions carry the command across both ways.
func TestStdConversions(t *testing.T) {
	clean(t)
	hub.Run(func() {
		cmd := exec.Command("sh", "-c", "echo std")
		sc := cmd.Std()
		out, err := sc.Output()
		if err != nil || string(out) != "std\n" {
			t.Fatalf("Std: %q, %v", out, err)
		}
		g := exec.FromStdCmd(stdCommand("sh", "-c", "echo green"))
		out, err = g.Output()
		if err != nil || string(out) != "green\n" {
			t.Fatalf("FromStdCmd: %q, %v", out, err)
		}
	})
}

// A pipeline: one command's StdoutPipe is the next one's Stdin, handed
// over as the descriptor itself (in blocking mode), as with the standard
// package.
func TestPipeline(t *testing.T) {
	clean(t)
	hub.Run(func() {
		gen := exec.Command("sh", "-c", "seq 1 20000")
		count := exec.Command("wc", "-l")
		out, err := gen.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		count.Stdin = out
		var res bytes.Buffer
		count.Stdout = &res
		if err := gen.Start(); err != nil {
			t.Fatal(err)
		}
		if err := count.Start(); err != nil {
			t.Fatal(err)
		}
		if err := gen.Wait(); err != nil {
			t.Fatal(err)
		}
		if err := count.Wait(); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(res.String()) != "20000" {
			t.Fatalf("wc -l said %q", res.String())
		}
	})
}
