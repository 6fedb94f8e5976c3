package dns

import (
	"context"
	"net"
	"net/http/httptrace"
	"net/netip"
	"strings"
)

// The package-level lookups use DefaultResolver, as the standard ones do.

// LookupHost looks up host and returns its addresses.
func LookupHost(host string) (addrs []string, err error) {
	return DefaultResolver.LookupHost(context.Background(), host)
}

// LookupIP looks up host and returns its IPv4 and IPv6 addresses.
func LookupIP(host string) ([]net.IP, error) {
	addrs, err := DefaultResolver.LookupIPAddr(context.Background(), host)
	if err != nil {
		return nil, err
	}
	ips := make([]net.IP, len(addrs))
	for i, a := range addrs {
		ips[i] = a.IP
	}
	return ips, nil
}

// LookupPort looks up the port of a service name ("https") for network.
func LookupPort(network, service string) (port int, err error) {
	return DefaultResolver.LookupPort(context.Background(), network, service)
}

// LookupCNAME returns the canonical name of host, following CNAME records.
func LookupCNAME(host string) (cname string, err error) {
	return DefaultResolver.LookupCNAME(context.Background(), host)
}

// LookupSRV looks up the SRV records of _service._proto.name (of name
// itself when service and proto are both empty).
func LookupSRV(service, proto, name string) (cname string, addrs []*net.SRV, err error) {
	return DefaultResolver.LookupSRV(context.Background(), service, proto, name)
}

// LookupMX returns the MX records of name, sorted by preference.
func LookupMX(name string) ([]*net.MX, error) {
	return DefaultResolver.LookupMX(context.Background(), name)
}

// LookupNS returns the NS records of name.
func LookupNS(name string) ([]*net.NS, error) {
	return DefaultResolver.LookupNS(context.Background(), name)
}

// LookupTXT returns the TXT records of name; the strings of one record
// are joined.
func LookupTXT(name string) ([]string, error) {
	return DefaultResolver.LookupTXT(context.Background(), name)
}

// LookupAddr returns the names of an address (a reverse lookup).
func LookupAddr(addr string) (names []string, err error) {
	return DefaultResolver.LookupAddr(context.Background(), addr)
}

// LookupHost looks up host and returns its addresses: from the hosts file
// or DNS, in nsswitch.conf's order; an IP literal is returned as is.
func (r *Resolver) LookupHost(ctx context.Context, host string) (addrs []string, err error) {
	if noGreenDNS() {
		return offHub(func() ([]string, error) { return r.Std().LookupHost(ctx, host) })
	}
	if host == "" {
		return nil, newDNSError(errNoSuchHost, host, "")
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return []string{host}, nil
	}
	c := r.config()
	if c.order == orderFilesDNS || c.order == orderFiles {
		if addrs, _ := lookupStaticHost(c.hostsFile(), host); len(addrs) > 0 {
			return addrs, nil
		}
		if c.order == orderFiles {
			return nil, newDNSError(errNoSuchHost, host, "")
		}
	}
	ips, _, err := r.lookupIPCNAME(ctx, "ip", host, c)
	if err != nil {
		return nil, err
	}
	addrs = make([]string, 0, len(ips))
	for _, ip := range ips {
		addrs = append(addrs, ip.String())
	}
	return addrs, nil
}

// LookupIPAddr looks up host and returns its IPv4 and IPv6 addresses. It
// reports to the httptrace.ClientTrace in ctx (DNSStart, DNSDone), as the
// standard resolver does.
func (r *Resolver) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	if noGreenDNS() {
		return offHub(func() ([]net.IPAddr, error) { return r.Std().LookupIPAddr(ctx, host) })
	}
	return r.lookupIPAddr(ctx, "ip", host)
}

// LookupIP looks up host for network "ip", "ip4" or "ip6" and returns
// the addresses of that family.
func (r *Resolver) LookupIP(ctx context.Context, network, host string) ([]net.IP, error) {
	if noGreenDNS() {
		return offHub(func() ([]net.IP, error) { return r.Std().LookupIP(ctx, network, host) })
	}
	afnet, _, _ := strings.Cut(network, ":")
	switch afnet {
	case "ip", "ip4", "ip6":
	default:
		return nil, net.UnknownNetworkError(network)
	}
	if host == "" {
		return nil, newDNSError(errNoSuchHost, host, "")
	}
	addrs, err := r.lookupIPAddr(ctx, afnet, host)
	if err != nil {
		return nil, err
	}
	ips := make([]net.IP, 0, len(addrs))
	for _, a := range addrs {
		if afnet == "ip4" && a.IP.To4() == nil || afnet == "ip6" && (len(a.IP) != net.IPv6len || a.IP.To4() != nil) {
			continue
		}
		ips = append(ips, a.IP)
	}
	if len(ips) == 0 {
		return nil, &net.AddrError{Err: "no suitable address found", Addr: host}
	}
	return ips, nil
}

// LookupNetIP is LookupIP with netip.Addr results.
func (r *Resolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	ips, err := r.LookupIP(ctx, network, host)
	if err != nil {
		return nil, err
	}
	out := make([]netip.Addr, 0, len(ips))
	for _, ip := range ips {
		if a, ok := netip.AddrFromSlice(ip); ok {
			out = append(out, a)
		}
	}
	return out, nil
}

// lookupIPAddr is the host lookup behind LookupIPAddr, LookupIP and the
// dialers, with the trace hooks around it.
func (r *Resolver) lookupIPAddr(ctx context.Context, network, host string) ([]net.IPAddr, error) {
	if host == "" {
		return nil, newDNSError(errNoSuchHost, host, "")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return []net.IPAddr{{IP: net.IP(ip.AsSlice()).To16(), Zone: ip.Zone()}}, nil
	}
	trace := httptrace.ContextClientTrace(ctx)
	if trace != nil && trace.DNSStart != nil {
		trace.DNSStart(httptrace.DNSStartInfo{Host: host})
	}
	addrs, _, err := r.lookupIPCNAME(ctx, network, host, r.config())
	if err != nil {
		if ctx.Err() != nil {
			err = ctxError(ctx, host)
		} else if _, ok := err.(*net.DNSError); !ok {
			err = newDNSError(mapErr(err), host, "")
		}
		addrs = nil
	}
	if trace != nil && trace.DNSDone != nil {
		trace.DNSDone(httptrace.DNSDoneInfo{Addrs: addrs, Err: err})
	}
	return addrs, err
}

// LookupPort looks up the port of a service for network ("tcp", "udp",
// their 4 and 6 forms, or "ip"); a number is parsed. Names come from
// /etc/services and the standard library's built-in table, as the standard
// pure-Go resolver reads them: no network involved.
func (r *Resolver) LookupPort(ctx context.Context, network, service string) (port int, err error) {
	if noGreenDNS() {
		return offHub(func() (int, error) { return r.Std().LookupPort(ctx, network, service) })
	}
	return portResolver.LookupPort(ctx, network, service)
}

// portResolver is the standard pure-Go resolver, used for service names
// only: it reads files, never the network.
var portResolver = &net.Resolver{PreferGo: true}

// LookupCNAME returns the canonical name of host: the last name of its
// CNAME chain, or host itself when it has addresses and no CNAME.
func (r *Resolver) LookupCNAME(ctx context.Context, host string) (string, error) {
	if noGreenDNS() {
		return offHub(func() (string, error) { return r.Std().LookupCNAME(ctx, host) })
	}
	c := r.config()
	if c.order == orderFilesDNS || c.order == orderFiles {
		if addrs, canonical := lookupStaticHost(c.hostsFile(), host); len(addrs) > 0 {
			return canonical, nil
		}
		if c.order == orderFiles {
			return "", newDNSError(errNoSuchHost, host, "")
		}
	}
	_, cname, err := r.lookupIPCNAME(ctx, "CNAME", host, c)
	if err != nil {
		return "", err
	}
	if !isDomainName(cname) {
		return "", &net.DNSError{Err: errMalformedDNSRecordsDetail, Name: host}
	}
	return cname, nil
}

// LookupSRV looks up the SRV records of _service._proto.name (of name
// itself when service and proto are both empty), sorted by priority and
// shuffled by weight (RFC 2782). Records with invalid target names are
// left out, with an error beside the rest.
func (r *Resolver) LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if noGreenDNS() {
		type res struct {
			cname string
			srvs  []*net.SRV
		}
		v, err := offHub(func() (res, error) {
			c, s, err := r.Std().LookupSRV(ctx, service, proto, name)
			return res{c, s}, err
		})
		return v.cname, v.srvs, err
	}
	cname, srvs, err := r.lookupSRV(ctx, service, proto, name)
	if err != nil {
		return "", nil, err
	}
	if cname != "" && !isDomainName(cname) {
		return "", nil, &net.DNSError{Err: "SRV header name is invalid", Name: name}
	}
	ok := srvs[:0:0]
	for _, s := range srvs {
		if s != nil && isDomainName(s.Target) {
			ok = append(ok, s)
		}
	}
	if len(ok) != len(srvs) {
		return cname, ok, &net.DNSError{Err: errMalformedDNSRecordsDetail, Name: name}
	}
	return cname, ok, nil
}

// LookupMX returns the MX records of name sorted by preference (shuffled
// within one preference). Hosts that are neither names nor IP addresses
// are left out, with an error beside the rest.
func (r *Resolver) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	if noGreenDNS() {
		return offHub(func() ([]*net.MX, error) { return r.Std().LookupMX(ctx, name) })
	}
	mxs, err := r.lookupMX(ctx, name)
	if err != nil {
		return nil, err
	}
	ok := make([]*net.MX, 0, len(mxs))
	for _, mx := range mxs {
		if mx == nil {
			continue
		}
		if !isDomainName(mx.Host) {
			a, err := netip.ParseAddr(strings.TrimSuffix(mx.Host, "."))
			if err != nil || a.Zone() != "" {
				continue
			}
		}
		ok = append(ok, mx)
	}
	if len(ok) != len(mxs) {
		return ok, &net.DNSError{Err: errMalformedDNSRecordsDetail, Name: name}
	}
	return ok, nil
}

// LookupNS returns the NS records of name; invalid names are left out,
// with an error beside the rest.
func (r *Resolver) LookupNS(ctx context.Context, name string) ([]*net.NS, error) {
	if noGreenDNS() {
		return offHub(func() ([]*net.NS, error) { return r.Std().LookupNS(ctx, name) })
	}
	nss, err := r.lookupNS(ctx, name)
	if err != nil {
		return nil, err
	}
	ok := make([]*net.NS, 0, len(nss))
	for _, ns := range nss {
		if ns != nil && isDomainName(ns.Host) {
			ok = append(ok, ns)
		}
	}
	if len(ok) != len(nss) {
		return ok, &net.DNSError{Err: errMalformedDNSRecordsDetail, Name: name}
	}
	return ok, nil
}

// LookupTXT returns the TXT records of name; the strings of one record
// are joined without a separator.
func (r *Resolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	if noGreenDNS() {
		return offHub(func() ([]string, error) { return r.Std().LookupTXT(ctx, name) })
	}
	return r.lookupTXT(ctx, name)
}

// LookupAddr returns the names of an address: from the hosts file or PTR
// records, in nsswitch.conf's order. Invalid names are left out, with an
// error beside the rest.
func (r *Resolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	if noGreenDNS() {
		return offHub(func() ([]string, error) { return r.Std().LookupAddr(ctx, addr) })
	}
	names, err := r.lookupPTR(ctx, addr)
	if err != nil {
		return nil, err
	}
	ok := make([]string, 0, len(names))
	for _, n := range names {
		if isDomainName(n) {
			ok = append(ok, n)
		}
	}
	if len(ok) != len(names) {
		return ok, &net.DNSError{Err: errMalformedDNSRecordsDetail, Name: addr}
	}
	return ok, nil
}
