package net

import (
	"context"
	"net"

	"github.com/greenify/greenify/green/dns"
)

// Resolver is green/dns's resolver: lookups go out on green sockets, so a
// green thread waiting for a name server lets the others run. It has the
// standard net.Resolver's fields and methods, and one more field, Config,
// for servers and options chosen in code (see package dns).
type Resolver = dns.Resolver

// DefaultResolver is the resolver of the package-level Lookup functions and
// of Dialers without their own Resolver. It starts as dns.DefaultResolver;
// assigning another here (or there) changes what both packages use.
var DefaultResolver = dns.DefaultResolver

// defaultResolver is DefaultResolver, or dns.DefaultResolver when only that
// one was replaced — the dns patch set rewrites a program's
// net.DefaultResolver to it.
func defaultResolver() *Resolver {
	if DefaultResolver != initialDefault {
		return DefaultResolver
	}
	return dns.DefaultResolver
}

var initialDefault = DefaultResolver

// FromStdResolver copies a standard resolver's fields (nil stays nil, so
// that a Dialer keeps using DefaultResolver).
func FromStdResolver(r *net.Resolver) *Resolver { return dns.FromStdResolver(r) }

// LookupHost looks up host and returns its addresses.
func LookupHost(host string) (addrs []string, err error) {
	return defaultResolver().LookupHost(context.Background(), host)
}

// LookupIP looks up host and returns its IPv4 and IPv6 addresses.
func LookupIP(host string) ([]IP, error) {
	addrs, err := defaultResolver().LookupIPAddr(context.Background(), host)
	if err != nil {
		return nil, err
	}
	ips := make([]IP, len(addrs))
	for i, a := range addrs {
		ips[i] = a.IP
	}
	return ips, nil
}

// LookupPort looks up the port of a service for network.
func LookupPort(network, service string) (port int, err error) {
	return defaultResolver().LookupPort(context.Background(), network, service)
}

// LookupCNAME returns the canonical name of host.
func LookupCNAME(host string) (cname string, err error) {
	return defaultResolver().LookupCNAME(context.Background(), host)
}

// LookupSRV looks up the SRV records of _service._proto.name.
func LookupSRV(service, proto, name string) (cname string, addrs []*SRV, err error) {
	return defaultResolver().LookupSRV(context.Background(), service, proto, name)
}

// LookupMX returns the MX records of name, sorted by preference.
func LookupMX(name string) ([]*MX, error) {
	return defaultResolver().LookupMX(context.Background(), name)
}

// LookupNS returns the NS records of name.
func LookupNS(name string) ([]*NS, error) {
	return defaultResolver().LookupNS(context.Background(), name)
}

// LookupTXT returns the TXT records of name.
func LookupTXT(name string) ([]string, error) {
	return defaultResolver().LookupTXT(context.Background(), name)
}

// LookupAddr returns the names of an address (a reverse lookup).
func LookupAddr(addr string) (names []string, err error) {
	return defaultResolver().LookupAddr(context.Background(), addr)
}
