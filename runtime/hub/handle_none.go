//go:build !unix

package hub

import "time"

// Handle exists on every GOOS so that code naming it builds; where the hub
// has no poller, Register fails with ErrNoPoller and no Handle is made.
type Handle struct{ h *Hub }

func Register(fd int) (*Handle, error)          { return nil, ErrNoPoller }
func (h *Hub) Register(fd int) (*Handle, error) { return nil, ErrNoPoller }
func (x *Handle) Fd() int                       { return -1 }
func (x *Handle) Hub() *Hub                     { return x.h }
func (x *Handle) SetDetect(on bool)             {}
func (x *Handle) Incref() error                 { return ErrNoPoller }
func (x *Handle) Decref()                       {}
func (x *Handle) Lock(mode Mode) error          { return ErrNoPoller }
func (x *Handle) Unlock(mode Mode)              {}
func (x *Handle) Token(mode Mode) uint64        { return 0 }
func (x *Handle) Wait(mode Mode, token uint64) error {
	return ErrNoPoller
}
func (x *Handle) Do(mode Mode, op func(fd int) (wouldBlock bool)) error {
	return ErrNoPoller
}
func (x *Handle) DoReleased(mode Mode, op func(fd int) (wouldBlock bool)) error {
	return ErrNoPoller
}
func (x *Handle) SetDeadline(mode Mode, t time.Time) {}
func (x *Handle) Expired(mode Mode) bool             { return false }
func (x *Handle) Close() error                       { return ErrNoPoller }
func (x *Handle) wakeAll(err error)                  {}
func (x *Handle) kick(w *waiter, err error) bool     { return false }
func (w *waiter) initCallback()                      {}
func (h *Hub) dispatch(evs []pollEvent)              {}

// Trampoline fails where the hub has no poller.
func Trampoline(x *Handle, mode Mode, deadline time.Time) error { return ErrNoPoller }
