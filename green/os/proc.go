package os

import (
	"os"
	"syscall"

	"github.com/greenify/greenify/internal/procwait"
	"github.com/greenify/greenify/runtime/hub"
)

// Process is a green process: the standard *os.Process's field and
// methods, with a Wait that parks the green thread until the process exits
// (see Wait) instead of blocking the hub.
type Process struct {
	Pid int

	std *os.Process
}

// FromStdProcess wraps a standard process (no copy: both are one process
// and its handle; reaping through either reaps it). A nil p gives nil.
func FromStdProcess(p *os.Process) *Process {
	if p == nil {
		return nil
	}
	return &Process{Pid: p.Pid, std: p}
}

// Std returns the standard process underneath, for APIs that want an
// *os.Process. What it gives up: its Wait blocks natively.
func (p *Process) Std() *os.Process {
	if p == nil {
		return nil
	}
	return p.std
}

// ProcAttr holds the attributes for StartProcess: os.ProcAttr's fields,
// with Files of green files (a nil entry closes that descriptor in the
// child). Pollable files handed to a child are put into blocking mode
// first (see File.Std), since the child shares the open file description.
type ProcAttr struct {
	Dir   string
	Env   []string
	Files []*File
	Sys   *syscall.SysProcAttr
}

// Std returns a standard ProcAttr with the same fields, for APIs that want
// one; its Files are the green files' standard ones (what that gives up:
// pollable files are put into blocking mode, see File.Std). A nil a gives
// nil.
func (a *ProcAttr) Std() *os.ProcAttr {
	if a == nil {
		return nil
	}
	sa := &os.ProcAttr{Dir: a.Dir, Env: a.Env, Sys: a.Sys}
	for _, f := range a.Files {
		sa.Files = append(sa.Files, f.Std())
	}
	return sa
}

// FromStdProcAttr returns a ProcAttr with the same fields, its Files
// wrapped with FromStdFile. A nil a gives nil.
func FromStdProcAttr(a *os.ProcAttr) *ProcAttr {
	if a == nil {
		return nil
	}
	ga := &ProcAttr{Dir: a.Dir, Env: a.Env, Sys: a.Sys}
	for _, f := range a.Files {
		ga.Files = append(ga.Files, FromStdFile(f))
	}
	return ga
}

// StartProcess starts a new process; see os.StartProcess. The fork and exec
// run with the hub released (they wait for the child to exec).
func StartProcess(name string, argv []string, attr *ProcAttr) (*Process, error) {
	sa := attr.Std()
	var (
		p   *os.Process
		err error
	)
	blocking(func() { p, err = os.StartProcess(name, argv, sa) })
	if err != nil {
		return nil, err
	}
	return FromStdProcess(p), nil
}

// FindProcess looks for a running process by its pid; see os.FindProcess.
func FindProcess(pid int) (*Process, error) {
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil, err
	}
	return FromStdProcess(p), nil
}

// Kill causes the process to exit immediately.
func (p *Process) Kill() error { return p.std.Kill() }

// Signal sends a signal to the process.
func (p *Process) Signal(sig Signal) error { return p.std.Signal(sig) }

// Release releases the process's resources; see os.Process.Release.
func (p *Process) Release() error { return p.std.Release() }

// WithHandle calls f with the process's handle (a pidfd on Linux); see
// os.Process.WithHandle.
func (p *Process) WithHandle(f func(handle uintptr)) error { return p.std.WithHandle(f) }

// Wait waits for a child process to exit and returns its ProcessState.
// A green thread parks until the exit: on Linux on a pidfd in the hub's
// poller, and then the standard Wait reaps the child at once. Where there
// is no pidfd, the standard Wait blocks its goroutine with the hub
// released (hub.Blocking), which does not spin either. A Timeout or kill
// of the waiting thread returns its error and leaves the child unreaped.
func (p *Process) Wait() (*ProcessState, error) {
	waited, err := procwait.Exited(p.std)
	if err != nil {
		return nil, err
	}
	if waited {
		return p.std.Wait()
	}
	var st *os.ProcessState
	blocking(func() { st, err = p.std.Wait() })
	return st, err
}

// blocking runs fn, which blocks natively, with the hub released when the
// caller is a green thread; another goroutine holds no hub and just calls
// it (without starting the hub for a program that never used it).
func blocking(fn func()) {
	if hub.IsGreen() {
		hub.Blocking(fn)
		return
	}
	fn()
}
