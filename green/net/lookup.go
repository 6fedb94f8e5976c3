package net

import (
	"context"
	"net"
	"net/netip"

	"github.com/greenify/greenify/runtime/hub"
)

// Resolver has the fields of the standard net.Resolver. Its lookups run the
// standard resolver on the hub's thread pool (hub.Execute) when called from
// a green thread, so that a slow DNS server or a cgo getaddrinfo never holds
// the hub; outsiders call the standard resolver directly. When green/dns
// exists it takes over (the rewriter's dns set points lookups there).
//
// Dial, when set, is handed to the standard resolver unchanged: it runs on
// a pool thread, as an outsider, and may dial green conns.
type Resolver struct {
	PreferGo     bool
	StrictErrors bool
	Dial         func(ctx context.Context, network, address string) (Conn, error)
}

// DefaultResolver is the green resolver used by the package-level Lookup
// functions and by Dialers without their own Resolver.
var DefaultResolver = &Resolver{}

// Std gives the standard resolver for r: net.DefaultResolver itself for a
// nil or zero Resolver (keeping its shared in-flight lookups), a copy of the
// fields otherwise. Lookups through it block natively.
func (r *Resolver) Std() *net.Resolver {
	if r == nil || (!r.PreferGo && !r.StrictErrors && r.Dial == nil) {
		return net.DefaultResolver
	}
	return &net.Resolver{PreferGo: r.PreferGo, StrictErrors: r.StrictErrors, Dial: r.Dial}
}

// FromStdResolver copies a standard resolver's fields (nil stays nil, so
// that a Dialer keeps using DefaultResolver).
func FromStdResolver(r *net.Resolver) *Resolver {
	if r == nil {
		return nil
	}
	return &Resolver{PreferGo: r.PreferGo, StrictErrors: r.StrictErrors, Dial: r.Dial}
}

// offHub runs a blocking lookup without holding the hub.
func offHub[T any](fn func() (T, error)) (T, error) {
	if hub.IsGreen() {
		return hub.Execute(fn)
	}
	return fn()
}

func (r *Resolver) LookupHost(ctx context.Context, host string) (addrs []string, err error) {
	return offHub(func() ([]string, error) { return r.Std().LookupHost(ctx, host) })
}

func (r *Resolver) LookupIPAddr(ctx context.Context, host string) ([]IPAddr, error) {
	return offHub(func() ([]IPAddr, error) { return r.Std().LookupIPAddr(ctx, host) })
}

func (r *Resolver) LookupIP(ctx context.Context, network, host string) ([]IP, error) {
	return offHub(func() ([]IP, error) { return r.Std().LookupIP(ctx, network, host) })
}

func (r *Resolver) LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error) {
	return offHub(func() ([]netip.Addr, error) { return r.Std().LookupNetIP(ctx, network, host) })
}

func (r *Resolver) LookupPort(ctx context.Context, network, service string) (port int, err error) {
	return offHub(func() (int, error) { return r.Std().LookupPort(ctx, network, service) })
}

func (r *Resolver) LookupCNAME(ctx context.Context, host string) (string, error) {
	return offHub(func() (string, error) { return r.Std().LookupCNAME(ctx, host) })
}

func (r *Resolver) LookupSRV(ctx context.Context, service, proto, name string) (string, []*SRV, error) {
	type res struct {
		cname string
		srvs  []*SRV
	}
	v, err := offHub(func() (res, error) {
		c, s, err := r.Std().LookupSRV(ctx, service, proto, name)
		return res{c, s}, err
	})
	return v.cname, v.srvs, err
}

func (r *Resolver) LookupMX(ctx context.Context, name string) ([]*MX, error) {
	return offHub(func() ([]*MX, error) { return r.Std().LookupMX(ctx, name) })
}

func (r *Resolver) LookupNS(ctx context.Context, name string) ([]*NS, error) {
	return offHub(func() ([]*NS, error) { return r.Std().LookupNS(ctx, name) })
}

func (r *Resolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	return offHub(func() ([]string, error) { return r.Std().LookupTXT(ctx, name) })
}

func (r *Resolver) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	return offHub(func() ([]string, error) { return r.Std().LookupAddr(ctx, addr) })
}

// The package-level lookups use DefaultResolver, as the standard ones do.

func LookupHost(host string) (addrs []string, err error) {
	return DefaultResolver.LookupHost(context.Background(), host)
}

func LookupIP(host string) ([]IP, error) {
	return DefaultResolver.LookupIP(context.Background(), "ip", host)
}

func LookupPort(network, service string) (port int, err error) {
	return DefaultResolver.LookupPort(context.Background(), network, service)
}

func LookupCNAME(host string) (cname string, err error) {
	return DefaultResolver.LookupCNAME(context.Background(), host)
}

func LookupSRV(service, proto, name string) (cname string, addrs []*SRV, err error) {
	return DefaultResolver.LookupSRV(context.Background(), service, proto, name)
}

func LookupMX(name string) ([]*MX, error) {
	return DefaultResolver.LookupMX(context.Background(), name)
}

func LookupNS(name string) ([]*NS, error) {
	return DefaultResolver.LookupNS(context.Background(), name)
}

func LookupTXT(name string) ([]string, error) {
	return DefaultResolver.LookupTXT(context.Background(), name)
}

func LookupAddr(addr string) (names []string, err error) {
	return DefaultResolver.LookupAddr(context.Background(), addr)
}
