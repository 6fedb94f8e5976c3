package hub

import (
	"errors"
	"fmt"
)

var (
	// ErrClosed is returned by operations on a Handle that is closing or
	// closed. Green packages translate it to their standard spelling
	// (net.ErrClosed, os.ErrClosed).
	ErrClosed = errors.New("use of closed handle")

	// ErrHubClosed is what a green thread waiting in a hub gets when the hub
	// is closed under it, and what any later call on that hub returns.
	ErrHubClosed = errors.New("hub: closed")

	// ErrKilled is delivered to a green thread that was killed. Calls with an
	// error result return it; calls without one panic with it, and the thread
	// unwinds quietly. It is sticky: every later switch point delivers it again.
	ErrKilled = errors.New("hub: green thread killed")

	// ErrStarted is returned by Use once the hub is running.
	ErrStarted = errors.New("hub: already started")

	// errGoexit is what Wait returns for a thread that called runtime.Goexit.
	errGoexit = errors.New("hub: green thread called runtime.Goexit")
)

// MultipleWaitersError reports a second green thread waiting to read (or
// write) a handle that another green thread already waits on: Eventlet's
// "Second simultaneous read on fileno N detected".
type MultipleWaitersError struct {
	Fd     int
	Mode   Mode
	First  uint64 // id of the green thread already waiting
	Second uint64 // id of the green thread that tried to wait
}

func (e *MultipleWaitersError) Error() string {
	op := "read"
	if e.Mode == Write {
		op = "write"
	}
	return fmt.Sprintf("second simultaneous %s on fileno %d detected (green thread %d waits, green thread %d tried). "+
		"Unless you really know what you're doing, make sure that only one green thread can %s any particular socket. "+
		"Consider using a Pool or a Queue, or turn detection off for this handle with SetDetect(false)",
		op, e.Fd, e.First, e.Second, op)
}

// PanicError is what Wait returns for a green thread that panicked. The panic
// was logged with its stack to the hub's ErrorLog when it happened.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("green thread panicked: %v", e.Value) }

// Unwrap gives the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// timeoutError is the hub's one internal wait error: the deadline of a
// wait passed (not a Timeout value). A Handle also fires its waiters with
// it when SetDeadline moves their deadline; a handle wait takes it as "read
// the deadline again" and only then reports os.ErrDeadlineExceeded.
type timeoutError struct{}

func (timeoutError) Error() string   { return "hub: wait timed out" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

var errTimedOut error = timeoutError{}

// IsTimeout reports whether err is, or wraps, an error whose Timeout method
// says true: a *Timeout, os.ErrDeadlineExceeded, a net.Error from a deadline.
func IsTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
