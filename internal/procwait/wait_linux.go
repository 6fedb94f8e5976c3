package procwait

import (
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// Exited parks the calling green thread until p has exited. It reports
// whether it waited: false means the caller must wait natively (see the
// package doc). An error is the green wait's own: a Timeout, a kill or the
// hub closing; p is then not reaped and Wait may be called again.
func Exited(p *os.Process) (bool, error) {
	if !hub.IsGreen() {
		return false, nil
	}
	fd := -1
	var openErr error
	err := p.WithHandle(func(uintptr) {
		// Our own pidfd rather than a dup of the standard Process's one:
		// a new open file description, so that O_NONBLOCK (which the hub
		// wants) does not reach the standard pidfd, on which waitid fails
		// with EAGAIN while the process runs. WithHandle holds the
		// process unreaped meanwhile, so the pid cannot be reused under us.
		fd, openErr = unix.PidfdOpen(p.Pid, unix.PIDFD_NONBLOCK)
	})
	if err != nil || openErr != nil {
		// No handle (no pidfd support, or already reaped: the standard
		// Wait then says so).
		return false, nil
	}
	h, err := hub.Register(fd)
	if err != nil {
		// Out of poller room: the native wait still works.
		unix.Close(fd)
		return false, nil
	}
	defer h.Close()
	if err := hub.Trampoline(h, hub.Read, time.Time{}); err != nil {
		return false, err
	}
	return true, nil
}
