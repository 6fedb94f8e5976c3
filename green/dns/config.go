package dns

import (
	"bufio"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A Config says which servers to ask and how, in the terms of
// resolv.conf(5). A Resolver with a nil Config follows the system's
// /etc/resolv.conf, re-read when it changes; set one to name servers
// (with ports) and options in code. Start from DefaultConfig or
// SystemConfig: the zero Config has Ndots 0, which is a real setting
// (every name is tried as is before the search list).
type Config struct {
	// Servers are the name servers, tried in order (or rotated), as
	// "ip:port" or a bare IP meaning port 53. Up to three are used, as
	// resolv.conf allows. Empty means 127.0.0.1 and ::1.
	Servers []string
	// Search lists the domains tried for names without enough dots.
	Search []string
	// Ndots is how many dots a name needs to be tried as is first.
	Ndots int
	// Timeout bounds one query to one server; 0 means 5s.
	Timeout time.Duration
	// Attempts is how many rounds over the servers a query makes; 0 means 2.
	Attempts int
	// Rotate spreads queries over the servers round-robin.
	Rotate bool
	// SingleRequest asks for A and AAAA one after the other instead of
	// in parallel (single-request and single-request-reopen).
	SingleRequest bool
	// UseTCP sends every query over TCP (use-vc).
	UseTCP bool
	// TrustAD sets the AD bit in queries (trust-ad).
	TrustAD bool
	// NoReload stops the system configuration from being re-read when
	// /etc/resolv.conf changes (no-reload). It has no effect on a Config
	// set in code.
	NoReload bool
	// HostsFile is the hosts(5) file consulted before DNS; "" means
	// /etc/hosts.
	HostsFile string

	order lookupOrder // from nsswitch.conf, for the system config
	mtime time.Time   // of the resolv.conf this came from
}

const (
	resolvConfPath = "/etc/resolv.conf"
	hostsPath      = "/etc/hosts"
	maxServers     = 3 // resolv.conf's MAXNS
)

// DefaultConfig is the configuration of a system without resolv.conf:
// servers on localhost, the search domain from the host name, ndots 1,
// timeout 5s, 2 attempts.
func DefaultConfig() *Config {
	return &Config{
		Servers:  []string{"127.0.0.1:53", "[::1]:53"},
		Search:   defaultSearch(),
		Ndots:    1,
		Timeout:  5 * time.Second,
		Attempts: 2,
	}
}

// defaultSearch is the domain part of the host name, as the resolver
// library assumes when resolv.conf names none.
func defaultSearch() []string {
	hn, err := os.Hostname()
	if err != nil {
		return nil
	}
	if i := strings.IndexByte(hn, '.'); i >= 0 && i < len(hn)-1 {
		return []string{ensureRooted(hn[i+1:])}
	}
	return nil
}

// ReadConfig reads a file in resolv.conf(5) format. A missing file gives
// DefaultConfig and the error.
func ReadConfig(name string) (*Config, error) {
	f, err := os.Open(name)
	if err != nil {
		return DefaultConfig(), err
	}
	defer f.Close()
	c := ParseConfig(f)
	if fi, err := f.Stat(); err == nil {
		c.mtime = fi.ModTime()
	}
	return c, nil
}

// ParseConfig parses resolv.conf(5) text: nameserver (up to three, IP
// addresses only), domain, search, and the options ndots, timeout,
// attempts, rotate, single-request, single-request-reopen, use-vc,
// trust-ad, edns0 (always on here) and no-reload, capped as glibc caps
// them. Unknown lines and options are ignored.
func ParseConfig(r io.Reader) *Config {
	c := &Config{Ndots: 1, Timeout: 5 * time.Second, Attempts: 2}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if len(line) > 0 && (line[0] == ';' || line[0] == '#') {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 1 {
			continue
		}
		switch f[0] {
		case "nameserver":
			if len(f) > 1 && len(c.Servers) < maxServers {
				// Only addresses: a name here would need a lookup to
				// do a lookup.
				if a, err := netip.ParseAddr(f[1]); err == nil {
					c.Servers = append(c.Servers, netip.AddrPortFrom(a, 53).String())
				}
			}
		case "domain":
			if len(f) > 1 {
				c.Search = []string{ensureRooted(f[1])}
			}
		case "search":
			c.Search = c.Search[:0:0]
			for _, s := range f[1:] {
				if s = ensureRooted(s); s != "." {
					c.Search = append(c.Search, s)
				}
			}
		case "options":
			for _, o := range f[1:] {
				c.setOption(o)
			}
		}
	}
	if len(c.Servers) == 0 {
		c.Servers = DefaultConfig().Servers
	}
	if len(c.Search) == 0 {
		c.Search = defaultSearch()
	}
	return c
}

// setOption applies one word of an options line.
func (c *Config) setOption(o string) {
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			// glibc reads the leading digits; a non-number is 0.
			n = 0
			for _, ch := range s {
				if ch < '0' || ch > '9' {
					break
				}
				n = n*10 + int(ch-'0')
			}
		}
		return n
	}
	switch {
	case strings.HasPrefix(o, "ndots:"):
		c.Ndots = min(max(num(o[len("ndots:"):]), 0), 15)
	case strings.HasPrefix(o, "timeout:"):
		c.Timeout = time.Duration(max(num(o[len("timeout:"):]), 1)) * time.Second
	case strings.HasPrefix(o, "attempts:"):
		c.Attempts = max(num(o[len("attempts:"):]), 1)
	case o == "rotate":
		c.Rotate = true
	case o == "single-request", o == "single-request-reopen":
		c.SingleRequest = true
	case o == "use-vc", o == "usevc", o == "tcp":
		c.UseTCP = true
	case o == "trust-ad":
		c.TrustAD = true
	case o == "no-reload":
		c.NoReload = true
	case o == "edns0":
		// Queries always carry EDNS0.
	}
}

// servers gives the server addresses with ports, at most three.
func (c *Config) servers() []string {
	src := c.Servers
	if len(src) == 0 {
		src = DefaultConfig().Servers
	}
	out := make([]string, 0, min(len(src), maxServers))
	for _, s := range src {
		if len(out) == maxServers {
			break
		}
		if a, err := netip.ParseAddr(s); err == nil {
			s = netip.AddrPortFrom(a, 53).String()
		}
		out = append(out, s)
	}
	return out
}

func (c *Config) timeout() time.Duration {
	if c.Timeout <= 0 {
		return 5 * time.Second
	}
	return c.Timeout
}

func (c *Config) attempts() int {
	if c.Attempts <= 0 {
		return 2
	}
	return c.Attempts
}

func (c *Config) hostsFile() string {
	if c.HostsFile == "" {
		return hostsPath
	}
	return c.HostsFile
}

// serverOffset is where a query starts in the server list: 0, or the
// next in turn under Rotate.
func (c *Config) serverOffset() uint32 {
	if !c.Rotate {
		return 0
	}
	return rotation.Add(1) - 1
}

// rotation is the round-robin position shared by every rotating Config.
var rotation atomic.Uint32

// The system configuration: parsed once, then re-checked at most every
// five seconds (a stat of resolv.conf) and re-read when its modification
// time changed, unless it said no-reload.
var system struct {
	sync.Mutex
	conf    *Config
	checked time.Time
}

const recheckEvery = 5 * time.Second

// SystemConfig gives the configuration from /etc/resolv.conf and the hosts
// order of /etc/nsswitch.conf. Callers must not change it: copy the fields
// they want into their own Config.
func SystemConfig() *Config {
	system.Lock()
	defer system.Unlock()
	now := time.Now()
	if system.conf != nil && (system.conf.NoReload || now.Sub(system.checked) < recheckEvery) {
		return system.conf
	}
	system.checked = now
	if system.conf != nil {
		var mtime time.Time
		if fi, err := os.Stat(resolvConfPath); err == nil {
			mtime = fi.ModTime()
		}
		if mtime.Equal(system.conf.mtime) {
			return system.conf
		}
	}
	c, _ := ReadConfig(resolvConfPath)
	c.order = systemOrder()
	system.conf = c
	return c
}
