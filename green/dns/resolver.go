package dns

import (
	"context"
	"net"
	"os"
	"sync"

	"github.com/greenify/greenify/runtime/hub"
)

// A Resolver looks up names, as the standard net.Resolver does, without
// blocking the hub: its queries go out on green sockets, so a green thread
// waiting for an answer lets the others run. It has the standard type's
// fields and methods; the zero value follows the system configuration.
type Resolver struct {
	// PreferGo is accepted for the standard type's sake; this resolver is
	// always the pure-Go one.
	PreferGo bool

	// StrictErrors, as in the standard resolver: a temporary error (a
	// timeout, SERVFAIL) ends the lookup instead of being passed over,
	// and a host lookup returns no addresses when either of its A and
	// AAAA queries failed so.
	StrictErrors bool

	// Dial, when set, makes the connections to the name servers, as the
	// standard resolver's Dial does; network is "udp" or "tcp" and address
	// the server's "ip:port". It should return green conns (green/net's),
	// or the wait for an answer blocks a green thread's hub.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)

	// Config, when set, replaces /etc/resolv.conf: servers with ports and
	// options chosen in code. It must not change while lookups use it.
	Config *Config
}

// DefaultResolver is the resolver of the package-level Lookup functions.
var DefaultResolver = &Resolver{}

// Std gives a standard resolver with r's PreferGo, StrictErrors and Dial (a
// nil or zero r gives net.DefaultResolver). It gives up Config: the
// standard resolver reads /etc/resolv.conf. Its lookups block natively.
func (r *Resolver) Std() *net.Resolver {
	if r == nil || (!r.PreferGo && !r.StrictErrors && r.Dial == nil) {
		return net.DefaultResolver
	}
	return &net.Resolver{PreferGo: r.PreferGo, StrictErrors: r.StrictErrors, Dial: r.Dial}
}

// FromStdResolver gives a green resolver with the standard one's fields;
// nil stays nil (a Dialer then uses DefaultResolver).
func FromStdResolver(r *net.Resolver) *Resolver {
	if r == nil {
		return nil
	}
	return &Resolver{PreferGo: r.PreferGo, StrictErrors: r.StrictErrors, Dial: r.Dial}
}

func (r *Resolver) strictErrors() bool { return r != nil && r.StrictErrors }

// config is the Config in force for one lookup.
func (r *Resolver) config() *Config {
	if r != nil && r.Config != nil {
		return r.Config
	}
	return SystemConfig()
}

// noGreenDNS is GREEN_NO_DNS=1 (Eventlet's EVENTLET_NO_GREENDNS): lookups
// go to the standard resolver on the hub's thread pool instead, read once.
var noGreenDNS = sync.OnceValue(func() bool {
	v := os.Getenv("GREEN_NO_DNS")
	return v != "" && v != "0"
})

// offHub runs a lookup of the standard resolver so that it does not hold
// the hub: on a pool thread for a green thread, directly for an outsider.
func offHub[T any](fn func() (T, error)) (T, error) {
	if hub.IsGreen() {
		return hub.Execute(fn)
	}
	return fn()
}
