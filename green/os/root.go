package os

import (
	"io/fs"
	"os"
	"time"
)

// Root is a green directory root: os.Root's methods, with the files it
// opens green and its file I/O (ReadFile, WriteFile, opens) through the
// hub's pool. See os.Root for what a root confines.
type Root struct {
	std *os.Root
}

// FromStdRoot wraps a standard root (no copy: closing either closes both).
// A nil r gives nil.
func FromStdRoot(r *os.Root) *Root {
	if r == nil {
		return nil
	}
	return &Root{std: r}
}

// Std returns the standard root underneath; what it gives up: the files
// it opens are standard ones.
func (r *Root) Std() *os.Root {
	if r == nil {
		return nil
	}
	return r.std
}

// OpenRoot opens the named directory for use as a Root.
func OpenRoot(name string) (*Root, error) {
	std, err := pool(func() (*os.Root, error) { return os.OpenRoot(name) })
	if err != nil {
		return nil, err
	}
	return &Root{std: std}, nil
}

// OpenRoot opens the directory name in the root as a Root of its own.
func (r *Root) OpenRoot(name string) (*Root, error) {
	std, err := pool(func() (*os.Root, error) { return r.std.OpenRoot(name) })
	if err != nil {
		return nil, err
	}
	return &Root{std: std}, nil
}

// Name returns the name of the directory presented to OpenRoot.
func (r *Root) Name() string { return r.std.Name() }

// Close closes the root.
func (r *Root) Close() error { return r.std.Close() }

// FS returns a file system for the tree of files in the root.
func (r *Root) FS() fs.FS { return r.std.FS() }

// Open opens the named file in the root for reading.
func (r *Root) Open(name string) (*File, error) { return r.OpenFile(name, O_RDONLY, 0) }

// Create creates or truncates the named file in the root.
func (r *Root) Create(name string) (*File, error) {
	return r.OpenFile(name, O_RDWR|O_CREATE|O_TRUNC, 0o666)
}

// OpenFile opens the named file in the root; like the package's OpenFile,
// a FIFO or socket comes back pollable.
func (r *Root) OpenFile(name string, flag int, perm FileMode) (*File, error) {
	std, err := pool(func() (*os.File, error) { return r.std.OpenFile(name, flag, perm) })
	if err != nil {
		return nil, err
	}
	return adoptOpened(std)
}

// ReadFile reads the named file in the root whole, through the pool.
func (r *Root) ReadFile(name string) ([]byte, error) {
	return pool(func() ([]byte, error) { return r.std.ReadFile(name) })
}

// WriteFile writes data to the named file in the root, through the pool.
func (r *Root) WriteFile(name string, data []byte, perm FileMode) error {
	_, err := pool(func() (struct{}, error) { return struct{}{}, r.std.WriteFile(name, data, perm) })
	return err
}

// Chmod changes the mode of the named file in the root.
func (r *Root) Chmod(name string, mode FileMode) error { return r.std.Chmod(name, mode) }

// Chown changes the owner and group of the named file in the root.
func (r *Root) Chown(name string, uid, gid int) error { return r.std.Chown(name, uid, gid) }

// Lchown is Chown without following a final symbolic link.
func (r *Root) Lchown(name string, uid, gid int) error { return r.std.Lchown(name, uid, gid) }

// Chtimes changes the access and modification times of the named file.
func (r *Root) Chtimes(name string, atime time.Time, mtime time.Time) error {
	return r.std.Chtimes(name, atime, mtime)
}

// Link creates newname as a hard link to oldname, both in the root.
func (r *Root) Link(oldname, newname string) error { return r.std.Link(oldname, newname) }

// Symlink creates newname as a symbolic link to oldname.
func (r *Root) Symlink(oldname, newname string) error { return r.std.Symlink(oldname, newname) }

// Readlink returns the destination of the named symbolic link.
func (r *Root) Readlink(name string) (string, error) { return r.std.Readlink(name) }

// Lstat returns a FileInfo for the named file without following a link.
func (r *Root) Lstat(name string) (FileInfo, error) { return r.std.Lstat(name) }

// Stat returns a FileInfo for the named file.
func (r *Root) Stat(name string) (FileInfo, error) { return r.std.Stat(name) }

// Mkdir creates a directory in the root.
func (r *Root) Mkdir(name string, perm FileMode) error { return r.std.Mkdir(name, perm) }

// MkdirAll creates a directory and its missing parents in the root.
func (r *Root) MkdirAll(name string, perm FileMode) error { return r.std.MkdirAll(name, perm) }

// Remove removes the named file or empty directory.
func (r *Root) Remove(name string) error { return r.std.Remove(name) }

// RemoveAll removes name and everything it contains, through the pool.
func (r *Root) RemoveAll(name string) error {
	_, err := pool(func() (struct{}, error) { return struct{}{}, r.std.RemoveAll(name) })
	return err
}

// Rename renames oldname to newname, both in the root.
func (r *Root) Rename(oldname, newname string) error { return r.std.Rename(oldname, newname) }
