package os_test

import (
	"testing"

	"github.com/greenify/greenify/internal/parity"
)

// TestAPIParity checks that every identifier of the standard os exists here
// with a signature that accepts the same calls. The types below are this
// package's own (they wait, or hold files that do); the rest are aliases.
// Signatures that differ only by naming them are logged with -v: Stdin,
// Stdout and Stderr are green *Files, and the functions and methods that
// return files, processes and roots return green ones.
func TestAPIParity(t *testing.T) {
	parity.Check(t, parity.Spec{
		Std:   "os",
		Green: "github.com/greenify/greenify/green/os",
		GreenTypes: map[string]bool{
			"File": true, "Process": true, "ProcAttr": true, "Root": true,
		},
		KnownGaps: map[string]string{
			// wasip1 only: an extension method for the standard library's
			// own packages; its result type is internal to std.
			"File.PollFD": "returns *internal/poll.FD, which no other module can name",
		},
	})
}
