//go:build linux

package exec_test

import "os/exec"

func stdCommand(name string, arg ...string) *exec.Cmd { return exec.Command(name, arg...) }
