//go:build unix

package dns_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"

	"github.com/greenify/greenify/green/dns"
)

// With GREEN_NO_DNS=1 lookups are the standard resolver's: it ignores the
// Config (it reads /etc/resolv.conf) but calls the Resolver's Dial, which
// here sends it to dnsmasq. The environment is read once per process, so
// the check runs in a child test process.
func TestNoGreenDNS(t *testing.T) {
	needServer(t)
	if os.Getenv("GREEN_NO_DNS") == "1" {
		const configured = "127.0.0.1:1"
		var mu sync.Mutex // the standard resolver dials from parallel goroutines
		var dialed []string
		r := &dns.Resolver{
			Config: &dns.Config{Servers: []string{configured}},
			Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
				mu.Lock()
				dialed = append(dialed, address)
				mu.Unlock()
				var d net.Dialer
				return d.DialContext(ctx, network, server)
			},
		}
		var addrs []string
		var err error
		green(func() { addrs, err = r.LookupHost(context.Background(), "v4.test.") })
		if err != nil || !slices.Equal(addrs, []string{"127.0.0.11"}) {
			t.Fatalf("LookupHost = %v, %v", addrs, err)
		}
		if len(dialed) == 0 || slices.Contains(dialed, configured) {
			t.Fatalf("dialed %v: the lookup did not go through the standard resolver", dialed)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoGreenDNS$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GREEN_NO_DNS=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
