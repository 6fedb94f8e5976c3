//go:build unix

package dns_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// server is the dnsmasq every test of the package asks, started by
// TestMain on a free loopback port; "" when dnsmasq is not installed.
var server string

// zone is what the server knows: every record type the resolver reads, a
// CNAME chain, a name with more addresses than fit a UDP answer, and a
// domain whose upstream is dead (SERVFAIL).
func zone() []string {
	args := []string{
		"--host-record=a.test,127.0.0.10,::10",
		"--host-record=v4.test,127.0.0.11",
		"--host-record=v6.test,::11",
		"--host-record=b.search.test,127.0.0.12",
		"--cname=c1.test,c2.test",
		"--cname=c2.test,c3.test",
		"--cname=c3.test,a.test",
		"--mx-host=mx.test,mail1.test,10",
		"--mx-host=mx.test,mail2.test,20",
		"--srv-host=_http._tcp.srv.test,a.test,80,1,5",
		"--srv-host=_http._tcp.srv.test,v4.test,8080,2,5",
		`--txt-record=txt.test,"hello"`,
		`--txt-record=multi.test,"part one ","part two"`,
		`--txt-record=long.test,"` + strings.Repeat("x", 255) + `","` + strings.Repeat("y", 255) + `"`,
		"--ptr-record=10.0.0.127.in-addr.arpa,a.test",
		// NS needs a record of its own: ns1.test. in wire form.
		"--dns-rr=ns.test,2,036e7331047465737400",
		"--server=/fail.test/127.0.0.1#1",
	}
	for i := 1; i <= 120; i++ {
		args = append(args, fmt.Sprintf("--host-record=big.test,10.1.%d.%d", i/250, i%250+1))
	}
	return args
}

// startDNSMasq runs dnsmasq on 127.0.0.1:port in the foreground, serving
// zone and nothing else (no upstream, no hosts file), and waits until it
// answers.
func startDNSMasq(extra ...string) (addr string, stop func(), err error) {
	for try := 0; try < 5; try++ {
		port, err := freePort()
		if err != nil {
			return "", nil, err
		}
		args := append([]string{
			"-k", "-C", "/dev/null", "--no-resolv", "--no-hosts", "--pid-file=",
			"--listen-address=127.0.0.1", "--bind-interfaces", fmt.Sprintf("--port=%d", port),
			"--local=/test/", "--user=root", "--cache-size=0",
		}, append(zone(), extra...)...)
		cmd := exec.Command("dnsmasq", args...)
		if err := cmd.Start(); err != nil {
			return "", nil, err
		}
		stop = func() { cmd.Process.Kill(); cmd.Wait() }
		addr = fmt.Sprintf("127.0.0.1:%d", port)
		if ready(addr) {
			return addr, stop, nil
		}
		stop()
	}
	return "", nil, fmt.Errorf("dnsmasq did not start")
}

func freePort() (int, error) {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	return c.LocalAddr().(*net.UDPAddr).Port, nil
}

// ready polls the server with the standard resolver (bounded: 10s).
func ready(addr string) bool {
	r := stdResolver(addr)
	for i := 0; i < 100; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_, err := r.LookupHost(ctx, "a.test.")
		cancel()
		if err == nil {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// stdResolver is the standard pure-Go resolver asking addr.
func stdResolver(addr string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
}

func needServer(t testing.TB) {
	t.Helper()
	if server == "" {
		t.Skip("dnsmasq is not installed (apt-get install dnsmasq-base; scripts/test.sh does it)")
	}
}

func TestMain(m *testing.M) {
	code := func() int {
		if _, err := exec.LookPath("dnsmasq"); err == nil {
			addr, stop, err := startDNSMasq()
			if err != nil {
				fmt.Fprintln(os.Stderr, "dnsmasq:", err)
				return 1
			}
			defer stop()
			server = addr
		}
		return runTests(m)
	}()
	os.Exit(code)
}
