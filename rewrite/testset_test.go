package rewrite

// netkeep is a test-only patch set: the net set, keeping LookupHost and
// ErrClosed standard, to exercise the second import that the os set will
// need for os.Args. It claims the same packages as net, so it
// bypasses Register and cases select it explicitly with -patch=netkeep.
func init() {
	p := netSet.Packages[0]
	p.KeepStd = []string{"LookupHost", "ErrClosed"}
	registry["netkeep"] = &PatchSet{Name: "netkeep", Doc: "test only", Packages: []Package{p}}
}

// realSets are the sets a case gets without -patch: every registered one
// except the test-only set above.
func realSets() []string {
	var out []string
	for _, s := range Sets() {
		if s.Name != "netkeep" {
			out = append(out, s.Name)
		}
	}
	return out
}
