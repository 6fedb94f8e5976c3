package os

import (
	"os"
)

// Pure data types, interfaces and errors are the standard ones: a FileInfo,
// a FileMode or a *PathError crosses between this package and os as is.
type (
	// DirEntry is os.DirEntry (fs.DirEntry).
	DirEntry = os.DirEntry
	// FileInfo is os.FileInfo (fs.FileInfo).
	FileInfo = os.FileInfo
	// FileMode is os.FileMode (fs.FileMode).
	FileMode = os.FileMode
	// PathError is os.PathError (fs.PathError).
	PathError = os.PathError
	// LinkError is os.LinkError.
	LinkError = os.LinkError
	// SyscallError is os.SyscallError.
	SyscallError = os.SyscallError
	// Signal is os.Signal.
	Signal = os.Signal
	// ProcessState is os.ProcessState. Only the os package can make one
	// (its fields are unexported), so the green Process.Wait waits for the
	// exit in the hub and then lets the standard Wait reap and build it.
	ProcessState = os.ProcessState
)

// Flags to OpenFile, the same values as os's.
const (
	O_RDONLY = os.O_RDONLY
	O_WRONLY = os.O_WRONLY
	O_RDWR   = os.O_RDWR
	O_APPEND = os.O_APPEND
	O_CREATE = os.O_CREATE
	O_EXCL   = os.O_EXCL
	O_SYNC   = os.O_SYNC
	O_TRUNC  = os.O_TRUNC
)

// Seek whence values (deprecated in os too: use io.SeekStart...).
//
// Deprecated: Use io.SeekStart, io.SeekCurrent, and io.SeekEnd.
const (
	SEEK_SET = os.SEEK_SET
	SEEK_CUR = os.SEEK_CUR
	SEEK_END = os.SEEK_END
)

// Path separators of this GOOS.
const (
	PathSeparator     = os.PathSeparator
	PathListSeparator = os.PathListSeparator
)

// DevNull is the name of the operating system's null device.
const DevNull = os.DevNull

// File mode bits, the same as os's (and io/fs's).
const (
	ModeDir        = os.ModeDir
	ModeAppend     = os.ModeAppend
	ModeExclusive  = os.ModeExclusive
	ModeTemporary  = os.ModeTemporary
	ModeSymlink    = os.ModeSymlink
	ModeDevice     = os.ModeDevice
	ModeNamedPipe  = os.ModeNamedPipe
	ModeSocket     = os.ModeSocket
	ModeSetuid     = os.ModeSetuid
	ModeSetgid     = os.ModeSetgid
	ModeCharDevice = os.ModeCharDevice
	ModeSticky     = os.ModeSticky
	ModeIrregular  = os.ModeIrregular
	ModeType       = os.ModeType
	ModePerm       = os.ModePerm
)

// Errors and signals are copies of the standard values (a Go package
// variable cannot be aliased). They hold the same error values, so
// errors.Is(err, os.ErrNotExist) is true whichever package made err.
var (
	ErrInvalid          = os.ErrInvalid
	ErrPermission       = os.ErrPermission
	ErrExist            = os.ErrExist
	ErrNotExist         = os.ErrNotExist
	ErrClosed           = os.ErrClosed
	ErrNoDeadline       = os.ErrNoDeadline
	ErrDeadlineExceeded = os.ErrDeadlineExceeded
	ErrProcessDone      = os.ErrProcessDone
	ErrNoHandle         = os.ErrNoHandle

	// Interrupt and Kill are the signals every system has.
	Interrupt Signal = os.Interrupt
	Kill      Signal = os.Kill
)

// Args is a copy of os.Args taken when the package starts. Code rewritten by
// greenify keeps using os.Args itself (a second import of the standard
// package), since programs and tests assign to it.
var Args = os.Args

// The standard streams, green: their I/O goes through the hub's pool of
// blocking calls, and their descriptors are never made non-blocking (the
// open file description is shared with the shell and other processes, and
// O_NONBLOCK there breaks them). Code rewritten by greenify keeps using
// os.Stdin, os.Stdout and os.Stderr themselves, which tests and programs
// swap; these are for code that imports this package directly.
var (
	Stdin  = FromStdFile(os.Stdin)
	Stdout = FromStdFile(os.Stdout)
	Stderr = FromStdFile(os.Stderr)
)
