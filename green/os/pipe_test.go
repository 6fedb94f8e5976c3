//go:build unix

package os_test

import (
	"bytes"
	"errors"
	"io"
	stdos "os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/runtime/hub"
)

// openPipe opens a green pipe whose ends close when the test ends.
func openPipe(t *testing.T) (r, w *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		r.Close()
		w.Close()
	})
	return r, w
}

func nonblocking(t *testing.T, fd uintptr) bool {
	t.Helper()
	fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fl&unix.O_NONBLOCK != 0
}

// A writer and a reader in two green threads move more than a pipe buffer
// through a green pipe; both park in the hub while the other runs.
func TestPipeRoundTrip(t *testing.T) {
	clean(t)
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB, 16 pipe buffers
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		writer := hub.Spawn(func() (int, error) {
			defer w.Close()
			return w.Write(want)
		})
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := writer.Wait(); err != nil || n != len(want) {
			t.Fatalf("write: %d, %v", n, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("read %d bytes, not what was written", len(got))
		}
	})
}

// Closing a pipe end wakes the green thread parked reading it, with an
// error that is os.ErrClosed inside a *PathError, as the standard file
// reports a read after Close.
func TestPipeCloseWakesReader(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		reader := hub.Spawn(func() (int, error) { return r.Read(make([]byte, 8)) })
		hub.Yield() // let it park
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		_, err = reader.Wait()
		var pe *os.PathError
		if !errors.Is(err, os.ErrClosed) || !errors.As(err, &pe) || pe.Op != "read" {
			t.Fatalf("parked reader got %v, want a read *PathError wrapping ErrClosed", err)
		}
		if err := r.Close(); err == nil {
			t.Error("second Close succeeded")
		}
	})
}

// A pollable file has deadlines: a parked read gives up with
// os.ErrDeadlineExceeded (a timeout by hub.IsTimeout), and a regular file
// has none, as in the standard package.
func TestPipeDeadline(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		if err := r.SetReadDeadline(time.Now().Add(20 * time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		_, err := r.Read(make([]byte, 8))
		if !errors.Is(err, os.ErrDeadlineExceeded) || !hub.IsTimeout(err) {
			t.Fatalf("read past the deadline: %v", err)
		}
		r.SetReadDeadline(time.Time{})
		w.Write([]byte("x"))
		if n, err := r.Read(make([]byte, 8)); n != 1 || err != nil {
			t.Fatalf("read after clearing the deadline: %d, %v", n, err)
		}

		f, err := os.CreateTemp(t.TempDir(), "regular")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.SetDeadline(time.Now()); !errors.Is(err, os.ErrNoDeadline) {
			t.Errorf("regular file SetDeadline: %v, want ErrNoDeadline", err)
		}
	})
}

// Two green threads reading one pipe is Eventlet's "second simultaneous
// read": the second gets the hub's *MultipleWaitersError.
func TestPipeSecondReaderReported(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		first := hub.Spawn(func() (int, error) { return r.Read(make([]byte, 8)) })
		hub.Yield()
		_, err := r.Read(make([]byte, 8))
		var mw *hub.MultipleWaitersError
		if !errors.As(err, &mw) || mw.Mode != hub.Read {
			t.Fatalf("second reader got %v, want a *hub.MultipleWaitersError", err)
		}
		w.Write([]byte("hi"))
		if n, err := first.Wait(); n != 2 || err != nil {
			t.Fatalf("first reader: %d, %v", n, err)
		}
	})
}

// Std and Fd hand a pollable end over in blocking mode, as the standard Fd
// does; its I/O still works, through the pool.
func TestPipeStdIsBlocking(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		rc, _ := r.SyscallConn()
		var rawR uintptr
		rc.Control(func(fd uintptr) { rawR = fd })
		if !nonblocking(t, rawR) {
			t.Fatal("a green pipe's read end is not non-blocking")
		}
		sw := w.Std()
		if nonblocking(t, sw.Fd()) {
			t.Fatal("Std left the write end non-blocking")
		}
		if _, err := w.Write([]byte("via green")); err != nil {
			t.Fatal(err)
		}
		if _, err := sw.Write([]byte(" and std")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		n, err := io.ReadAtLeast(r, buf, len("via green and std"))
		if err != nil || string(buf[:n]) != "via green and std" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
		if err := w.SetDeadline(time.Now()); !errors.Is(err, os.ErrNoDeadline) {
			t.Errorf("deadline on an end handed over: %v, want ErrNoDeadline", err)
		}
	})
}

// The standard streams are never made non-blocking: their descriptors
// belong to the shell as much as to us.
func TestStdStreamsStayBlocking(t *testing.T) {
	clean(t)
	before := nonblocking(t, 2)
	hub.Run(func() {
		if _, err := os.Stderr.Write(nil); err != nil {
			t.Fatal(err)
		}
		if os.Stderr.Std() != stdos.Stderr {
			t.Error("green Stderr is not over the standard one")
		}
	})
	if !before && nonblocking(t, 2) {
		t.Fatal("writing the green Stderr made fd 2 non-blocking")
	}
}

// FromStdFile shares the standard file and does its I/O through the pool;
// Std gives the same file back.
func TestFromStdFile(t *testing.T) {
	clean(t)
	sr, sw, err := stdos.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r := os.FromStdFile(sr)
	defer r.Close()
	defer sw.Close()
	if r.Std() != sr || os.FromStdFile(nil) != nil {
		t.Fatal("FromStdFile/Std do not round-trip")
	}
	hub.Run(func() {
		hub.Go(func() { sw.Write([]byte("std")) })
		buf := make([]byte, 8)
		n, err := r.Read(buf)
		if err != nil || string(buf[:n]) != "std" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
	})
}

// Every descriptor a green pipe holds (the standard file's and the hub's
// dup) is close-on-exec, so no child inherits it unasked.
func TestPipeCloseOnExec(t *testing.T) {
	clean(t)
	r, w := openPipe(t)
	for _, f := range []*os.File{r, w} {
		rc, err := f.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var fds []uintptr
		rc.Control(func(fd uintptr) { fds = append(fds, fd) })
		sc, _ := f.Std().SyscallConn()
		sc.Control(func(fd uintptr) { fds = append(fds, fd) })
		for _, fd := range fds {
			fl, err := unix.FcntlInt(fd, unix.F_GETFD, 0)
			if err != nil || fl&unix.FD_CLOEXEC == 0 {
				t.Errorf("%s: fd %d is not close-on-exec (%#x, %v)", f.Name(), fd, fl, err)
			}
		}
	}
}

// Outsider goroutines (not green threads) use green pipes too: they block
// their own goroutine, and a write after the reader closed fails with
// EPIPE instead of killing the process.
func TestPipeOutsidersAndEPIPE(t *testing.T) {
	clean(t)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() {
		_, err := w.Write(bytes.Repeat([]byte("x"), 1<<20))
		done <- err
	}()
	if _, err := io.ReadFull(r, make([]byte, 1<<19)); err != nil {
		t.Fatal(err)
	}
	r.Close()
	if err := <-done; !errors.Is(err, unix.EPIPE) {
		t.Fatalf("write after the reader closed: %v, want EPIPE", err)
	}
	w.Close()
}

// SyscallConn's Read on a pollable file calls back on the non-blocking
// descriptor and waits in the hub between tries.
func TestPipeSyscallConnRead(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		rc, err := r.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		hub.Go(func() { w.Write([]byte("raw")) })
		buf := make([]byte, 8)
		var n int
		tries := 0
		err = rc.Read(func(fd uintptr) bool {
			tries++
			var rerr error
			n, rerr = unix.Read(int(fd), buf)
			return rerr != unix.EAGAIN
		})
		if err != nil || string(buf[:n]) != "raw" {
			t.Fatalf("raw read %q, %v", buf[:n], err)
		}
		if tries < 2 {
			t.Errorf("the callback ran %d times: the writer cannot have run before the first try", tries)
		}
	})
}

// Killing a green thread parked in a pipe read ends it; the pipe stays
// usable.
func TestPipeReaderKilled(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		reader := hub.Spawn(func() (int, error) { return r.Read(make([]byte, 8)) })
		hub.Yield()
		reader.Kill()
		if _, err := reader.Wait(); !errors.Is(err, hub.ErrKilled) {
			t.Fatalf("killed reader: %v", err)
		}
		w.Write([]byte("after"))
		buf := make([]byte, 8)
		if n, err := r.Read(buf); err != nil || string(buf[:n]) != "after" {
			t.Fatalf("read after the kill: %q, %v", buf[:n], err)
		}
	})
}

// A nil *File answers ErrInvalid, as the standard one does.
func TestNilFile(t *testing.T) {
	var f *os.File
	if _, err := f.Read(nil); err != os.ErrInvalid {
		t.Errorf("Read: %v", err)
	}
	if err := f.Close(); err != os.ErrInvalid {
		t.Errorf("Close: %v", err)
	}
	if f.Std() != nil {
		t.Error("Std of nil")
	}
}

// A Timeout that fires while a green thread writes large chunks into a
// pipe nobody reads (a large call runs with the hub released, then waits in
// it) ends the Write with a timeout error, not a panic; the data written
// before it can still be read.
func TestPipeLargeWriteTimeout(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		chunk := make([]byte, 64<<10)
		written := 0
		err := hub.WithTimeout(10*time.Millisecond, func() error {
			for i := 0; i < 1<<10; i++ { // bounded: a pipe holds far less
				n, err := w.Write(chunk)
				written += n
				if err != nil {
					return err
				}
			}
			return nil
		})
		if !hub.IsTimeout(err) {
			t.Fatalf("write into a full pipe: %v, want a timeout", err)
		}
		if written == 0 {
			t.Fatal("nothing was written before the pipe filled")
		}
		if _, err := r.Read(make([]byte, 64<<10)); err != nil {
			t.Fatalf("read after the timeout: %v", err)
		}
	})
}

// A large read waits with the hub released (two cores copy through a
// pipe), and is still a green wait: the other threads run meanwhile, Dump
// says what it waits on, a second large reader is reported, Kill and a
// deadline end it, and Close wakes it.
func TestPipeLargeReadWaits(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		big := func() (int, error) { return r.Read(make([]byte, 64<<10)) }

		reader := hub.Spawn(big)
		want := "waiting: fd" // on the kinds that poll fds, the wait holds the hub
		if hub.Default().Kind() == hub.KindNetpoll {
			want = "outside the hub, waiting: fd"
		}
		var dump bytes.Buffer
		for range 100 { // bounded: the reader gets there within a few turns
			hub.Yield()
			dump.Reset()
			hub.Dump(&dump)
			if strings.Contains(dump.String(), want) {
				break
			}
		}
		if !strings.Contains(dump.String(), want) {
			t.Errorf("Dump of a large read waiting, without %q:\n%s", want, dump.String())
		}
		if _, err := big(); !errors.As(err, new(*hub.MultipleWaitersError)) {
			t.Errorf("a second large reader: %v, want a MultipleWaitersError", err)
		}
		reader.Kill()
		if _, err := reader.Wait(); !errors.Is(err, hub.ErrKilled) {
			t.Fatalf("killed large reader: %v", err)
		}

		r.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		if _, err := big(); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("large read past the deadline: %v", err)
		}
		r.SetReadDeadline(time.Time{})

		reader = hub.Spawn(big)
		hub.Yield()
		r.Close()
		if _, err := reader.Wait(); !errors.Is(err, os.ErrClosed) {
			t.Fatalf("large read woken by Close: %v", err)
		}
	})
}

// Reading and writing a green pipe allocates nothing, whether the call
// keeps the hub (a small buffer) or gives it up for the call (a large
// one): each direction's system call is made once, with the file.
func TestPipeReadWriteAllocs(t *testing.T) {
	clean(t)
	hub.Run(func() {
		r, w := openPipe(t)
		for _, size := range []int{512, 32 << 10} {
			buf := make([]byte, size)
			allocs := testing.AllocsPerRun(50, func() {
				if _, err := w.Write(buf); err != nil {
					t.Fatal(err)
				}
				if _, err := io.ReadFull(r, buf); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%d-byte write and read: %v allocations, want 0", size, allocs)
			}
		}
	})
}
