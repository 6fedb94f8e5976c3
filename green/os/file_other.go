//go:build !unix

package os

import (
	"os"
	"syscall"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// Where the hub has no poller (windows, wasip1) no file is pollable: every
// File wraps a standard one and does its I/O through the pool, which is the
// standard behaviour with the hub released around it.
// No pollFD exists here; the type keeps the shared code building.
type pollFD struct{ blocking alwaysBlocking }

type alwaysBlocking struct{}

func (alwaysBlocking) Load() bool { return true }

func (p *pollFD) setBlocking(*os.File)                  {}
func (p *pollFD) close()                                {}
func (p *pollFD) read([]byte) (int, error)              { return 0, ErrInvalid }
func (p *pollFD) write([]byte) (int, error)             { return 0, ErrInvalid }
func (p *pollFD) setDeadline(hub.Mode, time.Time) error { return ErrNoDeadline }
func adoptOpened(std *os.File) (*File, error)           { return FromStdFile(std), nil }

type rawConn struct{ p *pollFD }

func (c *rawConn) Control(func(uintptr)) error    { return ErrInvalid }
func (c *rawConn) Read(func(uintptr) bool) error  { return ErrInvalid }
func (c *rawConn) Write(func(uintptr) bool) error { return ErrInvalid }

var _ syscall.RawConn = (*rawConn)(nil)

// Pipe returns a connected pair of files, the standard pipe wrapped.
func Pipe() (r *File, w *File, err error) {
	sr, sw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	return FromStdFile(sr), FromStdFile(sw), nil
}
