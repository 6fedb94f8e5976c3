package rewrite

import (
	"encoding/json"
	"fmt"
	"go/token"
	"os"
)

// Config says what to rewrite and how. The zero value plus Patterns is a
// forward rewrite of every patch set, tests included.
type Config struct {
	Dir      string   // where to run, as go build would (default: the current directory)
	Patterns []string // package patterns (default ".")
	Tags     string   // build tags, comma-separated, as go build -tags
	NoTests  bool     // leave _test.go files alone (-tests=false)
	Patch    []string // patch sets to apply (default all)
	Exclude  []string // patch sets to leave out
	Undo     bool     // invert greenify's edits instead

	// Include files skipped by default.
	Generated, Vendor, Testdata bool

	// GreenDir names a local checkout of the green module, for development
	// builds of greenify; planning and the written go.mod then use a
	// replace directive pointing at it.
	GreenDir string
	// GreenVersion overrides the version of the green module that go get
	// fetches (default: greenify's own, from its build information).
	GreenVersion string

	Env []string                         // environment of the go commands (default os.Environ())
	Log func(format string, args ...any) // progress for -v; nil is quiet
}

// env is the environment of the go commands.
func (c *Config) env() []string {
	if c.Env != nil {
		return c.Env
	}
	return os.Environ()
}

func (c *Config) logf(format string, args ...any) {
	if c.Log != nil {
		c.Log(format, args...)
	}
}

// A Result is a verified plan: the new contents of every file it changes.
// Nothing is on disk until Write.
type Result struct {
	Files       []*File      `json:"files"`
	Diagnostics []Diagnostic `json:"diagnostics"`
	// Notes are changes the user did not ask for but the rewrite needs,
	// such as a go line raised in go.mod.
	Notes    []Diagnostic `json:"notes,omitempty"`
	Packages []Summary    `json:"packages"`
}

// A File is one changed file: a Go source, go.mod or go.sum.
type File struct {
	Path  string `json:"path"`
	Old   []byte `json:"-"`
	New   []byte `json:"-"`
	Edits []Edit `json:"edits"`
	// Remove says the file goes away: a go.sum that undo leaves empty
	// where greenify had created it.
	Remove bool `json:"remove,omitempty"`
	mode   os.FileMode
}

// An Edit is one planned change, for -json and the dry run.
type Edit struct {
	Pos  Position `json:"pos"`
	Kind string   `json:"kind"` // import, std-import, requalify, to-std, from-std, unwrap, remove-import, go.mod, go.sum
	Old  string   `json:"old,omitempty"`
	New  string   `json:"new,omitempty"`
}

// A Position is a token.Position that prints as file:line:col.
type Position token.Position

func (p Position) String() string { return token.Position(p).String() }

func (p Position) MarshalJSON() ([]byte, error) { return json.Marshal(p.String()) }

// A Diagnostic explains something greenify left alone: a crossing it could
// not convert, a file kept standard, a file it skipped on purpose.
type Diagnostic struct {
	Pos Position `json:"pos"`
	Msg string   `json:"message"`
}

func (d Diagnostic) String() string {
	if d.Pos.Filename == "" {
		return d.Msg
	}
	return fmt.Sprintf("%s: %s", d.Pos, d.Msg)
}

// A Summary is the per-package line of -v.
type Summary struct {
	Path    string `json:"path"`
	Files   int    `json:"files"`   // Go files considered
	Changed int    `json:"changed"` // Go files changed
}

// An InputError is bad input: the rewrite did not start, nothing was
// planned or written. Each line is one problem.
type InputError struct{ Lines []string }

func (e *InputError) Error() string {
	s := ""
	for i, l := range e.Lines {
		if i > 0 {
			s += "\n"
		}
		s += l
	}
	return s
}

func inputErr(format string, args ...any) error {
	return &InputError{Lines: []string{fmt.Sprintf(format, args...)}}
}
