//go:build unix

package netfd

import "github.com/greenify/greenify/runtime/hub"

// RawControl runs f with the descriptor under a reference (syscall.RawConn's
// Control).
func (fd *FD) RawControl(f func(uintptr)) error {
	return fd.Control(func(s int) error { f(uintptr(s)); return nil })
}

// RawRead calls f until it returns true, waiting in the hub for readability
// between calls (syscall.RawConn's Read).
func (fd *FD) RawRead(f func(uintptr) bool) error { return fd.rawWait(hub.Read, f) }

// RawWrite is RawRead for writability.
func (fd *FD) RawWrite(f func(uintptr) bool) error { return fd.rawWait(hub.Write, f) }

func (fd *FD) rawWait(mode hub.Mode, f func(uintptr) bool) error {
	if err := fd.lock(mode); err != nil {
		return err
	}
	defer fd.h.Unlock(mode)
	for {
		tok := fd.h.Token(mode)
		if f(uintptr(fd.sysfd)) {
			return nil
		}
		if err := fd.wait(mode, tok); err != nil {
			return err
		}
	}
}
