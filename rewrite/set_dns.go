package rewrite

// The dns set: Eventlet's greendns. It claims the lookups of net — the
// Lookup functions, Resolver and DefaultResolver — inside the package the
// net set rewrites. With both sets (the default) they go green with net,
// whose Resolver is green/dns's; with -patch=dns alone they move to
// green/dns and the rest of net stays standard; with -exclude=dns they stay
// on the standard net through a second import, while green/net still
// resolves its own dials green.
var dnsSet = &PatchSet{
	Name: "dns",
	Doc:  "net's lookups (Lookup*, Resolver, DefaultResolver): a resolver that queries over the hub",
	Packages: []Package{{
		Std:   "net",
		Green: GreenModule + "/green/dns",
		Name:  "net",
		Idents: []string{
			"LookupAddr", "LookupCNAME", "LookupHost", "LookupIP", "LookupMX", "LookupNS",
			"LookupPort", "LookupSRV", "LookupTXT", "Resolver", "DefaultResolver",
		},
		Types: []GreenType{greenType("Resolver")},
	}},
}

func init() { Register(dnsSet) }
