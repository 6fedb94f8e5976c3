//go:build unix

package dns

import "golang.org/x/sys/unix"

// A fileStamp tells whether a file changed since it was read: its inode,
// size and modification time. Taking one is a stat(2) into a value on the
// stack, cheap enough for every lookup.
type fileStamp struct {
	ino, size, sec, nsec int64
}

func stampOf(path string) (fileStamp, bool) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return fileStamp{}, false
	}
	sec, nsec := st.Mtim.Unix()
	return fileStamp{int64(st.Ino), st.Size, sec, nsec}, true
}
