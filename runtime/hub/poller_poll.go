//go:build unix

package hub

import (
	"os"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// poller is the portable hub: poll(2), level-triggered, over the fds that
// some caller waits on right now (an fd nobody waits for would make poll
// return at once, forever). The interest set changes from any goroutine, so
// it is guarded by a mutex and rebuilt lazily; a wait in progress is woken
// through a self-pipe when it changes.
type pollPoller struct {
	mu       sync.Mutex
	interest map[uint64]*pollEntry
	dirty    bool
	waiting  bool
	fds      []unix.PollFd
	ids      []uint64
	wr, rd   int
}

type pollEntry struct {
	fd   int
	mode Mode
}

func newPollPoller() (*pollPoller, error) {
	rd, wr, err := cloexecPipe()
	if err != nil {
		return nil, err
	}
	return &pollPoller{interest: make(map[uint64]*pollEntry), rd: rd, wr: wr, dirty: true}, nil
}

func (p *pollPoller) register(fd int, id uint64) error { return nil }

func (p *pollPoller) deregister(fd int, id uint64) {
	p.mu.Lock()
	if _, ok := p.interest[id]; ok {
		delete(p.interest, id)
		p.changedLocked()
	}
	p.mu.Unlock()
}

func (p *pollPoller) want(fd int, id uint64, mode Mode, on bool) {
	p.mu.Lock()
	e := p.interest[id]
	if on {
		if e == nil {
			e = &pollEntry{fd: fd}
			p.interest[id] = e
		}
		if e.mode&mode != mode {
			e.mode |= mode
			p.changedLocked()
		}
	} else if e != nil && e.mode&mode != 0 {
		e.mode &^= mode
		if e.mode == 0 {
			delete(p.interest, id)
		}
		p.changedLocked()
	}
	p.mu.Unlock()
}

func (p *pollPoller) changedLocked() {
	p.dirty = true
	if p.waiting {
		p.waiting = false
		p.wakeup()
	}
}

func (p *pollPoller) wait(evs []pollEvent, timeout time.Duration) (int, error) {
	p.mu.Lock()
	if p.dirty {
		p.fds = append(p.fds[:0], unix.PollFd{Fd: int32(p.rd), Events: unix.POLLIN})
		p.ids = append(p.ids[:0], wakeID)
		for id, e := range p.interest {
			var ev int16
			if e.mode&Read != 0 {
				ev |= unix.POLLIN
			}
			if e.mode&Write != 0 {
				ev |= unix.POLLOUT
			}
			p.fds = append(p.fds, unix.PollFd{Fd: int32(e.fd), Events: ev})
			p.ids = append(p.ids, id)
		}
		p.dirty = false
	}
	ms := -1
	if timeout >= 0 {
		ms = int((timeout + time.Millisecond - 1) / time.Millisecond)
	}
	p.waiting = ms != 0
	p.mu.Unlock()

	n, err := unix.Poll(p.fds, ms)

	p.mu.Lock()
	p.waiting = false
	p.mu.Unlock()
	if err == unix.EINTR {
		return 0, nil
	}
	if err != nil {
		return 0, os.NewSyscallError("poll", err)
	}
	k := 0
	for i := 0; i < len(p.fds) && n > 0 && k < len(evs); i++ {
		re := p.fds[i].Revents
		if re == 0 {
			continue
		}
		n--
		if p.ids[i] == wakeID {
			var b [64]byte
			for {
				if m, _ := unix.Read(p.rd, b[:]); m <= 0 {
					break
				}
			}
			continue
		}
		var m Mode
		if re&(unix.POLLIN|unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
			m |= Read
		}
		if re&(unix.POLLOUT|unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0 {
			m |= Write
		}
		evs[k] = pollEvent{id: p.ids[i], mode: m}
		k++
	}
	return k, nil
}

func (p *pollPoller) wakeup() {
	unix.Write(p.wr, []byte{1})
}

func (p *pollPoller) close() error {
	unix.Close(p.wr)
	return unix.Close(p.rd)
}
