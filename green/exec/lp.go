package exec

import "os/exec"

// Error and ExitError are the standard types: an *exec.ExitError holds an
// *os.ProcessState, which only the os package can make, so Wait lets the
// standard Wait reap the child and build both (see Cmd.Wait).
type (
	// Error is returned by LookPath when it fails to classify a file as an
	// executable.
	Error = exec.Error
	// ExitError reports an unsuccessful exit by a command.
	ExitError = exec.ExitError
)

// The errors are the standard values, so errors.Is against either
// package's variable holds.
var (
	// ErrNotFound is the error resulting if a path search failed to find
	// an executable file.
	ErrNotFound = exec.ErrNotFound
	// ErrDot is the error resulting if a path lookup resolved to an
	// executable in the current directory due to ‘.’ being in the path.
	ErrDot = exec.ErrDot
	// ErrWaitDelay is returned by Cmd.Wait if the process exits with a
	// successful status code but its output pipes are not closed before
	// the command's WaitDelay expires.
	ErrWaitDelay = exec.ErrWaitDelay
)

// LookPath searches for an executable named file in the directories named
// by the PATH environment variable; see exec.LookPath. It only stats files,
// so it is the standard function.
func LookPath(file string) (string, error) { return exec.LookPath(file) }
