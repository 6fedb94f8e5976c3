package rewrite

import (
	"os"
	"path/filepath"
	"testing"
)

// TestMain removes the directory that golang.org/x/tools/imports makes in
// the system's temporary directory whenever a test binary loads it (for an
// index of the module cache, which the golden cases never use: they only
// format), so that the suite leaves nothing behind. A directory that
// something else filled is not empty, and stays.
func TestMain(m *testing.M) {
	code := m.Run()
	os.Remove(filepath.Join(os.TempDir(), "goimports"))
	os.Exit(code)
}
