package rewrite

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// A PatchSet is one switch of Eventlet's monkey_patch: a named group of
// standard packages that the rewriter points at green ones. Adding a set is
// one file that declares a PatchSet and calls Register from init; the engine
// has no knowledge of any particular package.
type PatchSet struct {
	Name     string
	Doc      string // one line, shown by greenify -help
	Packages []Package

	// Code marks a set that changes code rather than imports (thread,
	// time): its edits are planned by planCode.
	Code bool
}

// A Package maps one standard import path to its green counterpart.
type Package struct {
	Std   string // standard import path, e.g. "net"
	Green string // green import path, e.g. "github.com/greenify/greenify/green/net"
	Name  string // the package name both declare, e.g. "net"

	// KeepStd lists identifiers that must stay on the standard package
	// (mutable package variables such as os.Args, which a green package could
	// only copy, so tests that swap them would not see it). Uses of them
	// are re-pointed at a second import of Std named "std"+Name.
	KeepStd []string

	// Idents, when set, makes this a claim on those identifiers of Std
	// only, inside a package that another set claims whole (the dns set's
	// lookups inside net). With the whole-package set selected too, the
	// identifiers go green with it; with this set alone they are
	// re-qualified to Green; with only the whole-package set they stay
	// standard, through the second import.
	Idents []string

	// Types lists the green types: types of the green package that are not
	// aliases of the standard ones, with their documented conversions.
	// Everything else the green package exports is assumed to be an alias
	// or a function that accepts the same calls.
	Types []GreenType
}

// A GreenType is a type of a green package that differs from the standard
// type of the same name. Both conversions work on pointers: x.ToStd() turns
// a *Green.T into a *Std.T, Green.FromStd(x) the other way.
type GreenType struct {
	Name    string // "TCPConn"
	ToStd   string // method name on *Green.T, "Std"
	FromStd string // function name in Green, "FromStdTCPConn"
}

// greenType returns the conventional GreenType for name: x.Std() and
// FromStd<name>(x), the form every green package gives its green types.
func greenType(name string) GreenType {
	return GreenType{Name: name, ToStd: "Std", FromStd: "FromStd" + name}
}

var registry = map[string]*PatchSet{}

// Register adds a patch set; it is called from the init function of the file
// that declares the set. Registering a name twice panics.
func Register(s *PatchSet) {
	if _, dup := registry[s.Name]; dup {
		panic("rewrite: patch set registered twice: " + s.Name)
	}
	for _, p := range s.Packages {
		for _, o := range registry {
			for _, q := range o.Packages {
				// One set may claim a package whole and others some of
				// its identifiers, each identifier once.
				clash := q.Green == p.Green || q.Std == p.Std && (len(q.Idents) == 0) == (len(p.Idents) == 0)
				for _, id := range p.Idents {
					clash = clash || slices.Contains(q.Idents, id)
				}
				if clash {
					panic(fmt.Sprintf("rewrite: patch sets %s and %s both claim %s", o.Name, s.Name, p.Std))
				}
			}
		}
	}
	registry[s.Name] = s
}

// Sets returns the registered patch sets sorted by name.
func Sets() []*PatchSet {
	out := make([]*PatchSet, 0, len(registry))
	for _, s := range registry {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// SelectSets resolves -patch and -exclude: patch empty means every registered
// set; exclude then drops names. An unknown name in either is an error.
func SelectSets(patch, exclude []string) ([]*PatchSet, error) {
	for _, n := range slices.Concat(patch, exclude) {
		if _, ok := registry[n]; !ok {
			return nil, fmt.Errorf("unknown patch set %q (known: %s)", n, strings.Join(setNames(), ", "))
		}
	}
	var out []*PatchSet
	for _, s := range Sets() {
		if len(patch) > 0 && !slices.Contains(patch, s.Name) {
			continue
		}
		if slices.Contains(exclude, s.Name) {
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no patch set selected")
	}
	return out, nil
}

func setNames() []string {
	var names []string
	for _, s := range Sets() {
		names = append(names, s.Name)
	}
	return names
}

// A mapping is one Package of a selected set, as the planner uses it.
type mapping struct {
	set *PatchSet
	Package
	types map[string]GreenType
}

// A table indexes the selected sets by standard and by green import path.
type table struct {
	byStd   map[string]*mapping
	byGreen map[string]*mapping
	code    map[string]bool // selected sets that change code
}

func newTable(sets []*PatchSet) *table {
	t := &table{byStd: map[string]*mapping{}, byGreen: map[string]*mapping{}, code: map[string]bool{}}
	selected := map[*PatchSet]bool{}
	var partial []*mapping
	for _, s := range sets {
		selected[s] = true
		if s.Code {
			t.code[s.Name] = true
		}
		for _, p := range s.Packages {
			m := &mapping{set: s, Package: p, types: map[string]GreenType{}}
			for _, g := range p.Types {
				m.types[g.Name] = g
			}
			t.byGreen[p.Green] = m
			if len(p.Idents) > 0 {
				partial = append(partial, m)
				continue
			}
			t.byStd[p.Std] = m
		}
	}
	// A claim on some identifiers rewrites the imports of its package only
	// when no selected set claims the package whole.
	for _, m := range partial {
		if t.byStd[m.Std] == nil {
			t.byStd[m.Std] = m
		}
	}
	// Identifiers claimed by a set that is not selected stay standard.
	for _, s := range registry {
		if selected[s] {
			continue
		}
		for _, p := range s.Packages {
			if m := t.byStd[p.Std]; m != nil && len(p.Idents) > 0 && len(m.Idents) == 0 {
				m.KeepStd = append(slices.Clip(m.KeepStd), p.Idents...)
			}
		}
	}
	return t
}

// stdAlias is the name of the second import that keeps identifiers standard.
func (m *mapping) stdAlias() string { return "std" + m.Name }

func (m *mapping) keeps(id string) bool { return slices.Contains(m.KeepStd, id) }

// claims reports whether a claim on some identifiers covers id (a whole
// claim covers every one).
func (m *mapping) claims(id string) bool { return len(m.Idents) == 0 || slices.Contains(m.Idents, id) }

// lastElem is the last element of an import path, the name go would assume.
func lastElem(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}
