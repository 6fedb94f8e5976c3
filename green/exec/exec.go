package exec

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/internal/procwait"
	"github.com/greenify/greenify/runtime/hub"
)

// Cmd is an external command being prepared or run, green: exec.Cmd's
// fields with the same meaning, and methods that park the calling green
// thread instead of blocking the hub. ExtraFiles holds green files and
// Process is a green *os.Process (its Wait is green too); ProcessState is
// the standard one.
//
// Underneath, a standard exec.Cmd does the work (path look-up, descriptor
// set-up, the copying goroutines for non-file Stdin/Stdout/Stderr, Cancel
// and WaitDelay): Start fills it from these fields, and Wait parks until the
// child exits, then lets the standard Wait reap it and collect the copying
// goroutines with the hub released.
type Cmd struct {
	// Path is the path of the command to run; see exec.Cmd.Path.
	Path string
	// Args holds command line arguments, including the command as Args[0].
	Args []string
	// Env specifies the environment of the process ("key=value"); nil
	// means the current process's environment.
	Env []string
	// Dir specifies the working directory of the command ("" means the
	// calling process's current directory).
	Dir string

	// Stdin, Stdout and Stderr are the child's standard streams, as in
	// exec.Cmd. A green or standard *os.File is handed to the child as
	// its descriptor (a pollable green file is put into blocking mode
	// first, as the standard Fd does); any other reader or writer is fed
	// by a goroutine through a pipe, as the standard Cmd does.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// ExtraFiles specifies additional open files to be inherited by the
	// new process: entry i becomes descriptor 3+i. Pollable green files
	// are put into blocking mode first.
	ExtraFiles []*os.File

	// SysProcAttr holds optional, operating system-specific attributes.
	SysProcAttr *syscall.SysProcAttr

	// Process is the underlying process, once started.
	Process *os.Process

	// ProcessState contains information about an exited process. It is
	// set by a successful Wait or Run.
	ProcessState *os.ProcessState

	// Err is the LookPath error, if any, from Command or CommandContext;
	// Start returns it.
	Err error

	// Cancel, if non-nil, is called when the command's context is done;
	// see exec.Cmd.Cancel. CommandContext sets it to kill Process.
	Cancel func() error

	// WaitDelay bounds the time spent waiting on two sources of unexpected
	// delay in Wait; see exec.Cmd.WaitDelay.
	WaitDelay time.Duration

	std           *exec.Cmd // from Command/CommandContext (holds the context), or made by Start
	started       bool
	childIOFiles  []io.Closer // the child's ends of the Std*Pipe pipes, closed after Start
	parentIOPipes []io.Closer // our ends, closed after Wait
}

// Command returns the Cmd to execute the named program with the given
// arguments; see exec.Command.
func Command(name string, arg ...string) *Cmd {
	return fromStd(exec.Command(name, arg...))
}

// CommandContext is like Command but includes a context; when ctx is done
// before the command completes, Cancel is called (by default it kills the
// process). See exec.CommandContext.
func CommandContext(ctx context.Context, name string, arg ...string) *Cmd {
	c := fromStd(exec.CommandContext(ctx, name, arg...))
	c.Cancel = func() error { return c.Process.Kill() }
	return c
}

func fromStd(std *exec.Cmd) *Cmd {
	return &Cmd{Path: std.Path, Args: std.Args, Err: std.Err, std: std}
}

// String returns a human-readable description of c, for debugging.
func (c *Cmd) String() string {
	return (&exec.Cmd{Path: c.Path, Args: c.Args, Err: c.Err}).String()
}

// Environ returns a copy of the environment in which the command would be
// run as it is currently configured.
func (c *Cmd) Environ() []string {
	return (&exec.Cmd{Path: c.Path, Dir: c.Dir, Env: c.Env}).Environ()
}

// Run starts the command and waits for it to complete; see exec.Cmd.Run.
func (c *Cmd) Run() error {
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// Start starts the command but does not wait for it to complete. The fork
// and exec run with the hub released.
func (c *Cmd) Start() error {
	if c.started {
		return errors.New("exec: already started")
	}
	c.started = true
	std := c.fill()
	// The standard Cmd calls Cancel from its own goroutine, which may run
	// before Start has set c.Process: ready orders the two.
	ready := make(chan struct{})
	defer close(ready)
	std.Cancel = nil
	if cancel := c.Cancel; cancel != nil {
		std.Cancel = func() error { <-ready; return cancel() }
	}

	var err error
	blocking(func() { err = std.Start() })
	closeAll(c.childIOFiles)
	c.childIOFiles = nil
	if err != nil {
		closeAll(c.parentIOPipes)
		c.parentIOPipes = nil
		return err
	}
	c.Process = os.FromStdProcess(std.Process)
	return nil
}

// fill copies the fields to the standard Cmd underneath (made now if
// Command did not make it) and returns it.
func (c *Cmd) fill() *exec.Cmd {
	std := c.std
	if std == nil {
		std = &exec.Cmd{}
		c.std = std
	}
	std.Path, std.Args, std.Env, std.Dir = c.Path, c.Args, c.Env, c.Dir
	std.SysProcAttr, std.Err, std.WaitDelay = c.SysProcAttr, c.Err, c.WaitDelay
	std.Stdin = stdReader(c.Stdin)
	std.Stdout = stdWriter(c.Stdout)
	std.Stderr = stdWriter(c.Stderr)
	std.ExtraFiles = nil
	for _, f := range c.ExtraFiles {
		std.ExtraFiles = append(std.ExtraFiles, f.Std())
	}
	return std
}

// Std returns a standard *exec.Cmd for c, not yet started, for APIs that
// want one (a dependency's func(*exec.Cmd), such as a pty library): the
// fields carried over, its context kept, green files handed over as their
// standard files (pollable ones put into blocking mode). Use the standard
// Cmd from then on. What it gives up: its Wait blocks natively, and its
// Cancel calls c.Cancel only while c.Process is set (a Cancel that uses
// c.Process cannot work on a process c did not start), else it kills the
// process. Std of a started Cmd returns the standard Cmd that runs it.
func (c *Cmd) Std() *exec.Cmd {
	if c == nil {
		return nil
	}
	if c.started {
		return c.std
	}
	std := c.fill()
	std.Cancel = nil
	if cancel := c.Cancel; cancel != nil {
		std.Cancel = func() error {
			if c.Process == nil {
				return std.Process.Kill()
			}
			return cancel()
		}
	}
	return std
}

// FromStdCmd returns a green Cmd for a standard one (made by a dependency,
// say): the fields carried over, its context kept. A started standard Cmd
// can still be waited for through the green one. A nil c gives nil.
func FromStdCmd(sc *exec.Cmd) *Cmd {
	if sc == nil {
		return nil
	}
	c := &Cmd{
		Path: sc.Path, Args: sc.Args, Env: sc.Env, Dir: sc.Dir,
		Stdin: sc.Stdin, Stdout: sc.Stdout, Stderr: sc.Stderr,
		SysProcAttr: sc.SysProcAttr, Err: sc.Err, Cancel: sc.Cancel, WaitDelay: sc.WaitDelay,
		ProcessState: sc.ProcessState,
		std:          sc,
	}
	for _, f := range sc.ExtraFiles {
		c.ExtraFiles = append(c.ExtraFiles, os.FromStdFile(f))
	}
	if sc.Process != nil {
		c.Process = os.FromStdProcess(sc.Process)
		c.started = true
	}
	return c
}

// stdReader and stdWriter hand a green file to the standard Cmd as its
// standard file, so the child gets the descriptor itself (as a standard
// *os.File would) rather than a pipe fed by a goroutine.
func stdReader(r io.Reader) io.Reader {
	if f, ok := r.(*os.File); ok {
		return f.Std()
	}
	return r
}

func stdWriter(w io.Writer) io.Writer {
	if f, ok := w.(*os.File); ok {
		return f.Std()
	}
	return w
}

// Wait waits for the command to exit and for any copying to or from its
// standard streams to complete; see exec.Cmd.Wait. A green thread parks
// until the child exits (on Linux on a pidfd in the hub's poller), then the
// standard Wait reaps it and waits for the copying goroutines with the hub
// released. A Timeout or kill of the waiting thread returns its error and
// leaves the command to be waited for again.
func (c *Cmd) Wait() error {
	if c.Process == nil {
		return errors.New("exec: not started")
	}
	if c.ProcessState != nil {
		return errors.New("exec: Wait was already called")
	}
	if _, err := procwait.Exited(c.std.Process); err != nil {
		return err
	}
	var err error
	blocking(func() { err = c.std.Wait() })
	c.ProcessState = c.std.ProcessState
	closeAll(c.parentIOPipes)
	c.parentIOPipes = nil
	return err
}

// Output runs the command and returns its standard output; see
// exec.Cmd.Output. If Stderr was nil, an *ExitError carries the start and
// end of the command's standard error.
func (c *Cmd) Output() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("exec: Stdout already set")
	}
	var stdout bytes.Buffer
	c.Stdout = &stdout
	var saved *headTail
	if c.Stderr == nil {
		saved = &headTail{n: 32 << 10}
		c.Stderr = saved
	}
	err := c.Run()
	if ee, ok := err.(*ExitError); ok && saved != nil {
		ee.Stderr = saved.Bytes()
	}
	return stdout.Bytes(), err
}

// CombinedOutput runs the command and returns its standard output and
// standard error together.
func (c *Cmd) CombinedOutput() ([]byte, error) {
	if c.Stdout != nil {
		return nil, errors.New("exec: Stdout already set")
	}
	if c.Stderr != nil {
		return nil, errors.New("exec: Stderr already set")
	}
	var b bytes.Buffer
	c.Stdout = &b
	c.Stderr = &b
	err := c.Run()
	return b.Bytes(), err
}

// StdinPipe returns a pipe connected to the command's standard input when
// it starts; see exec.Cmd.StdinPipe. Our end is a green pipe (writes park
// the green thread while the pipe is full); the child's end is blocking.
// Wait closes it after the command exits; closing it sooner is fine.
func (c *Cmd) StdinPipe() (io.WriteCloser, error) {
	if c.Stdin != nil {
		return nil, errors.New("exec: Stdin already set")
	}
	if c.Process != nil {
		return nil, errors.New("exec: StdinPipe after process started")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.Stdin = pr
	c.childIOFiles = append(c.childIOFiles, pr)
	wc := &closeOnce{File: pw}
	c.parentIOPipes = append(c.parentIOPipes, wc)
	return wc, nil
}

// StdoutPipe returns a pipe connected to the command's standard output
// when it starts; see exec.Cmd.StdoutPipe. Our end is a green pipe (reads
// park the green thread); the child's end is blocking. Wait closes it after
// the command exits, so read everything before calling Wait.
func (c *Cmd) StdoutPipe() (io.ReadCloser, error) {
	if c.Stdout != nil {
		return nil, errors.New("exec: Stdout already set")
	}
	if c.Process != nil {
		return nil, errors.New("exec: StdoutPipe after process started")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.Stdout = pw
	c.childIOFiles = append(c.childIOFiles, pw)
	c.parentIOPipes = append(c.parentIOPipes, pr)
	return pr, nil
}

// StderrPipe is StdoutPipe for the command's standard error.
func (c *Cmd) StderrPipe() (io.ReadCloser, error) {
	if c.Stderr != nil {
		return nil, errors.New("exec: Stderr already set")
	}
	if c.Process != nil {
		return nil, errors.New("exec: StderrPipe after process started")
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	c.Stderr = pw
	c.childIOFiles = append(c.childIOFiles, pw)
	c.parentIOPipes = append(c.parentIOPipes, pr)
	return pr, nil
}

func closeAll(cs []io.Closer) {
	for _, c := range cs {
		c.Close()
	}
}

// closeOnce is the StdinPipe writer: Wait closes it too, and the caller's
// own Close before or after that must not fail.
type closeOnce struct {
	*os.File
	once sync.Once
	err  error
}

func (c *closeOnce) Close() error {
	c.once.Do(func() { c.err = c.File.Close() })
	return c.err
}

// headTail keeps the first and the last n bytes written to it, for the
// standard error an *ExitError of Output carries.
type headTail struct {
	n       int
	head    []byte
	tail    []byte // the last n bytes (or fewer) after head filled
	dropped int64
}

func (w *headTail) Write(p []byte) (int, error) {
	total := len(p)
	if room := w.n - len(w.head); room > 0 {
		k := min(room, len(p))
		w.head = append(w.head, p[:k]...)
		p = p[k:]
	}
	w.tail = append(w.tail, p...)
	if over := len(w.tail) - w.n; over > 0 {
		w.dropped += int64(over)
		w.tail = append(w.tail[:0], w.tail[over:]...)
	}
	return total, nil
}

// Bytes is head, a note of how much was left out, and tail.
func (w *headTail) Bytes() []byte {
	if w.dropped == 0 {
		return append(w.head[:len(w.head):len(w.head)], w.tail...)
	}
	var b bytes.Buffer
	b.Write(w.head)
	b.WriteString("\n... omitting ")
	b.WriteString(strconv.FormatInt(w.dropped, 10))
	b.WriteString(" bytes ...\n")
	b.Write(w.tail)
	return b.Bytes()
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
