//go:build !linux

package procwait

import "os"

// Exited reports that it did not wait: without pidfds the caller waits
// natively with the hub released (see the package doc).
func Exited(p *os.Process) (bool, error) { return false, nil }
