//go:build unix

package os

import (
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// maxRW caps one read or write system call: some systems fail reads and
// writes above 1 GiB.
const maxRW = 1 << 30

// A pollFD is the hub's side of a pollable file: a close-on-exec dup of the
// standard file's descriptor, non-blocking, owned by a hub Handle. The
// standard *os.File keeps the original number (for Stat, Chmod, Name and
// a later Std or Fd), so Close can wake waiters through the handle and
// release both numbers without a double close.
type pollFD struct {
	h     *hub.Handle
	sysfd int
	// blocking is set once Std or Fd gave the descriptor away in blocking
	// mode; the file's I/O then goes through the pool.
	blocking atomic.Bool
	// Deadlines mirrored as unix nanoseconds (0: none), so an operation
	// fails at once on a deadline already past, as the standard one does.
	rdeadline, wdeadline atomic.Int64
	// Read's and Write's system calls as the hub runs them, with their
	// buffer and result: made once per file, since a closure per call
	// would allocate. The direction lock guards each.
	rd, wr     rwOp
	rdOp, wrOp func(fd int) (wouldBlock bool)
}

// rwOp is one read or write in progress: its buffer and its result.
type rwOp struct {
	b   []byte
	n   int
	err error
}

// read is one read(2) into op.b, again after EINTR; it reports whether it
// would block.
func (op *rwOp) read(fd int) bool {
	for {
		n, err := unix.Read(fd, op.b)
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return true
		}
		op.n, op.err = n, err
		return false
	}
}

// write writes op.b from op.n on, as far as the file takes it; it reports
// whether it would block before the end.
func (op *rwOp) write(fd int) bool {
	for op.n < len(op.b) {
		chunk := op.b[op.n:]
		if len(chunk) > maxRW {
			chunk = chunk[:maxRW]
		}
		n, err := unix.Write(fd, chunk)
		if n > 0 {
			op.n += n
		}
		switch err {
		case nil:
			if n == 0 {
				op.err = io.ErrUnexpectedEOF
				return false
			}
		case unix.EINTR:
		case unix.EAGAIN:
			return true
		default:
			op.err = err
			return false
		}
	}
	return false
}

// newPollFile makes a green file for fd, which this process created: a
// pipe end or an opened FIFO or socket. std, if not nil, already owns fd;
// otherwise a standard file is made for it while it is still blocking, so
// that the standard file does not enter Go's own poller (the hub polls it).
// On error fd is closed.
func newPollFile(fd int, name string, std *os.File) (*File, error) {
	if std == nil {
		std = os.NewFile(uintptr(fd), name)
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		std.Close()
		return nil, &PathError{Op: "fcntl", Path: name, Err: err}
	}
	if err := unix.SetNonblock(dup, true); err != nil {
		unix.Close(dup)
		std.Close()
		return nil, &PathError{Op: "setnonblock", Path: name, Err: err}
	}
	h, err := hub.Register(dup)
	if err != nil {
		unix.Close(dup)
		std.Close()
		return nil, &PathError{Op: "register", Path: name, Err: err}
	}
	p := &pollFD{h: h, sysfd: dup}
	p.rdOp, p.wrOp = p.rd.read, p.wr.write
	f := &File{&file{std: std, poll: p}}
	// A file dropped without Close is closed when collected, as the
	// standard file's own cleanup closes its descriptor.
	runtime.AddCleanup(f.file, func(h *hub.Handle) { h.Close() }, h)
	return f, nil
}

// Pipe returns a connected pair of green files; reads from r return bytes
// written to w. Both ends are pollable. Handing an end to a child process
// (exec.Cmd, ProcAttr.Files, Std, Fd) puts that end into blocking mode, as
// the standard Fd does, since programs expect blocking standard streams.
func Pipe() (r *File, w *File, err error) {
	var p [2]int
	// Blocking at first: the standard files made for the ends must not
	// take them into Go's poller; newPollFile makes them non-blocking.
	if err := pipe(&p); err != nil {
		return nil, nil, os.NewSyscallError("pipe", err)
	}
	if r, err = newPollFile(p[0], "|0", nil); err != nil {
		unix.Close(p[1])
		return nil, nil, err
	}
	if w, err = newPollFile(p[1], "|1", nil); err != nil {
		r.Close()
		return nil, nil, err
	}
	return r, w, nil
}

// setBlocking gives the descriptor back to blocking I/O for good: std.Fd
// switches a standard file that is in Go's poller, and the flag is cleared
// on the open file description for one that is not.
func (p *pollFD) setBlocking(std *os.File) {
	if p.blocking.Swap(true) {
		return
	}
	fd := std.Fd()
	unix.SetNonblock(int(fd), false)
}

func (p *pollFD) close() { p.h.Close() }

// lock takes the direction's operation lock (multiple-reader detection is
// there) and fails on a deadline already past.
func (p *pollFD) lock(mode hub.Mode) error {
	if err := p.h.Lock(mode); err != nil {
		return err
	}
	d := &p.rdeadline
	if mode == hub.Write {
		d = &p.wdeadline
	}
	if ns := d.Load(); ns != 0 && time.Now().UnixNano() >= ns {
		p.h.Unlock(mode)
		return os.ErrDeadlineExceeded
	}
	return nil
}

// releaseAt is the size from which a read or write runs with the hub
// released (hub.Handle.DoReleased), so that a green thread copying into a
// pipe and another copying out of it use two cores, as two goroutines on
// a standard os.Pipe do. Giving the hub up and taking it back costs about
// as much as copying a few KiB, and the size is the buffer's, not what
// the call will move: a 32 KiB io.Copy buffer on a pipe of short messages
// gives the hub up on every read. 16 KiB keeps short messages in the hub.
// With one core nothing can overlap, and the hub is kept.
const releaseAt = 16 << 10

// io runs one non-blocking system call (sys returns wouldBlock) until it
// does not block, waiting in the hub's poller in between; a large one
// with the hub released throughout.
func (p *pollFD) io(mode hub.Mode, n int, sys func(fd int) (wouldBlock bool)) error {
	if n >= releaseAt && runtime.GOMAXPROCS(0) > 1 {
		return p.h.DoReleased(mode, sys)
	}
	return p.h.Do(mode, sys)
}

func (p *pollFD) read(b []byte) (int, error) {
	if err := p.lock(hub.Read); err != nil {
		return 0, err
	}
	defer p.h.Unlock(hub.Read)
	if len(b) == 0 {
		return 0, nil
	}
	if len(b) > maxRW {
		b = b[:maxRW]
	}
	op := &p.rd
	op.b, op.n, op.err = b, 0, nil
	err := p.io(hub.Read, len(b), p.rdOp)
	n, rerr := op.n, op.err
	op.b, op.err = nil, nil
	switch {
	case err != nil:
		return 0, err
	case rerr != nil:
		return 0, rerr
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (p *pollFD) write(b []byte) (int, error) {
	if err := p.lock(hub.Write); err != nil {
		return 0, err
	}
	defer p.h.Unlock(hub.Write)
	op := &p.wr
	op.b, op.n, op.err = b, 0, nil
	err := p.io(hub.Write, len(b), p.wrOp)
	n, werr := op.n, op.err
	op.b, op.err = nil, nil
	if err != nil {
		return n, err
	}
	return n, werr
}

func (p *pollFD) setDeadline(mode hub.Mode, t time.Time) error {
	if err := p.h.Incref(); err != nil {
		return err
	}
	defer p.h.Decref()
	var ns int64
	if !t.IsZero() {
		if ns = t.UnixNano(); ns <= 0 {
			ns = 1
		}
	}
	if mode&hub.Read != 0 {
		p.rdeadline.Store(ns)
	}
	if mode&hub.Write != 0 {
		p.wdeadline.Store(ns)
	}
	p.h.SetDeadline(mode, t)
	return nil
}

// rawConn is a pollable file's syscall.RawConn: Read and Write call f with
// the non-blocking descriptor until it reports done, waiting in the hub in
// between.
type rawConn struct{ p *pollFD }

func (c *rawConn) Control(f func(fd uintptr)) error {
	if err := c.p.h.Incref(); err != nil {
		return ErrClosed
	}
	defer c.p.h.Decref()
	f(uintptr(c.p.sysfd))
	return nil
}

func (c *rawConn) Read(f func(fd uintptr) (done bool)) error {
	return c.wait(hub.Read, f)
}

func (c *rawConn) Write(f func(fd uintptr) (done bool)) error {
	return c.wait(hub.Write, f)
}

func (c *rawConn) wait(mode hub.Mode, f func(fd uintptr) bool) error {
	if err := c.p.lock(mode); err != nil {
		if err == hub.ErrClosed {
			return ErrClosed
		}
		return err
	}
	defer c.p.h.Unlock(mode)
	for {
		tok := c.p.h.Token(mode)
		if f(uintptr(c.p.sysfd)) {
			return nil
		}
		if err := c.p.h.Wait(mode, tok); err != nil {
			if err == hub.ErrClosed {
				return ErrClosed
			}
			return err
		}
	}
}

// isPollable says whether an opened file is one the hub can wait on: a
// FIFO or a socket (regular files, directories and devices are not).
func isPollable(std *os.File) bool {
	fi, err := std.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&(ModeNamedPipe|ModeSocket) != 0
}

// adoptOpened turns a file this process just opened into a green one:
// pollable when it is a FIFO or socket.
func adoptOpened(std *os.File) (*File, error) {
	if !isPollable(std) {
		return FromStdFile(std), nil
	}
	return newPollFile(int(stdFd(std)), std.Name(), std)
}

// stdFd reads a standard file's descriptor without the standard Fd's
// switch to blocking mode.
func stdFd(std *os.File) uintptr {
	fd := ^uintptr(0)
	if rc, err := std.SyscallConn(); err == nil {
		rc.Control(func(s uintptr) { fd = s })
	}
	return fd
}
