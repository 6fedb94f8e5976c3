package os

import (
	"os"
)

// Open opens the named file for reading; see OpenFile.
func Open(name string) (*File, error) { return OpenFile(name, O_RDONLY, 0) }

// Create creates or truncates the named file (mode 0o666 before umask);
// see OpenFile.
func Create(name string) (*File, error) {
	return OpenFile(name, O_RDWR|O_CREATE|O_TRUNC, 0o666)
}

// OpenFile is the generalized open call. The open itself runs through the
// hub's pool (opening a FIFO waits for its other end; a network file system
// can be slow). A FIFO or socket comes back pollable — this process opened
// it, so its open file description is its own to make non-blocking — and
// anything else does its I/O through the pool.
func OpenFile(name string, flag int, perm FileMode) (*File, error) {
	std, err := pool(func() (*os.File, error) { return os.OpenFile(name, flag, perm) })
	if err != nil {
		return nil, err
	}
	return adoptOpened(std)
}

// CreateTemp creates a new temporary file; see os.CreateTemp.
func CreateTemp(dir, pattern string) (*File, error) {
	std, err := pool(func() (*os.File, error) { return os.CreateTemp(dir, pattern) })
	if err != nil {
		return nil, err
	}
	return FromStdFile(std), nil
}

// OpenInRoot opens the file name in the directory dir, refusing to leave
// it; see os.OpenInRoot.
func OpenInRoot(dir, name string) (*File, error) {
	std, err := pool(func() (*os.File, error) { return os.OpenInRoot(dir, name) })
	if err != nil {
		return nil, err
	}
	return adoptOpened(std)
}

// NewFile returns a File for a descriptor the caller already has (an
// inherited one, one from a system call). Since this process may not have
// created its open file description, its flags are left alone and its I/O
// goes through the hub's pool. It returns nil if fd is not valid.
func NewFile(fd uintptr, name string) *File {
	return FromStdFile(os.NewFile(fd, name))
}

// ReadFile reads the named file whole, in one call through the pool.
func ReadFile(name string) ([]byte, error) {
	return pool(func() ([]byte, error) { return os.ReadFile(name) })
}

// WriteFile writes data to the named file, creating it with perm if need
// be, in one call through the pool.
func WriteFile(name string, data []byte, perm FileMode) error {
	_, err := pool(func() (struct{}, error) { return struct{}{}, os.WriteFile(name, data, perm) })
	return err
}

// ReadDir reads the named directory, sorted by name, in one call through
// the pool.
func ReadDir(name string) ([]DirEntry, error) {
	return pool(func() ([]DirEntry, error) { return os.ReadDir(name) })
}
