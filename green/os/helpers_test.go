//go:build unix

package os_test

import (
	"os/exec"
	"time"
)

var timeZero time.Time

func execLookPath(name string) (string, error) { return exec.LookPath(name) }
