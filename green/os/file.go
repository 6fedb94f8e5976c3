package os

import (
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"github.com/greenify/greenify/runtime/hub"
)

// File is a green open file: the standard *os.File's methods, with every
// call that can wait parking the green thread instead of blocking the hub.
//
// A pipe, FIFO or socket this package opened or made itself (Pipe, Open of a
// FIFO...) is pollable: its I/O runs on a non-blocking descriptor in the
// hub's poller, with deadlines, and a second green thread reading (or
// writing) it while another waits gets the hub's multiple-reader error.
// Everything else — regular files, directories, devices, the standard
// streams, descriptors inherited or handed over with NewFile — goes through
// the hub's pool of blocking calls (hub.Execute), since a poller cannot wait
// on a regular file, and a descriptor this process did not create is never
// made non-blocking: the flag lives on the open file description, which the
// shell and other processes share.
type File struct {
	*file // a pointer, so that copies of a File share one state, as in os
}

type file struct {
	std  *os.File // owns the descriptor the file was made with
	poll *pollFD  // nil unless pollable
}

// FromStdFile wraps a standard file, sharing it (no dup): closing either
// closes both. Its I/O goes through the hub's pool of blocking calls and
// its descriptor's flags are left as they are, since the process may not
// have created it (os.Stdout, an inherited descriptor). A nil f gives nil.
func FromStdFile(f *os.File) *File {
	if f == nil {
		return nil
	}
	return &File{&file{std: f}}
}

// Std returns the standard file underneath, for APIs that want an
// *os.File (exec.Cmd.ExtraFiles, os.ProcAttr.Files, net.FileConn, a
// dependency's func(*os.File)). Both share one descriptor. What the green
// file gives up: a pollable one is put into blocking mode first, as the
// standard Fd does, since the standard file (and a child it is handed to)
// expects blocking reads; from then on its I/O goes through the pool and
// its deadlines no longer apply. A nil f gives nil.
func (f *File) Std() *os.File {
	if f == nil || f.file == nil {
		return nil
	}
	if p := f.poll; p != nil {
		p.setBlocking(f.std)
	}
	return f.std
}

// live returns the poller side of a pollable file still in non-blocking
// mode, or nil.
func (f *File) live() *pollFD {
	if p := f.poll; p != nil && !p.blocking.Load() {
		return p
	}
	return nil
}

// pool runs a blocking call: a green thread runs it with the hub released
// (hub.Execute); any other goroutine just calls it, since it holds no hub.
func pool[T any](fn func() (T, error)) (T, error) {
	if hub.IsGreen() {
		return hub.Execute(fn)
	}
	return fn()
}

func (f *File) checkValid(op string) error {
	if f == nil || f.file == nil {
		return ErrInvalid
	}
	return nil
}

func (f *File) wrapErr(op string, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if err == hub.ErrClosed {
		err = ErrClosed
	}
	return &PathError{Op: op, Path: f.std.Name(), Err: err}
}

// Name returns the name of the file as presented to Open.
func (f *File) Name() string { return f.std.Name() }

// Read reads up to len(b) bytes; at end of file it returns 0, io.EOF.
// A pollable file parks the green thread until data arrives (or the read
// deadline passes, or the file is closed, which wakes it with an error).
func (f *File) Read(b []byte) (n int, err error) {
	if err := f.checkValid("read"); err != nil {
		return 0, err
	}
	if p := f.live(); p != nil {
		n, err := p.read(b)
		return n, f.wrapErr("read", err)
	}
	return pool(func() (int, error) { return f.std.Read(b) })
}

// ReadAt reads len(b) bytes at offset off (through the pool: only seekable
// files support it).
func (f *File) ReadAt(b []byte, off int64) (n int, err error) {
	if err := f.checkValid("read"); err != nil {
		return 0, err
	}
	return pool(func() (int, error) { return f.std.ReadAt(b, off) })
}

// Write writes all of b, or returns an error saying why not.
func (f *File) Write(b []byte) (n int, err error) {
	if err := f.checkValid("write"); err != nil {
		return 0, err
	}
	if p := f.live(); p != nil {
		n, err := p.write(b)
		return n, f.wrapErr("write", err)
	}
	return pool(func() (int, error) { return f.std.Write(b) })
}

// WriteString is Write of the string's bytes.
func (f *File) WriteString(s string) (n int, err error) {
	return f.Write([]byte(s))
}

// WriteAt writes b at offset off (through the pool).
func (f *File) WriteAt(b []byte, off int64) (n int, err error) {
	if err := f.checkValid("write"); err != nil {
		return 0, err
	}
	return pool(func() (int, error) { return f.std.WriteAt(b, off) })
}

// Seek sets the offset for the next Read or Write (a pipe cannot seek).
func (f *File) Seek(offset int64, whence int) (ret int64, err error) {
	if err := f.checkValid("seek"); err != nil {
		return 0, err
	}
	return f.std.Seek(offset, whence)
}

// onlyWriter and onlyReader hide ReadFrom and WriteTo, so that io.Copy
// inside them loops over Read and Write instead of calling back.
type onlyWriter struct{ io.Writer }
type onlyReader struct{ io.Reader }

// ReadFrom implements io.ReaderFrom. Between two files that go through the
// pool it is the standard ReadFrom in one pool call (copy_file_range,
// splice); otherwise it copies through Read and Write, each green.
func (f *File) ReadFrom(r io.Reader) (n int64, err error) {
	if err := f.checkValid("write"); err != nil {
		return 0, err
	}
	if f.live() == nil {
		var src *os.File
		switch r := r.(type) {
		case *File:
			if r != nil && r.file != nil && r.live() == nil {
				src = r.std
			}
		case *os.File:
			src = r
		}
		if src != nil {
			return pool(func() (int64, error) { return f.std.ReadFrom(src) })
		}
	}
	return io.Copy(onlyWriter{f}, r)
}

// WriteTo implements io.WriterTo, the mirror of ReadFrom.
func (f *File) WriteTo(w io.Writer) (n int64, err error) {
	if err := f.checkValid("read"); err != nil {
		return 0, err
	}
	if f.live() == nil {
		var dst *os.File
		switch w := w.(type) {
		case *File:
			if w != nil && w.file != nil && w.live() == nil {
				dst = w.std
			}
		case *os.File:
			dst = w
		}
		if dst != nil {
			return pool(func() (int64, error) { return f.std.WriteTo(dst) })
		}
	}
	return io.Copy(w, onlyReader{f})
}

// Close closes the file. Green threads and goroutines waiting in its Read
// or Write wake with an error wrapping ErrClosed; a second Close is an
// error.
func (f *File) Close() error {
	if f == nil || f.file == nil {
		return ErrInvalid
	}
	if p := f.poll; p != nil {
		p.close()
	}
	return f.std.Close()
}

// Fd returns the file's descriptor. As with the standard Fd, a pollable
// file is put into blocking mode first (what the descriptor's users, such
// as a child process, expect), so from then on its I/O goes through the
// pool and deadlines no longer apply. The descriptor is valid until Close.
func (f *File) Fd() uintptr {
	if f == nil || f.file == nil {
		return ^uintptr(0)
	}
	return f.Std().Fd()
}

// Stat returns the file's FileInfo.
func (f *File) Stat() (FileInfo, error) {
	if err := f.checkValid("stat"); err != nil {
		return nil, err
	}
	return f.std.Stat()
}

// Chdir makes the file, a directory, the current working directory.
func (f *File) Chdir() error {
	if err := f.checkValid("chdir"); err != nil {
		return err
	}
	return f.std.Chdir()
}

// Chmod changes the file's mode.
func (f *File) Chmod(mode FileMode) error {
	if err := f.checkValid("chmod"); err != nil {
		return err
	}
	return f.std.Chmod(mode)
}

// Chown changes the file's owner and group.
func (f *File) Chown(uid, gid int) error {
	if err := f.checkValid("chown"); err != nil {
		return err
	}
	return f.std.Chown(uid, gid)
}

// Truncate changes the file's size (through the pool).
func (f *File) Truncate(size int64) error {
	if err := f.checkValid("truncate"); err != nil {
		return err
	}
	_, err := pool(func() (struct{}, error) { return struct{}{}, f.std.Truncate(size) })
	return err
}

// Sync commits the file's contents to stable storage (through the pool).
func (f *File) Sync() error {
	if err := f.checkValid("sync"); err != nil {
		return err
	}
	_, err := pool(func() (struct{}, error) { return struct{}{}, f.std.Sync() })
	return err
}

// ReadDir reads the directory's entries (through the pool); see
// os.File.ReadDir for n.
func (f *File) ReadDir(n int) ([]DirEntry, error) {
	if err := f.checkValid("readdir"); err != nil {
		return nil, err
	}
	return pool(func() ([]DirEntry, error) { return f.std.ReadDir(n) })
}

// Readdir reads the directory's FileInfos (through the pool).
func (f *File) Readdir(n int) ([]FileInfo, error) {
	if err := f.checkValid("readdir"); err != nil {
		return nil, err
	}
	return pool(func() ([]FileInfo, error) { return f.std.Readdir(n) })
}

// Readdirnames reads the directory's names (through the pool).
func (f *File) Readdirnames(n int) (names []string, err error) {
	if err := f.checkValid("readdir"); err != nil {
		return nil, err
	}
	return pool(func() ([]string, error) { return f.std.Readdirnames(n) })
}

// SetDeadline sets the read and write deadlines. Only pollable files have
// deadlines; others return ErrNoDeadline, as the standard ones do.
func (f *File) SetDeadline(t time.Time) error {
	return f.setDeadline(hub.Read|hub.Write, t)
}

// SetReadDeadline sets the deadline for Read calls, those waiting now
// included; a zero t removes it.
func (f *File) SetReadDeadline(t time.Time) error { return f.setDeadline(hub.Read, t) }

// SetWriteDeadline sets the deadline for Write calls.
func (f *File) SetWriteDeadline(t time.Time) error { return f.setDeadline(hub.Write, t) }

func (f *File) setDeadline(mode hub.Mode, t time.Time) error {
	if err := f.checkValid("SetDeadline"); err != nil {
		return err
	}
	if p := f.live(); p != nil {
		return f.wrapErr("SetDeadline", p.setDeadline(mode, t))
	}
	switch mode {
	case hub.Read:
		return f.std.SetReadDeadline(t)
	case hub.Write:
		return f.std.SetWriteDeadline(t)
	}
	return f.std.SetDeadline(t)
}

// SyscallConn returns a raw connection to the descriptor. For a pollable
// file its Read and Write wait in the hub.
func (f *File) SyscallConn() (syscall.RawConn, error) {
	if err := f.checkValid("SyscallConn"); err != nil {
		return nil, err
	}
	if p := f.live(); p != nil {
		return &rawConn{p}, nil
	}
	return f.std.SyscallConn()
}

// A green File is an fs.File, as the standard one is.
var _ fs.File = (*File)(nil)
