//go:build !unix

package net

import "errors"

// Without a poller this package is the standard one; the standard net
// offers no SO_REUSEPORT or backlog knob here.
var errNoSockopt = errors.New("net: not supported on this system")

func setReusePort(fd uintptr) error          { return errNoSockopt }
func relisten(fd uintptr, backlog int) error { return errNoSockopt }
