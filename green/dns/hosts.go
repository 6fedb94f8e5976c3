package dns

import (
	"bufio"
	"os"
	"strings"
	"sync"
)

// A hostsTable is one parsed hosts(5) file: names (lower case, rooted when
// they have a dot) to addresses and the canonical name (the first name on
// the address's line), and addresses to names.
type hostsTable struct {
	byName map[string]hostsEntry
	byAddr map[string][]string
	stamp  fileStamp
}

type hostsEntry struct {
	addrs     []string
	canonical string
}

// hostsCache holds the tables by path. Every lookup stats the file (one
// system call) and re-reads it when its time or size changed, so an edit is
// seen by the next lookup.
var hostsCache struct {
	sync.Mutex
	tables map[string]*hostsTable
}

func hostsFor(path string) *hostsTable {
	st, exists := stampOf(path)
	hostsCache.Lock()
	defer hostsCache.Unlock()
	if t := hostsCache.tables[path]; t != nil && t.stamp == st {
		return t
	}
	t := &hostsTable{byName: map[string]hostsEntry{}, byAddr: map[string][]string{}, stamp: st}
	if exists {
		t.read(path)
	}
	if hostsCache.tables == nil {
		hostsCache.tables = map[string]*hostsTable{}
	}
	hostsCache.tables[path] = t
	return t
}

func (t *hostsTable) read(path string) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		addr := parseLiteralIP(fields[0])
		if addr == "" {
			continue
		}
		var canonical string
		for i, name := range fields[1:] {
			key := absDomainName(strings.ToLower(name))
			if i == 0 {
				canonical = key
			}
			t.byAddr[addr] = append(t.byAddr[addr], absDomainName(name))
			e, ok := t.byName[key]
			if !ok {
				e.canonical = canonical
			}
			e.addrs = append(e.addrs, addr)
			t.byName[key] = e
		}
	}
}

// lookupStaticHost gives the addresses of host in the hosts file and its
// canonical name.
func lookupStaticHost(path, host string) ([]string, string) {
	t := hostsFor(path)
	e, ok := t.byName[absDomainName(strings.ToLower(host))]
	if !ok {
		return nil, ""
	}
	return append([]string(nil), e.addrs...), e.canonical
}

// lookupStaticAddr gives the names of addr in the hosts file.
func lookupStaticAddr(path, addr string) []string {
	addr = parseLiteralIP(addr)
	if addr == "" {
		return nil
	}
	return append([]string(nil), hostsFor(path).byAddr[addr]...)
}
