//go:build linux

package hub

import (
	"errors"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// epoller is the Linux hub: one epoll fd, every handle registered once,
// edge-triggered, for reading and writing (as Go's own netpoller does), so
// waiting costs no epoll_ctl. When the hub has nothing to run it does not
// block in epoll_wait on a locked thread: the epoll fd is itself pollable,
// so the loop parks in Go's own poller on it (through an *os.File) and the
// runtime wakes the loop goroutine when any handle is ready. That keeps
// the idle wait as cheap as any goroutine blocked on a socket.
type epoller struct {
	epfd int
	evfd int // eventfd: wakeup from other goroutines
	file *os.File
	raw  syscall.RawConn
	buf  []unix.EpollEvent

	// The callback RawConn.Read calls, made once: a closure per wait
	// would allocate on every idle wait.
	pollFn func(fd uintptr) bool
	n      int
	werr   error
	dlSet  bool // the epoll file has a read deadline
}

func (p *epoller) pollOnce(fd uintptr) bool {
	p.n, p.werr = unix.EpollWait(int(fd), p.buf, 0)
	if p.werr == unix.EINTR {
		p.werr = nil
		return false
	}
	return p.n != 0 || p.werr != nil
}

func newEpoller() (*epoller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	evfd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, os.NewSyscallError("eventfd", err)
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN}
	setID(&ev, wakeID)
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, evfd, &ev); err != nil {
		unix.Close(epfd)
		unix.Close(evfd)
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	// Non-blocking, so that os.NewFile hands it to Go's poller.
	if err := unix.SetNonblock(epfd, true); err != nil {
		unix.Close(epfd)
		unix.Close(evfd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	p := &epoller{epfd: epfd, evfd: evfd, buf: make([]unix.EpollEvent, 256)}
	p.pollFn = p.pollOnce
	p.file = os.NewFile(uintptr(epfd), "hub-epoll")
	if p.raw, err = p.file.SyscallConn(); err != nil {
		p.file.Close()
		unix.Close(evfd)
		return nil, err
	}
	return p, nil
}

func setID(ev *unix.EpollEvent, id uint64) {
	ev.Fd = int32(uint32(id))
	ev.Pad = int32(uint32(id >> 32))
}

func getID(ev *unix.EpollEvent) uint64 {
	return uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
}

func (p *epoller) register(fd int, id uint64) error {
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET}
	setID(&ev, id)
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	return nil
}

func (p *epoller) deregister(fd int, id uint64) {
	// ENOENT/EBADF are fine: the fd may never have been pollable.
	_ = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil)
}

func (p *epoller) want(int, uint64, Mode, bool) {}

func (p *epoller) wait(evs []pollEvent, timeout time.Duration) (int, error) {
	if len(p.buf) > len(evs) {
		p.buf = p.buf[:len(evs)]
	}
	var n int
	if timeout == 0 {
		for {
			var err error
			n, err = unix.EpollWait(p.epfd, p.buf, 0)
			if err == unix.EINTR {
				continue
			}
			if err != nil {
				return 0, os.NewSyscallError("epoll_wait", err)
			}
			break
		}
	} else {
		var dl time.Time
		if timeout > 0 {
			dl = time.Now().Add(timeout)
		}
		if !dl.IsZero() || p.dlSet { // most idle waits have no timer: no deadline call
			if err := p.file.SetReadDeadline(dl); err != nil {
				return 0, err
			}
			p.dlSet = !dl.IsZero()
		}
		err := p.raw.Read(p.pollFn)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, nil
		}
		if err != nil {
			return 0, err
		}
		if p.werr != nil {
			return 0, os.NewSyscallError("epoll_wait", p.werr)
		}
		n = p.n
	}
	k := 0
	for i := 0; i < n; i++ {
		ev := &p.buf[i]
		id := getID(ev)
		if id == wakeID {
			var b [8]byte
			unix.Read(p.evfd, b[:])
			continue
		}
		var m Mode
		if ev.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			m |= Read
		}
		if ev.Events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			m |= Write
		}
		evs[k] = pollEvent{id: id, mode: m}
		k++
	}
	return k, nil
}

func (p *epoller) wakeup() {
	b := [8]byte{1}
	unix.Write(p.evfd, b[:])
}

func (p *epoller) close() error {
	err := p.file.Close()
	unix.Close(p.evfd)
	return err
}
