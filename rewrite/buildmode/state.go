package buildmode

import (
	"encoding/json"
	"os"
)

// stateEnv names the environment variable through which the driver hands
// the proxy processes the path of the build's state file.
const stateEnv = "GREENIFY_BUILD_STATE"

// A state is what every proxy process of one build needs, written once by
// the driver before the go command starts.
type state struct {
	Sets    []string          `json:"sets"`    // the chosen patch sets
	Closure map[string]string `json:"closure"` // green packages and all they import → export file
	Suffix  string            `json:"suffix"`  // appended to the tools' -V=full answers
	Report  string            `json:"report"`  // file the proxies append report lines to
}

func (s *state) write(path string) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o666)
}

func readState() (*state, error) {
	path := os.Getenv(stateEnv)
	if path == "" {
		return nil, errNoState
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &state{}
	return s, json.Unmarshal(b, s)
}
