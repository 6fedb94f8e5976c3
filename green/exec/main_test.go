//go:build linux

package exec_test

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/leakcheck"
)

// helperEnv makes the test binary a helper child instead of running tests.
const helperEnv = "GREEN_EXEC_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == "stdout-blocking" {
		// Used by TestChildInheritsStdout: fd 1 must be blocking here.
		fl, err := unix.FcntlInt(1, unix.F_GETFL, 0)
		if err != nil || fl&unix.O_NONBLOCK != 0 {
			fmt.Fprintf(os.Stderr, "stdout flags %#x, %v: non-blocking\n", fl, err)
			os.Exit(1)
		}
		if _, err := os.Stdout.Write(nil); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	leakcheck.Main(m)
}

// clean checks, when the test ends, that closing the default hub leaves no
// goroutine and no descriptor behind, and that no child is left unreaped.
func clean(t testing.TB) {
	t.Helper()
	leakcheck.Clean(t)
	t.Cleanup(func() {
		var info unix.Siginfo
		// WNOWAIT: look without reaping, so a zombie stays to be reported.
		err := unix.Waitid(unix.P_ALL, 0, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
		if errors.Is(err, unix.ECHILD) {
			return
		}
		if err == nil && info.Signo != 0 {
			t.Errorf("a child is left unreaped (zombie)")
		}
	})
}
