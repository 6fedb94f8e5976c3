package hub

import (
	"fmt"
	"os"
	"runtime"
	"sort"
)

// resolveKind names the poller for kind ("" means GREEN_HUB, then the best
// this GOOS has) and checks that this GOOS has it, without opening one.
func resolveKind(kind string) (string, error) {
	if kind == "" {
		kind = os.Getenv("GREEN_HUB")
	}
	if kind == "" {
		kind = defaultKind
	}
	if pollers[kind] == nil {
		var have []string
		for k := range pollers {
			have = append(have, k)
		}
		sort.Strings(have)
		return kind, fmt.Errorf("hub: %s hub on %s: unknown or unsupported (this GOOS has %q)", kind, runtime.GOOS, have)
	}
	return kind, nil
}

// Kinds lists the hub kinds this GOOS has, the default first.
func Kinds() []string {
	ks := []string{defaultKind}
	for k := range pollers {
		if k != defaultKind {
			ks = append(ks, k)
		}
	}
	sort.Strings(ks[1:])
	return ks
}

// newPoller opens the poller for kind (see resolveKind).
func newPoller(kind string) (poller, string, error) {
	kind, err := resolveKind(kind)
	if err != nil {
		return nil, kind, err
	}
	p, err := pollers[kind]()
	if err != nil {
		return nil, kind, fmt.Errorf("hub: %s hub on %s: %w", kind, runtime.GOOS, err)
	}
	return p, kind, nil
}
