package hub

import (
	"fmt"
	"os"
	"runtime"
)

// newPoller picks the poller for kind ("" means GREEN_HUB, then the best
// this GOOS has).
func newPoller(kind string) (poller, string, error) {
	if kind == "" {
		kind = os.Getenv("GREEN_HUB")
	}
	if kind == "" {
		kind = defaultKind
	}
	p, err := openPoller(kind)
	if err != nil {
		return nil, kind, fmt.Errorf("hub: %s hub on %s: %w", kind, runtime.GOOS, err)
	}
	return p, kind, nil
}
