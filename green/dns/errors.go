package dns

import (
	"context"
	"errors"
	"net"
)

// The error texts and kinds of the standard pure-Go resolver, so that a
// *net.DNSError from this package reads and classifies (IsNotFound,
// IsTimeout, IsTemporary) as the standard one does for the same failure.
var (
	errNoSuchHost                   = &notFoundError{"no such host"}
	errLameReferral                 = errors.New("lame referral")
	errCannotUnmarshalDNSMessage    = errors.New("cannot unmarshal DNS message")
	errCannotMarshalDNSMessage      = errors.New("cannot marshal DNS message")
	errServerMisbehaving            = errors.New("server misbehaving")
	errInvalidDNSResponse           = errors.New("invalid DNS response")
	errNoAnswerFromDNSServer        = errors.New("no answer from DNS server")
	errServerTemporarilyMisbehaving = &temporaryError{"server misbehaving"}

	// errMalformedDNSRecordsDetail comes back beside the records that
	// survived when an answer held invalid names.
	errMalformedDNSRecordsDetail = "DNS response contained records which contain invalid names"

	errCanceled error = canceledError{}
	errTimeout  error = timeoutError{}
)

// notFoundError marks the one error for which DNSError.IsNotFound is set.
type notFoundError struct{ s string }

// Error gives the message.
func (e *notFoundError) Error() string { return e.s }

// temporaryError is SERVFAIL: worth asking again later.
type temporaryError struct{ s string }

// Error gives the message.
func (e *temporaryError) Error() string { return e.s }

// Temporary is true: asking again later may work.
func (e *temporaryError) Temporary() bool { return true }

// Timeout is false: the server answered.
func (e *temporaryError) Timeout() bool { return false }

// canceledError and timeoutError are how the standard library spells a
// canceled or expired context inside a lookup; errors.Is still finds the
// context error through them.
type canceledError struct{}

// Error gives the standard text.
func (canceledError) Error() string { return "operation was canceled" }

// Is matches context.Canceled.
func (canceledError) Is(err error) bool { return err == context.Canceled }

type timeoutError struct{}

// Error gives the standard text.
func (timeoutError) Error() string { return "i/o timeout" }

// Timeout is true.
func (timeoutError) Timeout() bool { return true }

// Temporary is true, as the standard value says.
func (timeoutError) Temporary() bool { return true }

// Is matches context.DeadlineExceeded.
func (timeoutError) Is(err error) bool { return err == context.DeadlineExceeded }

// mapErr turns context errors into their net spellings.
func mapErr(err error) error {
	switch err {
	case context.Canceled:
		return errCanceled
	case context.DeadlineExceeded:
		return errTimeout
	}
	return err
}

// newDNSError builds the *net.DNSError the standard resolver would for err:
// the flags come from err's kind, and only context errors are unwrapped.
func newDNSError(err error, name, server string) *net.DNSError {
	var isTimeout, isTemporary bool
	if ne, ok := err.(net.Error); ok {
		isTimeout = ne.Timeout()
		isTemporary = isTemp(ne)
	}
	var unwrap error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		unwrap = err
	}
	_, isNotFound := err.(*notFoundError)
	return &net.DNSError{
		UnwrapErr:   unwrap,
		Err:         err.Error(),
		Name:        name,
		Server:      server,
		IsTimeout:   isTimeout,
		IsTemporary: isTemporary,
		IsNotFound:  isNotFound,
	}
}

// isTemp asks the deprecated Temporary method, which the standard resolver
// still reads to fill DNSError.IsTemporary.
func isTemp(err error) bool {
	t, ok := err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}

// ctxError is the error a lookup reports once its context is done.
func ctxError(ctx context.Context, name string) error {
	return newDNSError(mapErr(ctx.Err()), name, "")
}
