// Code below delegates to the standard os: these calls never wait on a pipe,
// FIFO or socket, so there is nothing for the hub to wait on. Those that touch
// the file system (Stat, Remove, MkdirAll...) are as fast as the standard
// ones; those whose I/O can take long (Open, ReadFile, WriteFile, ReadDir in
// open.go; RemoveAll and CopyFS here) run through the hub's pool.

package os

import (
	"io/fs"
	"os"
	"time"
)

// Chdir is the standard os.Chdir.
func Chdir(dir string) error { return os.Chdir(dir) }

// Chmod is the standard os.Chmod.
func Chmod(name string, mode FileMode) error { return os.Chmod(name, mode) }

// Chown is the standard os.Chown.
func Chown(name string, uid int, gid int) error { return os.Chown(name, uid, gid) }

// Chtimes is the standard os.Chtimes.
func Chtimes(name string, atime time.Time, mtime time.Time) error {
	return os.Chtimes(name, atime, mtime)
}

// Clearenv is the standard os.Clearenv.
func Clearenv() { os.Clearenv() }

// CopyFS copies the file system fsys into dir, through the hub's pool (it
// reads and writes whole trees); see os.CopyFS.
func CopyFS(dir string, fsys fs.FS) error {
	_, err := pool(func() (struct{}, error) { return struct{}{}, os.CopyFS(dir, fsys) })
	return err
}

// DirFS is the standard os.DirFS.
func DirFS(dir string) fs.FS { return os.DirFS(dir) }

// Environ is the standard os.Environ.
func Environ() []string { return os.Environ() }

// Executable is the standard os.Executable.
func Executable() (string, error) { return os.Executable() }

// Exit is the standard os.Exit.
func Exit(code int) { os.Exit(code) }

// Expand is the standard os.Expand.
func Expand(s string, mapping func(string) string) string { return os.Expand(s, mapping) }

// ExpandEnv is the standard os.ExpandEnv.
func ExpandEnv(s string) string { return os.ExpandEnv(s) }

// Getegid is the standard os.Getegid.
func Getegid() int { return os.Getegid() }

// Getenv is the standard os.Getenv.
func Getenv(key string) string { return os.Getenv(key) }

// Geteuid is the standard os.Geteuid.
func Geteuid() int { return os.Geteuid() }

// Getgid is the standard os.Getgid.
func Getgid() int { return os.Getgid() }

// Getgroups is the standard os.Getgroups.
func Getgroups() ([]int, error) { return os.Getgroups() }

// Getpagesize is the standard os.Getpagesize.
func Getpagesize() int { return os.Getpagesize() }

// Getpid is the standard os.Getpid.
func Getpid() int { return os.Getpid() }

// Getppid is the standard os.Getppid.
func Getppid() int { return os.Getppid() }

// Getuid is the standard os.Getuid.
func Getuid() int { return os.Getuid() }

// Getwd is the standard os.Getwd.
func Getwd() (dir string, err error) { return os.Getwd() }

// Hostname is the standard os.Hostname.
func Hostname() (name string, err error) { return os.Hostname() }

// IsExist is the standard os.IsExist.
func IsExist(err error) bool { return os.IsExist(err) }

// IsNotExist is the standard os.IsNotExist.
func IsNotExist(err error) bool { return os.IsNotExist(err) }

// IsPathSeparator is the standard os.IsPathSeparator.
func IsPathSeparator(c uint8) bool { return os.IsPathSeparator(c) }

// IsPermission is the standard os.IsPermission.
func IsPermission(err error) bool { return os.IsPermission(err) }

// IsTimeout is the standard os.IsTimeout.
func IsTimeout(err error) bool { return os.IsTimeout(err) }

// Lchown is the standard os.Lchown.
func Lchown(name string, uid int, gid int) error { return os.Lchown(name, uid, gid) }

// Link is the standard os.Link.
func Link(oldname string, newname string) error { return os.Link(oldname, newname) }

// LookupEnv is the standard os.LookupEnv.
func LookupEnv(key string) (string, bool) { return os.LookupEnv(key) }

// Lstat is the standard os.Lstat.
func Lstat(name string) (FileInfo, error) { return os.Lstat(name) }

// Mkdir is the standard os.Mkdir.
func Mkdir(name string, perm FileMode) error { return os.Mkdir(name, perm) }

// MkdirAll is the standard os.MkdirAll.
func MkdirAll(path string, perm FileMode) error { return os.MkdirAll(path, perm) }

// MkdirTemp is the standard os.MkdirTemp.
func MkdirTemp(dir string, pattern string) (string, error) { return os.MkdirTemp(dir, pattern) }

// NewSyscallError is the standard os.NewSyscallError.
func NewSyscallError(syscall string, err error) error { return os.NewSyscallError(syscall, err) }

// Readlink is the standard os.Readlink.
func Readlink(name string) (string, error) { return os.Readlink(name) }

// Remove is the standard os.Remove.
func Remove(name string) error { return os.Remove(name) }

// RemoveAll removes path and everything it contains, through the hub's
// pool (a large tree takes a while); see os.RemoveAll.
func RemoveAll(path string) error {
	_, err := pool(func() (struct{}, error) { return struct{}{}, os.RemoveAll(path) })
	return err
}

// Rename is the standard os.Rename.
func Rename(oldpath string, newpath string) error { return os.Rename(oldpath, newpath) }

// SameFile is the standard os.SameFile.
func SameFile(fi1 FileInfo, fi2 FileInfo) bool { return os.SameFile(fi1, fi2) }

// Setenv is the standard os.Setenv.
func Setenv(key string, value string) error { return os.Setenv(key, value) }

// Stat is the standard os.Stat.
func Stat(name string) (FileInfo, error) { return os.Stat(name) }

// Symlink is the standard os.Symlink.
func Symlink(oldname string, newname string) error { return os.Symlink(oldname, newname) }

// TempDir is the standard os.TempDir.
func TempDir() string { return os.TempDir() }

// Truncate is the standard os.Truncate.
func Truncate(name string, size int64) error { return os.Truncate(name, size) }

// Unsetenv is the standard os.Unsetenv.
func Unsetenv(key string) error { return os.Unsetenv(key) }

// UserCacheDir is the standard os.UserCacheDir.
func UserCacheDir() (string, error) { return os.UserCacheDir() }

// UserConfigDir is the standard os.UserConfigDir.
func UserConfigDir() (string, error) { return os.UserConfigDir() }

// UserHomeDir is the standard os.UserHomeDir.
func UserHomeDir() (string, error) { return os.UserHomeDir() }
