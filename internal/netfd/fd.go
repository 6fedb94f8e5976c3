//go:build unix

package netfd

import (
	"io"
	"net"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/runtime/hub"
)

// maxRW caps one read or write system call, as internal/poll does: some
// systems fail reads and writes above 1 GiB.
const maxRW = 1 << 30

// FD is a non-blocking socket owned by a hub Handle.
type FD struct {
	h     *hub.Handle
	sysfd int

	Family int    // AF_INET, AF_INET6, AF_UNIX
	Sotype int    // SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW
	Net    string // the network name the caller used: "tcp", "udp6", "unixpacket", "ip4:icmp"...

	// Addresses, set once the socket is bound or connected and never
	// changed after the FD is handed out.
	Laddr, Raddr net.Addr

	closing atomic.Bool
	// sleeper is the accept back-off's sleep, which Close cuts short.
	sleeper atomic.Pointer[hub.Event[struct{}]]

	// Read's and Write's system calls as hub.Handle.Do runs them, made once
	// per FD (a closure per call would allocate); the direction lock
	// guards each.
	rd, wr     rwOp
	rdOp, wrOp func(sysfd int) bool

	// releaseReads: the hub waits in Go's netpoller, where a read may give
	// the hub up before its system call (see Read).
	releaseReads bool
}

// rwOp is one Read or Write in progress: its buffer and its result.
type rwOp struct {
	p      []byte
	n      int
	err    error
	waited bool // reads: the last one would have blocked at first
}

// readOp is Read's system call for hub.Handle.Do: read(2) into fd.rd.p,
// again after EINTR; it reports whether it would block. It runs under the
// hub's RawConn callback, at the deepest point of a thread's first Read,
// so it is one closure (a method value's wrapper would be a frame more),
// the system call is sysRead (see sysread_linux.go), and an errno becomes
// an error only when it is one.
func (fd *FD) readOp() func(int) bool {
	op := &fd.rd
	return func(sysfd int) bool {
		for {
			n, e := sysRead(sysfd, op.p)
			switch e {
			case 0:
				op.n, op.err = n, nil
				return false
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				op.waited = true
				return true
			}
			op.n, op.err = n, e
			return false
		}
	}
}

// write writes op.p from op.n on, as far as the socket takes it; it
// reports whether it would block before the end. An empty op.p is still
// written: on a datagram socket that sends an empty datagram.
func (op *rwOp) write(sysfd int) bool {
	for {
		end := len(op.p)
		if end-op.n > maxRW {
			end = op.n + maxRW
		}
		n, err := unix.Write(sysfd, op.p[op.n:end])
		if n > 0 {
			op.n += n
		}
		switch err {
		case nil:
			if op.n == len(op.p) {
				return false
			}
			if n == 0 {
				op.err = io.ErrUnexpectedEOF
				return false
			}
		case unix.EINTR:
		case unix.EAGAIN:
			return true
		default:
			op.err = os.NewSyscallError("write", err)
			return false
		}
	}
}

// New takes ownership of sysfd, which must be non-blocking and
// close-on-exec, and registers it with the caller's hub (hub.Current: the
// hub of the calling green thread, else the default one). On error sysfd
// is closed.
func New(sysfd, family, sotype int, netw string) (*FD, error) {
	return NewOn(hub.Current(), sysfd, family, sotype, netw)
}

// NewOn is New on an explicit hub.
func NewOn(hb *hub.Hub, sysfd, family, sotype int, netw string) (*FD, error) {
	h, err := hb.Register(sysfd)
	if err != nil {
		unix.Close(sysfd)
		return nil, err
	}
	fd := &FD{h: h, sysfd: sysfd, Family: family, Sotype: sotype, Net: netw}
	fd.rdOp, fd.wrOp = fd.readOp(), fd.wr.write
	fd.releaseReads = hb.Kind() == hub.KindNetpoll
	// A socket dropped without Close is closed when collected, as the
	// standard netFD's finalizer does (the hub holds the Handle, not the FD).
	runtime.AddCleanup(fd, func(h *hub.Handle) { h.Close() }, h)
	return fd, nil
}

// Handle gives the hub handle, for packages that wait on it themselves.
func (fd *FD) Handle() *hub.Handle { return fd.h }

// Sysfd is the descriptor number. It is only meaningful while a reference
// is held (see Control); after Close the number may be reused.
func (fd *FD) Sysfd() int { return fd.sysfd }

// zeroReadIsEOF: a 0-byte read means end of stream for connection-oriented
// sockets; for datagrams it is an empty datagram.
func (fd *FD) zeroReadIsEOF() bool {
	return fd.Sotype != unix.SOCK_DGRAM && fd.Sotype != unix.SOCK_RAW
}

// MapErr translates hub errors to the values the standard net package uses.
func MapErr(err error) error {
	if err == hub.ErrClosed {
		return net.ErrClosed
	}
	return err
}

func (fd *FD) wait(mode hub.Mode, tok uint64) error {
	return MapErr(fd.h.Wait(mode, tok))
}

// Close marks the FD closing, wakes every waiter with net.ErrClosed and
// releases the descriptor once the last operation in flight lets go of it.
func (fd *FD) Close() error {
	fd.closing.Store(true)
	if ev := fd.sleeper.Load(); ev != nil {
		ev.Send(struct{}{})
	}
	return MapErr(fd.h.Close())
}

// Closing reports whether Close was called.
func (fd *FD) Closing() bool { return fd.closing.Load() }

// Control runs f with the descriptor while holding a reference, so that a
// concurrent Close cannot release the number under f.
func (fd *FD) Control(f func(sysfd int) error) error {
	if err := fd.h.Incref(); err != nil {
		return MapErr(err)
	}
	defer fd.h.Decref()
	return f(fd.sysfd)
}

// SetDeadline, SetReadDeadline and SetWriteDeadline wake current waiters to
// re-check; a zero time removes the deadline.
func (fd *FD) SetDeadline(t time.Time) error { return fd.setDeadline(hub.Read|hub.Write, t) }

func (fd *FD) SetReadDeadline(t time.Time) error { return fd.setDeadline(hub.Read, t) }

func (fd *FD) SetWriteDeadline(t time.Time) error { return fd.setDeadline(hub.Write, t) }

func (fd *FD) setDeadline(mode hub.Mode, t time.Time) error {
	if err := fd.h.Incref(); err != nil {
		return MapErr(err)
	}
	defer fd.h.Decref()
	fd.h.SetDeadline(mode, t) // the handle keeps the deadline
	return nil
}

func (fd *FD) readDeadlinePassed() bool { return fd.h.Expired(hub.Read) }

// lock takes the direction lock and fails if the direction's deadline has
// passed already.
func (fd *FD) lock(mode hub.Mode) error {
	if err := fd.h.Lock(mode); err != nil {
		return MapErr(err)
	}
	if fd.h.Expired(mode) {
		fd.h.Unlock(mode)
		return os.ErrDeadlineExceeded
	}
	return nil
}

// Read reads into p; a 0-byte read on a stream socket is io.EOF.
//
// When the last read had to wait, as a server's read of each request
// does, this one most likely waits too: it gives the hub up before its
// system call (hub.Handle.DoReleased), which then runs, like the wait,
// beside the hub's holder. The thread hands the hub on at the same moment
// it would have at the would-block, so a read that waits costs no more,
// and the hub's holder is left only its caller's code. A read that then
// finds data at once takes the hub back and makes the next one start
// holding it. Only where the hub waits in Go's netpoller: on the other
// kinds the waits need the hub.
//
// A thread idle on the conn parks under this frame, so it stays small (a
// goroutine's stack grows for the deepest moment of its calls): no defer,
// and the rest is in calls that return before the park.
func (fd *FD) Read(p []byte) (int, error) {
	if len(p) == 0 || len(p) > maxRW {
		return fd.readOdd(p)
	}
	if err := fd.lock(hub.Read); err != nil {
		return 0, err
	}
	fd.rd.p = p
	if fd.rd.waited && fd.releaseReads {
		fd.rd.waited = false
		return fd.readDone(fd.h.DoReleased(hub.Read, fd.rdOp))
	}
	return fd.readDone(fd.h.Do(hub.Read, fd.rdOp))
}

// readOdd is Read of an empty buffer, which returns at once (after the
// lock, so that it still reports a closed or expired conn, as
// internal/poll does), or of one over maxRW, which reads maxRW.
//
//go:noinline
func (fd *FD) readOdd(p []byte) (int, error) {
	if len(p) > 0 {
		return fd.Read(p[:maxRW])
	}
	if err := fd.lock(hub.Read); err != nil {
		return 0, err
	}
	fd.h.Unlock(hub.Read)
	return 0, nil
}

// readDone ends Read: it takes the result of the read (err is the wait's)
// and lets go of the direction lock.
//
//go:noinline
func (fd *FD) readDone(err error) (int, error) {
	op := &fd.rd
	n, serr := op.n, op.err
	op.p, op.n, op.err = nil, 0, nil
	fd.h.Unlock(hub.Read)
	switch {
	case err != nil:
		return 0, MapErr(err)
	case serr != nil:
		return 0, os.NewSyscallError("read", serr)
	case n == 0 && fd.zeroReadIsEOF():
		return 0, io.EOF
	}
	return n, nil
}

// Write writes all of p (looping over short writes, as a stream needs).
func (fd *FD) Write(p []byte) (int, error) {
	if err := fd.lock(hub.Write); err != nil {
		return 0, err
	}
	defer fd.h.Unlock(hub.Write)
	op := &fd.wr
	op.p, op.n, op.err = p, 0, nil
	err := fd.h.Do(hub.Write, fd.wrOp)
	n, serr := op.n, op.err
	op.p = nil
	if err != nil {
		return n, MapErr(err)
	}
	return n, serr
}

// Writev writes the buffers with writev(2), all of them, and consumes what
// was written from *v.
func (fd *FD) Writev(v *[][]byte) (int64, error) {
	if err := fd.lock(hub.Write); err != nil {
		return 0, err
	}
	defer fd.h.Unlock(hub.Write)
	var total int64
	for len(*v) > 0 {
		// Drop empty leading buffers and cap the batch at IOV_MAX-ish.
		bufs := *v
		for len(bufs) > 0 && len(bufs[0]) == 0 {
			bufs = bufs[1:]
		}
		*v = bufs
		if len(bufs) == 0 {
			break
		}
		if len(bufs) > 1024 {
			bufs = bufs[:1024]
		}
		tok := fd.h.Token(hub.Write)
		n, err := sysWritev(fd.sysfd, bufs)
		if n > 0 {
			total += int64(n)
			consume(v, int64(n))
		}
		switch err {
		case nil:
			if n == 0 {
				return total, io.ErrUnexpectedEOF
			}
			continue
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := fd.wait(hub.Write, tok); err != nil {
				return total, err
			}
			continue
		}
		return total, os.NewSyscallError("writev", err)
	}
	return total, nil
}

func consume(v *[][]byte, n int64) {
	for len(*v) > 0 {
		ln0 := int64(len((*v)[0]))
		if ln0 > n {
			(*v)[0] = (*v)[0][n:]
			return
		}
		n -= ln0
		(*v)[0] = nil
		*v = (*v)[1:]
	}
}

// ReadFrom receives one datagram and its source address.
func (fd *FD) ReadFrom(p []byte) (int, unix.Sockaddr, error) {
	if err := fd.lock(hub.Read); err != nil {
		return 0, nil, err
	}
	defer fd.h.Unlock(hub.Read)
	for {
		tok := fd.h.Token(hub.Read)
		n, sa, err := unix.Recvfrom(fd.sysfd, p, 0)
		if err != nil {
			switch err {
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				if err := fd.wait(hub.Read, tok); err != nil {
					return 0, nil, err
				}
				continue
			}
			return 0, nil, os.NewSyscallError("recvfrom", err)
		}
		return n, sa, nil
	}
}

// ReadMsg receives a message with its ancillary data.
func (fd *FD) ReadMsg(p, oob []byte, flags int) (n, oobn, rflags int, sa unix.Sockaddr, err error) {
	if err := fd.lock(hub.Read); err != nil {
		return 0, 0, 0, nil, err
	}
	defer fd.h.Unlock(hub.Read)
	for {
		tok := fd.h.Token(hub.Read)
		n, oobn, rflags, sa, err = unix.Recvmsg(fd.sysfd, p, oob, flags)
		if err != nil {
			switch err {
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				if err := fd.wait(hub.Read, tok); err != nil {
					return 0, 0, 0, nil, err
				}
				continue
			}
			return 0, 0, 0, nil, os.NewSyscallError("recvmsg", err)
		}
		return n, oobn, rflags, sa, nil
	}
}

// WriteTo sends one datagram to sa.
func (fd *FD) WriteTo(p []byte, sa unix.Sockaddr) (int, error) {
	if err := fd.lock(hub.Write); err != nil {
		return 0, err
	}
	defer fd.h.Unlock(hub.Write)
	for {
		tok := fd.h.Token(hub.Write)
		err := unix.Sendto(fd.sysfd, p, 0, sa)
		switch err {
		case nil:
			return len(p), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := fd.wait(hub.Write, tok); err != nil {
				return 0, err
			}
			continue
		}
		return 0, os.NewSyscallError("sendto", err)
	}
}

// WriteMsg sends p with ancillary data oob to sa (nil for a connected socket).
func (fd *FD) WriteMsg(p, oob []byte, sa unix.Sockaddr) (int, int, error) {
	if err := fd.lock(hub.Write); err != nil {
		return 0, 0, err
	}
	defer fd.h.Unlock(hub.Write)
	for {
		tok := fd.h.Token(hub.Write)
		n, err := unix.SendmsgN(fd.sysfd, p, oob, sa, 0)
		switch err {
		case nil:
			return n, len(oob), nil
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			if err := fd.wait(hub.Write, tok); err != nil {
				return 0, 0, err
			}
			continue
		}
		return n, 0, os.NewSyscallError("sendmsg", err)
	}
}

// Shutdown shuts down one or both directions (unix.SHUT_RD, SHUT_WR, SHUT_RDWR).
func (fd *FD) Shutdown(how int) error {
	return fd.Control(func(s int) error {
		return os.NewSyscallError("shutdown", unix.Shutdown(s, how))
	})
}

// Dup returns a new close-on-exec descriptor for the same socket. The
// caller owns it. It shares the open file description, and with it the
// O_NONBLOCK flag.
func (fd *FD) Dup() (int, error) {
	var nfd int
	err := fd.Control(func(s int) error {
		var err error
		nfd, err = unix.FcntlInt(uintptr(s), unix.F_DUPFD_CLOEXEC, 0)
		return os.NewSyscallError("fcntl", err)
	})
	return nfd, err
}

// File returns an *os.File for a dup of the socket, as net's conn.File does.
func (fd *FD) File(name string) (*os.File, error) {
	nfd, err := fd.Dup()
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(nfd), name), nil
}
