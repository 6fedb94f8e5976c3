// Package dns is a green resolver: the standard net.Resolver API, with
// queries sent on green sockets so that a green thread waiting for a name
// server lets the other green threads run, as Eventlet's greendns does for
// Python. green/net resolves every name it dials through it, and greenify's
// dns patch set points a program's net.Lookup*, net.Resolver and
// net.DefaultResolver here.
//
//	addrs, err := dns.LookupHost("example.com") // parks this green thread only
//
//	r := &dns.Resolver{Config: &dns.Config{Servers: []string{"127.0.0.1:5353"}, Ndots: 1}}
//	mxs, err := r.LookupMX(ctx, "example.com")
//
// # What it answers
//
// The bar is the standard library's own pure-Go resolver: for the same
// configuration and the same server, the same answers and the same errors.
// That is where green resolvers have hurt most (hosts files ignored, search
// domains and ndots handled differently, other errors), so the rules are
// the standard ones:
//
//   - Host names are looked up in the hosts file (/etc/hosts, re-read as
//     soon as it changes) and in DNS, in the order of the "hosts:" line of
//     /etc/nsswitch.conf (its files and dns sources; the others need libc).
//     IP literals are answered without any lookup; localhost names (RFC
//     6761) without the network when the hosts file does not have them;
//     .onion names (RFC 7686) are never sent.
//   - DNS follows /etc/resolv.conf (re-read when it changes, unless
//     no-reload): up to three nameservers, search or domain, and the
//     options ndots, timeout, attempts, rotate, single-request(-reopen),
//     use-vc, trust-ad, edns0. A Config set on the Resolver replaces it,
//     with servers on any port.
//   - Each query goes out over UDP with EDNS0 (1232 bytes), on a new socket
//     (a fresh source port) with a fresh random ID, and again over TCP if
//     the answer is truncated. A reply with the wrong ID or question, from
//     another address, or that does not parse is dropped and the wait goes
//     on until the timeout: it may be a forgery. A and AAAA are asked in
//     parallel, each on a green thread of its own, unless single-request.
//     CNAME chains are followed as the server returns them.
//   - Errors are *net.DNSError with Err, IsNotFound, IsTimeout and
//     IsTemporary set as the standard resolver sets them: NXDOMAIN is "no
//     such host" (IsNotFound), SERVFAIL a temporary "server misbehaving",
//     no answer in time a timeout. A lookup whose context ends returns at
//     once with "operation was canceled" or "i/o timeout", the context
//     error reachable through errors.Is.
//   - LookupIPAddr (and with it every dial of green/net) reports to an
//     httptrace.ClientTrace in the context: DNSStart, then DNSDone.
//
// Messages are built and parsed with golang.org/x/net/dns/dnsmessage.
//
// # What differs from the standard resolver
//
//   - There is no cgo path: PreferGo is accepted and changes nothing.
//   - Concurrent lookups of one name are not merged into one query.
//   - Resolver has one more field, Config; Std and FromStdResolver convert
//     to and from the standard type (Std gives up Config).
//   - With GREEN_NO_DNS=1 in the environment (Eventlet's
//     EVENTLET_NO_GREENDNS) every lookup is the standard resolver's, run on
//     the hub's thread pool (hub.Execute) so that it does not hold the hub.
//   - Service names for LookupPort come from the standard pure-Go
//     resolver, which reads /etc/services: no network is involved.
//   - On systems where the hub has no poller (windows, wasip1), queries use
//     the standard dialer and block their goroutine.
package dns
