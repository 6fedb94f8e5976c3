//go:build !unix

package dns

import "os"

// A fileStamp tells whether a file changed since it was read: its size and
// modification time.
type fileStamp struct {
	size, nsec int64
}

func stampOf(path string) (fileStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{fi.Size(), fi.ModTime().UnixNano()}, true
}
