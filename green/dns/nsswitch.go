package dns

import (
	"bufio"
	"os"
	"strings"
)

// lookupOrder is where host names are looked up, in order: the hosts file,
// DNS, or both (nsswitch.conf's "hosts:" line, reduced to the two sources
// this resolver has).
type lookupOrder uint8

const (
	orderFilesDNS lookupOrder = iota // the default: hosts file, then DNS
	orderDNSFiles
	orderFiles
	orderDNS
)

const nsswitchPath = "/etc/nsswitch.conf"

// systemOrder reads the hosts line of nsswitch.conf. Sources other than
// files and dns (myhostname, mdns4_minimal, ...) need libc and are skipped,
// as are the [STATUS=action] criteria; no files and no dns, or no file at
// all, means files then DNS.
func systemOrder() lookupOrder {
	f, err := os.Open(nsswitchPath)
	if err != nil {
		return orderFilesDNS
	}
	defer f.Close()
	return parseOrder(bufio.NewScanner(f))
}

func parseOrder(sc *bufio.Scanner) lookupOrder {
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		db, srcs, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(db) != "hosts" {
			continue
		}
		var files, dns, filesFirst bool
		for _, s := range strings.Fields(srcs) {
			switch s {
			case "files":
				filesFirst = filesFirst || !dns
				files = true
			case "dns":
				dns = true
			}
		}
		switch {
		case files && dns && filesFirst:
			return orderFilesDNS
		case files && dns:
			return orderDNSFiles
		case files:
			return orderFiles
		case dns:
			return orderDNS
		}
		return orderFilesDNS
	}
	return orderFilesDNS
}
