//go:build unix && !linux

package netfd

// Splice is linux-only; elsewhere the caller copies through a buffer.
func Splice(dst, src *FD, remain int64) (int64, bool, error) { return 0, false, nil }

// SendFile is linux-only here; elsewhere the caller copies.
func SendFile(dst *FD, src int, remain int64) (int64, bool, error) { return 0, false, nil }
