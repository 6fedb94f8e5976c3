//go:build linux

package hub

import (
	"errors"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func socketpair(t *testing.T) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	return fds[0], fds[1]
}

// readAll is the read loop a green package runs over a handle.
func readSome(x *Handle, p []byte) (int, error) {
	if err := x.Lock(Read); err != nil {
		return 0, err
	}
	defer x.Unlock(Read)
	for {
		tok := x.Token(Read)
		n, err := unix.Read(x.Fd(), p)
		if err == unix.EAGAIN {
			if err := x.Wait(Read, tok); err != nil {
				return 0, err
			}
			continue
		}
		return n, err
	}
}

func TestHandlePingPong(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			h := New(kind)
			defer h.Close()
			a, b := socketpair(t)
			xa, err := h.Register(a)
			if err != nil {
				t.Fatal(err)
			}
			xb, _ := h.Register(b)
			defer xa.Close()
			defer xb.Close()
			h.Run(func() {
				h.Go(func() {
					buf := make([]byte, 1)
					for i := 0; i < 100; i++ {
						if _, err := readSome(xb, buf); err != nil {
							t.Error(err)
							return
						}
						unix.Write(xb.Fd(), buf)
					}
				})
				buf := make([]byte, 1)
				for i := 0; i < 100; i++ {
					unix.Write(xa.Fd(), []byte{byte(i)})
					if _, err := readSome(xa, buf); err != nil || buf[0] != byte(i) {
						t.Fatal(i, buf, err)
					}
				}
			})
		})
	}
}

func TestHandleCloseWakesWaiter(t *testing.T) {
	h := New("")
	defer h.Close()
	a, b := socketpair(t)
	defer unix.Close(b)
	x, _ := h.Register(a)
	h.Run(func() {
		g := SpawnOn(h, func() (int, error) { return readSome(x, make([]byte, 1)) })
		h.Yield()
		x.Close()
		if _, err := g.Wait(); !errors.Is(err, ErrClosed) {
			t.Fatal(err)
		}
	})
}

func TestMultipleReaders(t *testing.T) {
	h := New("")
	defer h.Close()
	a, b := socketpair(t)
	defer unix.Close(b)
	x, _ := h.Register(a)
	defer x.Close()
	h.Run(func() {
		g1 := SpawnOn(h, func() (int, error) { return readSome(x, make([]byte, 1)) })
		h.Yield()
		_, err := readSome(x, make([]byte, 1))
		var mw *MultipleWaitersError
		if !errors.As(err, &mw) {
			t.Fatalf("got %v", err)
		}
		t.Log(err)
		unix.Write(b, []byte{1})
		if n, err := g1.Wait(); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	})
}

// A reader in Do woken again and again without data — deadlines moved
// under it, empty wake-ups — still waits, and Close still wakes it.
func TestDoRearmsAfterWakeUps(t *testing.T) {
	for _, kind := range kinds() {
		t.Run(kind, func(t *testing.T) {
			h := New(kind)
			defer h.Close()
			a, b := socketpair(t)
			xa, err := h.Register(a)
			if err != nil {
				t.Fatal(err)
			}
			defer unix.Close(b)
			var got error
			ended := false
			h.Run(func() {
				h.Go(func() {
					buf := make([]byte, 8)
					got = xa.Do(Read, func(fd int) bool {
						_, err := unix.Read(fd, buf)
						return err == unix.EAGAIN
					})
					ended = true
				})
				for i := range 5 {
					h.Yield()
					xa.SetDeadline(Read, time.Now().Add(time.Duration(i+1)*time.Hour))
				}
				h.Sleep(time.Millisecond)
				if ended {
					t.Fatalf("Do ended (%v) with no data", got)
				}
				xa.Close()
				for i := 0; !ended && i < 1000; i++ {
					h.Sleep(time.Millisecond)
				}
			})
			if !ended || !errors.Is(got, ErrClosed) {
				t.Fatalf("after Close: ended %v, %v", ended, got)
			}
		})
	}
}
