package dns

import (
	"math/rand/v2"
	"net"
	"net/netip"
	"slices"
)

// sortSRV orders SRV records by priority and, within one priority, in the
// weighted random order of RFC 2782, so that load spreads as publishers
// intend.
func sortSRV(srvs []*net.SRV) {
	slices.SortFunc(srvs, func(a, b *net.SRV) int {
		if a.Priority != b.Priority {
			return int(a.Priority) - int(b.Priority)
		}
		return int(a.Weight) - int(b.Weight)
	})
	for i := 0; i < len(srvs); {
		j := i + 1
		for j < len(srvs) && srvs[j].Priority == srvs[i].Priority {
			j++
		}
		shuffleByWeight(srvs[i:j])
		i = j
	}
}

// shuffleByWeight picks each position in turn with probability
// proportional to weight among those left.
func shuffleByWeight(srvs []*net.SRV) {
	total := 0
	for _, s := range srvs {
		total += int(s.Weight)
	}
	for total > 0 && len(srvs) > 1 {
		pick := rand.IntN(total)
		sum := 0
		for i, s := range srvs {
			sum += int(s.Weight)
			if sum > pick {
				if i > 0 {
					srvs[0], srvs[i] = srvs[i], srvs[0]
				}
				break
			}
		}
		total -= int(srvs[0].Weight)
		srvs = srvs[1:]
	}
}

// sortMX orders MX records by preference, shuffling equal preferences so
// that senders spread over equal exchangers (RFC 5321 §5.1).
func sortMX(mxs []*net.MX) {
	rand.Shuffle(len(mxs), func(i, j int) { mxs[i], mxs[j] = mxs[j], mxs[i] })
	slices.SortStableFunc(mxs, func(a, b *net.MX) int { return int(a.Pref) - int(b.Pref) })
}

// sortByRFC6724 orders destination addresses the way RFC 6724 §6 says a
// host should try them, as the standard resolver does: reachable first
// (a source address exists), then matching scope, matching label, higher
// precedence, smaller scope, and for IPv6 the longest prefix shared with
// the source. The source for each is what the kernel picks for a
// connected UDP socket (no packet is sent).
func sortByRFC6724(addrs []net.IPAddr) {
	if len(addrs) < 2 {
		return
	}
	type item struct {
		dst, src netip.Addr
		ok       bool
		a        net.IPAddr
	}
	items := make([]item, len(addrs))
	for i, a := range addrs {
		dst, _ := netip.AddrFromSlice(a.IP)
		dst = dst.Unmap()
		items[i] = item{dst: dst, a: a}
		items[i].src, items[i].ok = sourceAddr(dst, a.Zone)
	}
	slices.SortStableFunc(items, func(x, y item) int {
		if x.ok != y.ok { // rule 1
			return boolFirst(x.ok)
		}
		if !x.ok {
			return 0
		}
		xs, ys := scopeOf(x.dst) == scopeOf(x.src), scopeOf(y.dst) == scopeOf(y.src)
		if xs != ys { // rule 2
			return boolFirst(xs)
		}
		xl, yl := policyOf(x.dst).label == policyOf(x.src).label, policyOf(y.dst).label == policyOf(y.src).label
		if xl != yl { // rule 5
			return boolFirst(xl)
		}
		if px, py := policyOf(x.dst).precedence, policyOf(y.dst).precedence; px != py { // rule 6
			return int(py) - int(px)
		}
		if sx, sy := scopeOf(x.dst), scopeOf(y.dst); sx != sy { // rule 8
			return int(sx) - int(sy)
		}
		if x.dst.Is6() && y.dst.Is6() { // rule 9, IPv6 only (RFC 6724 errata)
			return commonPrefix(y.dst, y.src) - commonPrefix(x.dst, x.src)
		}
		return 0
	})
	for i := range items {
		addrs[i] = items[i].a
	}
}

func boolFirst(b bool) int {
	if b {
		return -1
	}
	return 1
}

type policy struct {
	prefix            netip.Prefix
	precedence, label uint8
}

// policyTable is RFC 6724's default, longest prefixes first.
var policyTable = []policy{
	{netip.MustParsePrefix("::1/128"), 50, 0},
	{netip.MustParsePrefix("::ffff:0:0/96"), 35, 4},
	{netip.MustParsePrefix("::/96"), 1, 3},
	{netip.MustParsePrefix("2001::/32"), 5, 5},
	{netip.MustParsePrefix("2002::/16"), 30, 2},
	{netip.MustParsePrefix("3ffe::/16"), 1, 12},
	{netip.MustParsePrefix("fec0::/10"), 1, 11},
	{netip.MustParsePrefix("fc00::/7"), 3, 13},
	{netip.MustParsePrefix("::/0"), 40, 1},
}

func policyOf(a netip.Addr) policy {
	a16 := netip.AddrFrom16(a.As16()) // IPv4 as IPv4-mapped, as the table has it
	for _, p := range policyTable {
		if p.prefix.Contains(a16) {
			return p
		}
	}
	return policyTable[len(policyTable)-1]
}

// scopeOf is RFC 6724 §3.1's scope: link-local 2 (IPv4 loopback and
// 169.254/16 included), site-local 5, global 14; multicast carries its own.
func scopeOf(a netip.Addr) uint8 {
	switch {
	case a.IsMulticast() && a.Is6():
		return a.As16()[1] & 0xf
	case a.IsLoopback(), a.IsLinkLocalUnicast():
		return 2
	case a.Is6() && a.As16()[0] == 0xfe && a.As16()[1]&0xc0 == 0xc0:
		return 5
	}
	return 14
}

// commonPrefix counts the leading bits two IPv6 addresses share, up to
// the 64-bit interface identifier.
func commonPrefix(a, b netip.Addr) int {
	x, y := a.As16(), b.As16()
	n := 0
	for i := 0; i < 8; i++ {
		d := x[i] ^ y[i]
		if d == 0 {
			n += 8
			continue
		}
		for d&0x80 == 0 {
			n++
			d <<= 1
		}
		break
	}
	return n
}
