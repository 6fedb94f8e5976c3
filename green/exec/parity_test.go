package exec_test

import (
	"testing"

	"github.com/greenify/greenify/internal/parity"
)

// TestAPIParity checks that every identifier of the standard os/exec
// exists here with a signature that accepts the same calls. Cmd is this
// package's own type; its ExtraFiles and Process fields name green/os's
// File and Process, which print as os.File and os.Process (logged with -v).
func TestAPIParity(t *testing.T) {
	parity.Check(t, parity.Spec{
		Std:        "os/exec",
		Green:      "github.com/greenify/greenify/green/exec",
		Names:      map[string]string{"os": "os", "github.com/greenify/greenify/green/os": "os"},
		GreenTypes: map[string]bool{"Cmd": true},
	})
}
