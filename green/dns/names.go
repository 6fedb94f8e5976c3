package dns

import (
	"net"
	"net/netip"
	"strconv"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// isDomainName reports whether s is a presentation-format domain name the
// resolver will send (RFC 1035 letters, digits and hyphens, plus the
// underscore that SRV and DKIM names use). Names that fail are answered
// "no such host" without a query, as libc and the standard resolver do.
func isDomainName(s string) bool {
	if s == "." {
		return true // the root
	}
	// 255 octets on the wire: 253 characters, or 254 with the final dot.
	n := len(s)
	if n == 0 || n > 254 || n == 254 && s[n-1] != '.' {
		return false
	}
	prev := byte('.')
	sawLetter := false // an all-numeric name would be read as an address
	label := 0
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
			sawLetter = true
			label++
		case '0' <= c && c <= '9':
			label++
		case c == '-':
			if prev == '.' {
				return false // a label may not start with a hyphen
			}
			sawLetter = true
			label++
		case c == '.':
			if prev == '.' || prev == '-' || label == 0 || label > 63 {
				return false
			}
			label = 0
		default:
			return false
		}
		prev = c
	}
	return prev != '-' && label <= 63 && sawLetter
}

// absDomainName roots a name that has a dot in it. Single-label names
// ("localhost") stay as they are, because hosts files write them so.
func absDomainName(s string) string {
	if strings.IndexByte(s, '.') >= 0 && !strings.HasSuffix(s, ".") {
		return s + "."
	}
	return s
}

// ensureRooted adds the final dot of a fully qualified name.
func ensureRooted(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// avoidDNS reports names that must never reach a DNS server: the empty
// name and .onion (RFC 7686: leaking them discloses what Tor hides).
func avoidDNS(name string) bool {
	if name == "" {
		return true
	}
	name = strings.TrimSuffix(name, ".")
	return len(name) >= len(".onion") && strings.EqualFold(name[len(name)-len(".onion"):], ".onion")
}

// nameList gives the fully qualified names to ask for, in order, for name:
// a rooted name only itself; otherwise the name as is first when it has at
// least ndots dots, then the name under each search domain, then the name
// as is if it was not tried first. This is resolv.conf(5)'s search rule.
func (c *Config) nameList(name string) []string {
	n := len(name)
	rooted := n > 0 && name[n-1] == '.'
	if n > 254 || n == 254 && !rooted {
		return nil
	}
	if rooted {
		if avoidDNS(name) {
			return nil
		}
		return []string{name}
	}
	enoughDots := strings.Count(name, ".") >= c.Ndots
	name += "."
	names := make([]string, 0, 1+len(c.Search))
	if enoughDots && !avoidDNS(name) {
		names = append(names, name)
	}
	for _, suffix := range c.Search {
		fqdn := name + ensureRooted(suffix)
		if !avoidDNS(fqdn) && len(fqdn) <= 254 {
			names = append(names, fqdn)
		}
	}
	if !enoughDots && !avoidDNS(name) {
		names = append(names, name)
	}
	return names
}

// reverseaddr gives the in-addr.arpa or ip6.arpa name to ask PTR records of.
func reverseaddr(addr string) (string, error) {
	ip := net.ParseIP(addr)
	if ip == nil {
		return "", &net.DNSError{Err: "unrecognized address", Name: addr}
	}
	var b strings.Builder
	if v4 := ip.To4(); v4 != nil {
		for i := 3; i >= 0; i-- {
			b.WriteString(strconv.Itoa(int(v4[i])))
			b.WriteByte('.')
		}
		b.WriteString("in-addr.arpa.")
		return b.String(), nil
	}
	const hex = "0123456789abcdef"
	for i := len(ip) - 1; i >= 0; i-- {
		b.WriteByte(hex[ip[i]&0xf])
		b.WriteByte('.')
		b.WriteByte(hex[ip[i]>>4])
		b.WriteByte('.')
	}
	b.WriteString("ip6.arpa.")
	return b.String(), nil
}

// equalASCIIName compares two wire names ignoring ASCII case (DNS names
// are case-insensitive, and servers may echo the question in another case).
func equalASCIIName(x, y dnsmessage.Name) bool {
	if x.Length != y.Length {
		return false
	}
	for i := 0; i < int(x.Length); i++ {
		a, b := x.Data[i], y.Data[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// parseLiteralIP gives the canonical text of an IP literal, "" if addr is
// not one.
func parseLiteralIP(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return ""
	}
	return ip.String()
}
