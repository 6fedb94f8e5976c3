package buildmode

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A cache is greenify's own cache directory ($XDG_CACHE_HOME/greenify, or
// $GREENIFY_CACHE): the closure listings, and the state of the bare
// -toolexec builds in progress. A nil *cache caches nothing.
type cache struct {
	dir  string
	lock *os.File
}

// cacheEnv names the variable that overrides the cache directory.
const cacheEnv = "GREENIFY_CACHE"

// openCache opens the cache directory and takes its lock; close releases
// it. Without a usable directory (no home directory) it returns nil: the
// build then lists the closure every time, and only the bare -toolexec
// form, which needs a place to share one build's state, fails.
func openCache() *cache {
	dir, ok := cacheDir()
	if !ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		return nil
	}
	// One lock for the whole cache: builds that need a listing are rare
	// and short next to what they wait for, and one lock cannot deadlock.
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil
	}
	return &cache{dir: dir, lock: f}
}

// close releases the lock.
func (c *cache) close() {
	if c != nil {
		c.lock.Close() // closing the only descriptor releases the flock
	}
}
