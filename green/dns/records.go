package dns

import (
	"context"
	"net"
	"strings"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/greenify/greenify/runtime/hub"
)

// answer is one query's outcome.
type answer struct {
	p      dnsmessage.Parser
	server string
	err    error
}

// lookupIPCNAME resolves a host name to addresses and its canonical name:
// the hosts file per the lookup order, then for each name of the search
// list an A and an AAAA query — in parallel, each on a green thread of its
// own, unless single-request asks for one after the other. network "ip4"
// or "ip6" asks only for that family; "CNAME" also asks for CNAME records
// so that a name with a CNAME and no addresses still has a canonical name.
func (r *Resolver) lookupIPCNAME(ctx context.Context, network, name string, c *Config) (addrs []net.IPAddr, cname string, err error) {
	if c.order == orderFilesDNS || c.order == orderFiles {
		if addrs, canonical := filesIPs(c.hostsFile(), name); len(addrs) > 0 {
			return addrs, canonical, nil
		}
		if c.order == orderFiles {
			return nil, "", newDNSError(errNoSuchHost, name, "")
		}
	}
	if isLocalhost(name) {
		// RFC 6761: localhost names are the loopback addresses, never a
		// question for a DNS server.
		return localhostAddrs(network), "localhost", nil
	}
	if !isDomainName(name) {
		return nil, "", newDNSError(errNoSuchHost, name, "")
	}
	qtypes := []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA}
	switch {
	case strings.HasSuffix(network, "4"):
		qtypes = qtypes[:1]
	case strings.HasSuffix(network, "6"):
		qtypes = qtypes[1:]
	case network == "CNAME":
		qtypes = append(qtypes, dnsmessage.TypeCNAME)
	}
	var canon string // the name's own type holds 255 bytes: keep it off the stack
	var lastErr error
	for _, fqdn := range c.nameList(name) {
		answers := r.ask(ctx, c, fqdn, qtypes)
		hitStrict := false
		for _, a := range answers {
			if a.err != nil {
				if isTemp(a.err) && r.strictErrors() {
					hitStrict = true
					lastErr = a.err
				} else if lastErr == nil || fqdn == name+"." {
					lastErr = a.err // the error for the name as given wins
				}
				continue
			}
			var perr error
			addrs, canon, perr = collectAddrs(&a.p, addrs, canon)
			if perr != nil {
				lastErr = &net.DNSError{Err: errCannotUnmarshalDNSMessage.Error(), Name: name, Server: a.server}
			}
		}
		if hitStrict {
			// A failed family must not silently turn a dual-stack
			// name into a single-stack one.
			addrs = nil
			break
		}
		if len(addrs) > 0 || network == "CNAME" && canon != "" {
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	if de, ok := lastErr.(*net.DNSError); ok {
		de.Name = name
	}
	sortByRFC6724(addrs)
	if len(addrs) == 0 && !(network == "CNAME" && canon != "") {
		if c.order == orderDNSFiles {
			if addrs, canonical := filesIPs(c.hostsFile(), name); len(addrs) > 0 {
				return addrs, canonical, nil
			}
		}
		if lastErr != nil {
			return nil, "", lastErr
		}
	}
	return addrs, canon, nil
}

// ask sends the queries for one name and gives the answers in qtypes'
// order.
func (r *Resolver) ask(ctx context.Context, c *Config, fqdn string, qtypes []dnsmessage.Type) []answer {
	answers := make([]answer, len(qtypes))
	one := func(i int) {
		p, server, err := r.tryOneName(ctx, c, fqdn, qtypes[i])
		answers[i] = answer{p, server, err}
	}
	if c.SingleRequest || len(qtypes) == 1 {
		for i := range qtypes {
			one(i)
		}
		return answers
	}
	threads := make([]*hub.GreenThread[struct{}], len(qtypes)-1)
	for i := range threads {
		threads[i] = hub.Spawn(func() (struct{}, error) {
			one(i + 1)
			return struct{}{}, nil
		})
	}
	one(0)
	for _, t := range threads {
		t.Wait()
	}
	return answers
}

// collectAddrs appends the A and AAAA records of an answer section. The
// canonical name is the owner of the first address record, or else the
// target of the first CNAME: a recursive server puts the CNAME chain
// before the addresses of its last name.
func collectAddrs(p *dnsmessage.Parser, addrs []net.IPAddr, canon string) ([]net.IPAddr, string, error) {
	for {
		h, err := p.AnswerHeader()
		if err == dnsmessage.ErrSectionDone {
			return addrs, canon, nil
		}
		if err != nil {
			return addrs, canon, err
		}
		switch h.Type {
		case dnsmessage.TypeA:
			a, err := p.AResource()
			if err != nil {
				return addrs, canon, err
			}
			addrs = append(addrs, net.IPAddr{IP: net.IP(a.A[:])})
			if canon == "" && h.Name.Length != 0 {
				canon = h.Name.String()
			}
		case dnsmessage.TypeAAAA:
			a, err := p.AAAAResource()
			if err != nil {
				return addrs, canon, err
			}
			addrs = append(addrs, net.IPAddr{IP: net.IP(a.AAAA[:])})
			if canon == "" && h.Name.Length != 0 {
				canon = h.Name.String()
			}
		case dnsmessage.TypeCNAME:
			c, err := p.CNAMEResource()
			if err != nil {
				return addrs, canon, err
			}
			if canon == "" && c.CNAME.Length > 0 {
				canon = c.CNAME.String()
			}
		default:
			if err := p.SkipAnswer(); err != nil {
				return addrs, canon, err
			}
		}
	}
}

// filesIPs gives the hosts file's addresses for name, sorted, and its
// canonical name.
func filesIPs(path, name string) ([]net.IPAddr, string) {
	hosts, canonical := lookupStaticHost(path, name)
	var addrs []net.IPAddr
	for _, h := range hosts {
		h, zone, _ := strings.Cut(h, "%")
		if ip := net.ParseIP(h); ip != nil {
			addrs = append(addrs, net.IPAddr{IP: ip, Zone: zone})
		}
	}
	sortByRFC6724(addrs)
	return addrs, canonical
}

// isLocalhost reports the names RFC 6761 reserves for the loopback.
func isLocalhost(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	return h == "localhost" || strings.HasSuffix(h, ".localhost") || h == "localhost.localdomain" || strings.HasSuffix(h, ".localhost.localdomain")
}

func localhostAddrs(network string) []net.IPAddr {
	v4 := net.IPAddr{IP: net.IPv4(127, 0, 0, 1)}
	v6 := net.IPAddr{IP: net.IPv6loopback}
	switch {
	case strings.HasSuffix(network, "4"):
		return []net.IPAddr{v4}
	case strings.HasSuffix(network, "6"):
		return []net.IPAddr{v6}
	}
	addrs := []net.IPAddr{v6, v4}
	sortByRFC6724(addrs)
	return addrs
}

// records runs one query through the search list and calls each for every
// answer record of type qtype. A record that does not parse ends it with
// the standard resolver's "cannot unmarshal" error.
func (r *Resolver) records(ctx context.Context, name string, qtype dnsmessage.Type, each func(h dnsmessage.ResourceHeader, p *dnsmessage.Parser) error) error {
	p, server, err := r.lookup(ctx, name, qtype)
	if err != nil {
		return err
	}
	bad := func() error {
		return &net.DNSError{Err: errCannotUnmarshalDNSMessage.Error(), Name: name, Server: server}
	}
	for {
		h, err := p.AnswerHeader()
		if err == dnsmessage.ErrSectionDone {
			return nil
		}
		if err != nil {
			return bad()
		}
		if h.Type != qtype {
			if err := p.SkipAnswer(); err != nil {
				return bad()
			}
			continue
		}
		if err := each(h, &p); err != nil {
			return bad()
		}
	}
}

func (r *Resolver) lookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	target := name
	if service != "" || proto != "" {
		target = "_" + service + "._" + proto + "." + name
	}
	var cname dnsmessage.Name
	var srvs []*net.SRV
	err := r.records(ctx, target, dnsmessage.TypeSRV, func(h dnsmessage.ResourceHeader, p *dnsmessage.Parser) error {
		if cname.Length == 0 && h.Name.Length != 0 {
			cname = h.Name
		}
		s, err := p.SRVResource()
		if err != nil {
			return err
		}
		srvs = append(srvs, &net.SRV{Target: s.Target.String(), Port: s.Port, Priority: s.Priority, Weight: s.Weight})
		return nil
	})
	if err != nil {
		if de, ok := err.(*net.DNSError); ok && de.Err == errCannotUnmarshalDNSMessage.Error() {
			de.Name = name
		}
		return "", nil, err
	}
	sortSRV(srvs)
	return cname.String(), srvs, nil
}

func (r *Resolver) lookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	var mxs []*net.MX
	err := r.records(ctx, name, dnsmessage.TypeMX, func(_ dnsmessage.ResourceHeader, p *dnsmessage.Parser) error {
		mx, err := p.MXResource()
		if err != nil {
			return err
		}
		mxs = append(mxs, &net.MX{Host: mx.MX.String(), Pref: mx.Pref})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortMX(mxs)
	return mxs, nil
}

func (r *Resolver) lookupNS(ctx context.Context, name string) ([]*net.NS, error) {
	var nss []*net.NS
	err := r.records(ctx, name, dnsmessage.TypeNS, func(_ dnsmessage.ResourceHeader, p *dnsmessage.Parser) error {
		ns, err := p.NSResource()
		if err != nil {
			return err
		}
		nss = append(nss, &net.NS{Host: ns.NS.String()})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return nss, nil
}

func (r *Resolver) lookupTXT(ctx context.Context, name string) ([]string, error) {
	var txts []string
	err := r.records(ctx, name, dnsmessage.TypeTXT, func(_ dnsmessage.ResourceHeader, p *dnsmessage.Parser) error {
		txt, err := p.TXTResource()
		if err != nil {
			return err
		}
		// The strings of one record are one value (DKIM keys longer
		// than 255 bytes are split so).
		txts = append(txts, strings.Join(txt.TXT, ""))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return txts, nil
}

// lookupPTR resolves an address to names: the hosts file and PTR records
// in the lookup order.
func (r *Resolver) lookupPTR(ctx context.Context, addr string) ([]string, error) {
	c := r.config()
	if c.order == orderFiles || c.order == orderFilesDNS {
		if names := lookupStaticAddr(c.hostsFile(), addr); len(names) > 0 {
			return names, nil
		}
		if c.order == orderFiles {
			return nil, newDNSError(errNoSuchHost, addr, "")
		}
	}
	arpa, err := reverseaddr(addr)
	if err != nil {
		return nil, err
	}
	var ptrs []string
	err = r.records(ctx, arpa, dnsmessage.TypePTR, func(_ dnsmessage.ResourceHeader, p *dnsmessage.Parser) error {
		ptr, err := p.PTRResource()
		if err != nil {
			return err
		}
		ptrs = append(ptrs, ptr.PTR.String())
		return nil
	})
	if err != nil {
		if de, ok := err.(*net.DNSError); ok {
			if de.IsNotFound && c.order == orderDNSFiles {
				if names := lookupStaticAddr(c.hostsFile(), addr); len(names) > 0 {
					return names, nil
				}
			}
			if de.Err == errCannotUnmarshalDNSMessage.Error() {
				de.Name = addr
			}
		}
		return nil, err
	}
	return ptrs, nil
}
