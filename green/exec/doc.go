// Package exec is the standard os/exec package, green: the same API, with
// Run, Wait, Output and the pipes parking the calling green thread instead
// of blocking the greenify hub. It is what Eventlet's green subprocess is to
// Python's, and what `greenify` points a program's `import "os/exec"` at:
//
//	import "github.com/greenify/greenify/green/exec"
//
//	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
//
// # Waiting without blocking the hub
//
// Cmd.Wait (and Run, Output, CombinedOutput) parks the green thread until
// the child exits: on Linux it waits on the child's pidfd in the hub's
// poller, so other green threads run meanwhile and nothing polls on a timer
// (Eventlet's green waitpid looked every 10 ms). Then the standard Wait
// reaps the child at once: only the os package can build the
// *os.ProcessState that ProcessState and *ExitError carry, so those stay the
// standard types. Where there is no pidfd (other systems, old kernels), or
// for a caller that is not a green thread, the standard Wait runs with the
// hub released (hub.Blocking): it blocks one goroutine in wait4 and never
// spins.
//
// Start runs the fork and exec with the hub released too. The copying of
// non-file Stdin/Stdout/Stderr (a bytes.Buffer, a network conn) is done by
// the standard Cmd's goroutines, which are outsiders to the hub.
//
// # Pipes
//
// StdinPipe, StdoutPipe and StderrPipe return green pipes: the parent's
// end is a pollable green *os.File whose Read and Write park the green
// thread; the child's end is blocking, as every program expects of its
// standard streams. A green pollable *os.File given as Stdin, Stdout,
// Stderr or in ExtraFiles is put into blocking mode before the child
// inherits it, as the standard Fd does (the child shares its open file
// description); standard *os.Files such as the standard os.Stdout are
// handed over untouched, and never made non-blocking.
//
// # Types
//
// Cmd is this package's own type with exec.Cmd's fields: ExtraFiles holds
// green files and Process is a green *os.Process (both from
// github.com/greenify/greenify/green/os); Cancel, WaitDelay, Env, Dir,
// SysProcAttr and Err mean what they mean in exec.Cmd. Error and ExitError
// are aliases of the standard types, and ErrNotFound, ErrDot and
// ErrWaitDelay are the standard values. Where a Cmd meets an API that wants
// the standard one (a dependency's func(*exec.Cmd), such as a pty library),
// convert with (*Cmd).Std, which builds a standard Cmd from the fields (what
// it gives up: its Wait blocks natively).
//
// # Other systems
//
// Without pidfds (darwin, the BSDs) Wait blocks a goroutine in wait4 with
// the hub released; where the hub has no poller (windows, wasip1) the same
// code runs, so the package behaves as the standard one.
package exec
