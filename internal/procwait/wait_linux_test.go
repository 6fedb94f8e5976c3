package procwait_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/greenify/greenify/internal/leakcheck"
	"github.com/greenify/greenify/internal/procwait"
	"github.com/greenify/greenify/runtime/hub"
)

// A green thread waits in the hub (pidfd) and the standard Wait then
// reaps at once; an outsider is told to wait natively.
func TestExited(t *testing.T) {
	leakcheck.Clean(t)
	cmd := exec.Command("sleep", "0.05")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if waited, err := procwait.Exited(cmd.Process); waited || err != nil {
		t.Fatalf("outsider: waited %v, %v", waited, err)
	}
	hub.Run(func() {
		waited, err := procwait.Exited(cmd.Process)
		if err != nil {
			t.Fatal(err)
		}
		if !waited {
			if err := cmd.Process.WithHandle(func(uintptr) {}); err == os.ErrNoHandle {
				t.Skip("no pidfd on this kernel")
			}
			t.Fatal("a green thread did not wait on the pidfd")
		}
	})
	st, err := cmd.Process.Wait()
	if err != nil || !st.Success() {
		t.Fatalf("Wait after the exit: %v, %v", st, err)
	}
}
