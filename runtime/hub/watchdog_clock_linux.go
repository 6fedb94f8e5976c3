package hub

import (
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// fdClock is a timerfd read through an *os.File, so that its wait parks
// in Go's netpoller; stop closes the file, which wakes the wait.
type fdClock struct {
	f  *os.File
	rc syscall.RawConn // for reset, which runs under h.mu when the hub wakes
}

// newFdClock returns nil when the timerfd cannot be made (then the caller
// falls back to a ticker).
func newFdClock(period time.Duration) wdClock {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil
	}
	if setPeriod(fd, period) != nil {
		unix.Close(fd)
		return nil
	}
	f := os.NewFile(uintptr(fd), "hub watchdog clock")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil
	}
	return &fdClock{f: f, rc: rc}
}

func setPeriod(fd int, period time.Duration) error {
	ts := unix.NsecToTimespec(int64(period))
	return unix.TimerfdSettime(fd, 0, &unix.ItimerSpec{Interval: ts, Value: ts}, nil)
}

func (c *fdClock) wait() bool {
	var n [8]byte // the number of ticks since the last read
	_, err := c.f.Read(n[:])
	return err == nil
}

func (c *fdClock) reset(period time.Duration) {
	c.rc.Control(func(fd uintptr) { setPeriod(int(fd), period) })
}

// pause disarms the timerfd (a zero period): its read waits until reset.
func (c *fdClock) pause() { c.reset(0) }

func (c *fdClock) stop() { c.f.Close() }
