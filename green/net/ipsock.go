package net

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

var (
	errMissingAddress    = errors.New("missing address")
	errNoSuitableAddress = errors.New("no suitable address found")
)

// parseNetwork splits "ip4:icmp" into its parts and rejects unknown names,
// as the standard dialer does.
func parseNetwork(network string, needsProto bool) (afnet string, proto int, err error) {
	i := strings.LastIndexByte(network, ':')
	if i < 0 {
		switch network {
		case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket":
		case "ip", "ip4", "ip6":
			if needsProto {
				return "", 0, UnknownNetworkError(network)
			}
		default:
			return "", 0, UnknownNetworkError(network)
		}
		return network, 0, nil
	}
	afnet = network[:i]
	switch afnet {
	case "ip", "ip4", "ip6":
		protostr := network[i+1:]
		if n, err := strconv.Atoi(protostr); err == nil && n >= 0 {
			return afnet, n, nil
		}
		p, ok := protocols[strings.ToLower(protostr)]
		if !ok {
			return "", 0, &AddrError{Err: "unknown IP protocol specified", Addr: protostr}
		}
		return afnet, p, nil
	}
	return "", 0, UnknownNetworkError(network)
}

// protocols is the standard library's built-in table (it also reads
// /etc/protocols; numbers always work here).
var protocols = map[string]int{
	"icmp":      1,
	"igmp":      2,
	"tcp":       6,
	"udp":       17,
	"ipv6-icmp": 58,
}

// lookupIPAddr: a literal needs no lookup; a name goes through r. An IPv4
// network asks for A records only, as the standard dialer does (an IPv6
// one asks for both, to keep the zones of link-local hosts-file entries).
func lookupIPAddr(ctx context.Context, r *Resolver, afnet, host string) ([]IPAddr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []IPAddr{{IP: IP(ip.AsSlice()).To16(), Zone: ip.Zone()}}, nil
	}
	if strings.HasSuffix(afnet, "4") {
		ips, err := r.LookupIP(ctx, "ip4", host)
		if err != nil {
			return nil, err
		}
		addrs := make([]IPAddr, len(ips))
		for i, ip := range ips {
			addrs[i] = IPAddr{IP: ip}
		}
		return addrs, nil
	}
	return r.LookupIPAddr(ctx, host)
}

func lookupPort(ctx context.Context, r *Resolver, network, port string) (int, error) {
	if n, err := strconv.Atoi(port); err == nil {
		if n < 0 || n > 0xFFFF {
			return 0, &AddrError{Err: "invalid port", Addr: port}
		}
		return n, nil
	}
	if port == "" {
		return 0, nil
	}
	return r.LookupPort(ctx, network, port)
}

// internetAddrList resolves "host:port" (or "host" for ip networks) to the
// addresses a dial or listen may use, filtered by the network's family.
func internetAddrList(ctx context.Context, r *Resolver, afnet, addr string) ([]Addr, error) {
	var host string
	var portnum int
	switch afnet {
	case "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6":
		if addr != "" {
			var port string
			var err error
			if host, port, err = SplitHostPort(addr); err != nil {
				return nil, err
			}
			if portnum, err = lookupPort(ctx, r, afnet, port); err != nil {
				return nil, err
			}
		}
	case "ip", "ip4", "ip6":
		host = addr
	default:
		return nil, UnknownNetworkError(afnet)
	}
	inetaddr := func(ip IPAddr) Addr {
		switch afnet[0] {
		case 't':
			return &TCPAddr{IP: ip.IP, Port: portnum, Zone: ip.Zone}
		case 'u':
			return &UDPAddr{IP: ip.IP, Port: portnum, Zone: ip.Zone}
		}
		return &IPAddr{IP: ip.IP, Zone: ip.Zone}
	}
	if host == "" {
		return []Addr{inetaddr(IPAddr{})}, nil
	}
	ips, err := lookupIPAddr(ctx, r, afnet, host)
	if err != nil {
		return nil, err
	}
	// A host that can bind "::" but not connect back to it (go.dev/issue/18806).
	if len(ips) == 1 && ips[0].IP.Equal(IPv6unspecified) {
		ips = append(ips, IPAddr{IP: IPv4zero})
	}
	var addrs []Addr
	last := afnet[len(afnet)-1]
	for _, ip := range ips {
		if last == '4' && ip.IP.To4() == nil {
			continue
		}
		if last == '6' && (len(ip.IP) != IPv6len || ip.IP.To4() != nil) {
			continue
		}
		addrs = append(addrs, inetaddr(ip))
	}
	if len(addrs) == 0 {
		return nil, &AddrError{Err: errNoSuitableAddress.Error(), Addr: host}
	}
	return addrs, nil
}

// resolveAddrList is the standard dialer's: parse the network, resolve, and
// for a dial with a local address keep the remote ones of its family.
func resolveAddrList(ctx context.Context, r *Resolver, op, network, addr string, hint Addr) ([]Addr, error) {
	afnet, _, err := parseNetwork(network, true)
	if err != nil {
		return nil, err
	}
	if op == "dial" && addr == "" {
		return nil, errMissingAddress
	}
	switch afnet {
	case "unix", "unixgram", "unixpacket":
		ua, err := ResolveUnixAddr(afnet, addr)
		if err != nil {
			return nil, err
		}
		if op == "dial" && hint != nil && ua.Network() != hint.Network() {
			return nil, &AddrError{Err: "mismatched local address type", Addr: hint.String()}
		}
		return []Addr{ua}, nil
	}
	addrs, err := internetAddrList(ctx, r, afnet, addr)
	if err != nil || op != "dial" || hint == nil {
		return addrs, err
	}
	hintIP, hintWild := ipOf(hint)
	var out []Addr
	for _, a := range addrs {
		if a.Network() != hint.Network() {
			return nil, &AddrError{Err: "mismatched local address type", Addr: hint.String()}
		}
		ip, wild := ipOf(a)
		if !hintWild && !wild && !matchFamily(ip, hintIP) {
			continue
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return nil, &AddrError{Err: errNoSuitableAddress.Error(), Addr: hint.String()}
	}
	return out, nil
}

func ipOf(a Addr) (IP, bool) {
	var ip IP
	switch a := a.(type) {
	case *TCPAddr:
		if a == nil {
			return nil, true
		}
		ip = a.IP
	case *UDPAddr:
		if a == nil {
			return nil, true
		}
		ip = a.IP
	case *IPAddr:
		if a == nil {
			return nil, true
		}
		ip = a.IP
	}
	return ip, ip == nil || ip.IsUnspecified()
}

func matchFamily(a, b IP) bool {
	return (a.To4() != nil) == (b.To4() != nil)
}

func isIPv4(a Addr) bool {
	ip, _ := ipOf(a)
	return ip.To4() != nil
}

// forResolve picks the address ResolveTCPAddr and friends return: an IPv6
// one when the literal asked for it, else the first IPv4, else the first.
func forResolve(addrs []Addr, network, addr string) Addr {
	want6 := false
	switch network {
	case "ip":
		want6 = strings.Count(addr, ":") > 0
	case "tcp", "udp":
		want6 = strings.Count(addr, "[") > 0
	}
	for _, a := range addrs {
		if isIPv4(a) != want6 {
			return a
		}
	}
	return addrs[0]
}

func resolve(network, address string) (Addr, error) {
	addrs, err := resolveAddrList(context.Background(), defaultResolver(), "resolve", network, address, nil)
	if err != nil {
		return nil, err
	}
	return forResolve(addrs, network, address), nil
}

// ResolveTCPAddr resolves through DefaultResolver (green).
func ResolveTCPAddr(network, address string) (*TCPAddr, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
	case "": // a hint wildcard for Go 1.0 undocumented behavior
		network = "tcp"
	default:
		return nil, UnknownNetworkError(network)
	}
	a, err := resolve(network, address)
	if err != nil {
		return nil, err
	}
	return a.(*TCPAddr), nil
}

// ResolveUDPAddr resolves through DefaultResolver (green).
func ResolveUDPAddr(network, address string) (*UDPAddr, error) {
	switch network {
	case "udp", "udp4", "udp6":
	case "":
		network = "udp"
	default:
		return nil, UnknownNetworkError(network)
	}
	a, err := resolve(network, address)
	if err != nil {
		return nil, err
	}
	return a.(*UDPAddr), nil
}

// ResolveIPAddr resolves through DefaultResolver (green).
func ResolveIPAddr(network, address string) (*IPAddr, error) {
	if network == "" {
		network = "ip"
	}
	afnet, _, err := parseNetwork(network, false)
	if err != nil {
		return nil, err
	}
	switch afnet {
	case "ip", "ip4", "ip6":
	default:
		return nil, UnknownNetworkError(network)
	}
	addrs, err := internetAddrList(context.Background(), defaultResolver(), afnet, address)
	if err != nil {
		return nil, err
	}
	return forResolve(addrs, afnet, address).(*IPAddr), nil
}
