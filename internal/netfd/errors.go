package netfd

import "context"

// The standard dialer reports a canceled or expired context with two
// unexported values; these behave the same (same text, Timeout(), and
// errors.Is with the context error).
var (
	ErrCanceled error = canceledError{}
	ErrTimeout  error = &timeoutError{}
)

type canceledError struct{}

func (canceledError) Error() string     { return "operation was canceled" }
func (canceledError) Is(err error) bool { return err == context.Canceled }

type timeoutError struct{}

func (*timeoutError) Error() string     { return "i/o timeout" }
func (*timeoutError) Timeout() bool     { return true }
func (*timeoutError) Temporary() bool   { return true }
func (*timeoutError) Is(err error) bool { return err == context.DeadlineExceeded }

// MapContextErr maps a context error to its net spelling.
func MapContextErr(err error) error {
	switch err {
	case context.Canceled:
		return ErrCanceled
	case context.DeadlineExceeded:
		return ErrTimeout
	}
	return err
}
