package buildmode

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"
)

// A cache is greenify's own cache directory ($XDG_CACHE_HOME/greenify, or
// $GREENIFY_CACHE): the closure listings, the go env and tool -V=full
// answers, the digests of development executables, and the state of the
// bare -toolexec builds in progress. A nil *cache caches nothing.
type cache struct {
	dir string
}

// cacheEnv names the variable that overrides the cache directory.
const cacheEnv = "GREENIFY_CACHE"

// staleAge is how long a cache entry, a lock file or a bare build's state
// is kept after its last use. Removing one still in use costs at most a
// second computation of the same result.
const staleAge = time.Hour

// cacheDir is the cache directory, without creating it.
func cacheDir() (string, bool) {
	if dir := os.Getenv(cacheEnv); dir != "" {
		return dir, true
	}
	base, err := os.UserCacheDir()
	return filepath.Join(base, "greenify"), err == nil
}

// openCache returns the cache, or nil without a usable directory (no home
// directory): the build then lists the closure every time, and only the
// bare -toolexec form, which needs a place to share one build's state,
// fails.
func openCache() *cache {
	dir, ok := cacheDir()
	if !ok || os.MkdirAll(dir, 0o777) != nil {
		return nil
	}
	return &cache{dir: dir}
}

// lock takes the lock named name, waiting for it, and returns its release.
// Each entry has its own lock, so a build that lists a closure for a
// minute (a cold build cache) holds up no build that needs another one.
func (c *cache) lock(name string) (unlock func(), err error) {
	dir := filepath.Join(c.dir, "locks")
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, name), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the descriptor releases the flock
}

// removeOld removes the files in dir older than staleAge.
func removeOld(dir string) {
	es, _ := os.ReadDir(dir)
	for _, e := range es {
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// readEntry reads the cache entry at path. An entry read is in use, so
// one older than a quarter of staleAge gets a new modification time:
// removeOld prunes by it, and an answer a build asks for every time would
// otherwise be pruned an hour after it was first written, and computed
// again, however often it was used since.
func readEntry(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && time.Since(info.ModTime()) > staleAge/4 {
		now := time.Now()
		os.Chtimes(path, now, now) // a read-only cache only costs a recomputation later
	}
	return io.ReadAll(f)
}

// digest is the sha256 of the file at path, remembered by its path, size
// and modification time: a development build of greenify is keyed on its
// executable's digest, and hashing ten megabytes on every build costs as
// much as the rest of a warm rebuild's overhead.
func (c *cache) digest(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	var memo string
	if c != nil {
		k := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%d", path, st.Size(), st.ModTime().UnixNano()))
		memo = filepath.Join(c.dir, "digest", hex.EncodeToString(k[:16]))
		if b, err := readEntry(memo); err == nil && len(b) == 64 {
			return string(b), nil
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if memo != "" {
		removeOld(filepath.Dir(memo))
		writeAtomic(memo, []byte(sum))
	}
	return sum, nil
}
