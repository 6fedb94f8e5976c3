//go:build unix

package dns_test

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/greenify/greenify/green/dns"
	"github.com/greenify/greenify/runtime/hub"
)

// deadServer is a UDP address where nothing listens: queries are refused.
func deadServer(t *testing.T) string {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := c.LocalAddr().String()
	c.Close()
	return addr
}

// silentServer receives queries and never answers; it counts them.
func silentServer(t *testing.T) (addr string, count func() int) {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c.LocalAddr().String(), func() int {
		n := 0
		b := make([]byte, 2048)
		for {
			c.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			if _, _, err := c.ReadFrom(b); err != nil {
				return n
			}
			n++
		}
	}
}

func lookupGreen(r *dns.Resolver, ctx context.Context, host string) (addrs []string, err error) {
	green(func() { addrs, err = r.LookupHost(ctx, host) })
	return
}

// A dead first server (the kernel refuses the query) is passed over and
// the second answers.
func TestDeadFirstServer(t *testing.T) {
	needServer(t)
	clean(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{deadServer(t), server}, Timeout: 2 * time.Second, Attempts: 1}}
	addrs, err := lookupGreen(r, context.Background(), "v4.test.")
	if err != nil || !slices.Equal(addrs, []string{"127.0.0.11"}) {
		t.Fatalf("LookupHost = %v, %v; want [127.0.0.11]", addrs, err)
	}
}

// A server that never replies: each query waits Timeout, Attempts times,
// and the lookup ends with a timeout error, not a hang.
func TestSilentServerTimesOut(t *testing.T) {
	clean(t)
	addr, count := silentServer(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{addr}, Timeout: 100 * time.Millisecond, Attempts: 3, SingleRequest: true}}
	_, err := lookupGreen(r, context.Background(), "slow.test.")
	var de *net.DNSError
	if !errors.As(err, &de) || !de.IsTimeout || !de.IsTemporary || de.Name != "slow.test." || de.Server != addr {
		t.Fatalf("err = %#v; want a timeout DNSError for slow.test. from %s", err, addr)
	}
	// A and AAAA, one after the other, three attempts each.
	if n := count(); n != 6 {
		t.Errorf("server got %d queries, want 6", n)
	}
}

// A lookup whose context is cancelled mid-query returns at once with the
// standard "operation was canceled" error, and errors.Is finds the cause.
func TestCancelMidQuery(t *testing.T) {
	clean(t)
	addr, _ := silentServer(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{addr}, Timeout: time.Minute, Attempts: 1}}
	ctx, cancel := context.WithCancel(context.Background())
	var err error
	green(func() {
		hub.Go(func() { hub.Sleep(50 * time.Millisecond); cancel() })
		_, err = r.LookupIPAddr(ctx, "slow.test.")
	})
	var de *net.DNSError
	if !errors.As(err, &de) || de.Err != "operation was canceled" || !errors.Is(err, context.Canceled) || de.IsTimeout {
		t.Fatalf("err = %#v; want a canceled DNSError", err)
	}
}

// A fake server on loopback answers each query first with garbage, a
// reply with the wrong ID, one for another question and one from another
// port (a spoofed source), then with the real answer: the resolver drops
// all but the last.
func TestForgedRepliesDropped(t *testing.T) {
	clean(t)
	srv, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	spoofer, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer spoofer.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 2048)
		for range 2 { // A and AAAA
			n, from, err := srv.ReadFrom(b)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(b[:n])
			if err != nil {
				return
			}
			q, err := p.Question()
			if err != nil {
				return
			}
			reply := func(id uint16, q dnsmessage.Question, ip [4]byte) []byte {
				bld := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: id, Response: true, RecursionAvailable: true})
				bld.StartQuestions()
				bld.Question(q)
				bld.StartAnswers()
				if q.Type == dnsmessage.TypeA {
					bld.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, dnsmessage.AResource{A: ip})
				}
				out, _ := bld.Finish()
				return out
			}
			other := q
			other.Name = dnsmessage.MustNewName("other.test.")
			srv.WriteTo([]byte("\x00\x01garbage"), from)
			srv.WriteTo(reply(h.ID+1, q, [4]byte{10, 9, 9, 1}), from)
			srv.WriteTo(reply(h.ID, other, [4]byte{10, 9, 9, 2}), from)
			spoofer.WriteTo(reply(h.ID, q, [4]byte{10, 9, 9, 3}), from)
			srv.WriteTo(reply(h.ID, q, [4]byte{10, 9, 9, 4}), from)
		}
	}()
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{srv.LocalAddr().String()}, Timeout: 5 * time.Second, Attempts: 1, SingleRequest: true}}
	addrs, err := lookupGreen(r, context.Background(), "real.test.")
	if err != nil || !slices.Equal(addrs, []string{"10.9.9.4"}) {
		t.Fatalf("LookupHost = %v, %v; want [10.9.9.4]", addrs, err)
	}
	<-done
}

// search and ndots: a name with fewer dots than ndots is tried under the
// search domains first; errors name the name as given.
func TestSearchNdots(t *testing.T) {
	needServer(t)
	clean(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{server}, Search: []string{"nope.test.", "search.test"}, Ndots: 2, Attempts: 1, Timeout: 2 * time.Second}}
	if addrs, err := lookupGreen(r, context.Background(), "b"); err != nil || !slices.Equal(addrs, []string{"127.0.0.12"}) {
		t.Errorf("LookupHost(b) = %v, %v; want [127.0.0.12] from b.search.test", addrs, err)
	}
	// One dot is fewer than ndots:2, so b.search is tried under the
	// search list (b.search.search.test: missing) before as is.
	if addrs, err := lookupGreen(r, context.Background(), "b.search.test"); err != nil || !slices.Equal(addrs, []string{"127.0.0.12"}) {
		t.Errorf("LookupHost(b.search.test) = %v, %v", addrs, err)
	}
	// Every candidate fails; the error reported is the one for the name
	// as given ("missing." — refused by this server), under that name.
	_, err := lookupGreen(r, context.Background(), "missing")
	var de *net.DNSError
	if !errors.As(err, &de) || de.Name != "missing" || de.Err != "server misbehaving" {
		t.Errorf("LookupHost(missing) err = %#v; want the error for missing., named as given", err)
	}
}

// The hosts file is read before DNS and re-read as soon as it changes.
func TestHostsFileEdited(t *testing.T) {
	clean(t)
	hosts := filepath.Join(t.TempDir(), "hosts")
	write := func(s string) {
		if err := os.WriteFile(hosts, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# test hosts\n10.7.0.1 edited.test alias.test\n")
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{deadServer(t)}, HostsFile: hosts, Attempts: 1, Timeout: time.Second}}
	ctx := context.Background()
	if addrs, err := lookupGreen(r, ctx, "ALIAS.test"); err != nil || !slices.Equal(addrs, []string{"10.7.0.1"}) {
		t.Fatalf("before the edit: %v, %v", addrs, err)
	}
	write("10.7.0.2 edited.test\n10.7.0.3 other.test edited.test\n")
	if addrs, err := lookupGreen(r, ctx, "edited.test"); err != nil || !slices.Equal(addrs, []string{"10.7.0.2", "10.7.0.3"}) {
		t.Fatalf("after the edit: %v, %v", addrs, err)
	}
	var names []string
	var err error
	green(func() { names, err = r.LookupAddr(ctx, "10.7.0.3") })
	if err != nil || !slices.Equal(names, []string{"other.test.", "edited.test."}) {
		t.Errorf("LookupAddr = %v, %v", names, err)
	}
	var cname string
	green(func() { cname, err = r.LookupCNAME(ctx, "other.test") })
	if err != nil || cname != "other.test." {
		t.Errorf("LookupCNAME = %q, %v", cname, err)
	}
}

// localhost names and literals never reach the network, and .onion names
// are never sent (RFC 7686): like the standard resolver, a host lookup of
// one finds nothing and reports no error.
func TestNoNetworkNames(t *testing.T) {
	clean(t)
	hosts := filepath.Join(t.TempDir(), "hosts")
	os.WriteFile(hosts, nil, 0o644)
	addr, count := silentServer(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{addr}, HostsFile: hosts, Attempts: 1, Timeout: time.Second}}
	for _, h := range []string{"localhost", "db.localhost.", "127.0.0.1", "::1"} {
		if addrs, err := lookupGreen(r, context.Background(), h); err != nil || len(addrs) == 0 {
			t.Errorf("LookupHost(%s) = %v, %v", h, addrs, err)
		}
	}
	if addrs, err := lookupGreen(r, context.Background(), "hidden.onion"); err != nil || len(addrs) != 0 {
		t.Errorf("LookupHost(hidden.onion) = %v, %v; want nothing", addrs, err)
	}
	if n := count(); n != 0 {
		t.Errorf("the server got %d queries, want none", n)
	}
}

// A thousand lookups in flight at once, each on its own green thread,
// all answered; the leak check then finds no descriptor left open.
func TestThousandInFlight(t *testing.T) {
	needServer(t)
	clean(t)
	r := &dns.Resolver{Config: &dns.Config{Servers: []string{server}, Timeout: 10 * time.Second, Attempts: 2}}
	const n = 1000
	failed := 0
	var firstErr error
	green(func() {
		threads := make([]*hub.GreenThread[[]string], n)
		for i := range threads {
			threads[i] = hub.Spawn(func() ([]string, error) { return r.LookupHost(context.Background(), "a.test.") })
		}
		for _, th := range threads {
			if addrs, err := th.Wait(); err != nil || len(addrs) != 2 {
				failed++
				if firstErr == nil {
					firstErr = err
				}
			}
		}
	})
	if failed > 0 {
		t.Fatalf("%d of %d lookups failed; first: %v", failed, n, firstErr)
	}
}

// ParseConfig reads resolv.conf's directives and caps options as glibc.
func TestParseConfig(t *testing.T) {
	const text = `# comment
; comment
nameserver 10.0.0.1
nameserver ::2
nameserver not-an-ip
nameserver 10.0.0.3
nameserver 10.0.0.4
domain ignored.example
search a.example b.example.
options ndots:20 timeout:0 attempts:9 rotate single-request-reopen use-vc trust-ad edns0 no-reload
`
	c, err := dns.ReadConfig(writeTemp(t, text))
	if err != nil {
		t.Fatal(err)
	}
	want := dns.Config{
		Servers: []string{"10.0.0.1:53", "[::2]:53", "10.0.0.3:53"},
		Search:  []string{"a.example.", "b.example."},
		Ndots:   15, Timeout: time.Second, Attempts: 9,
		Rotate: true, SingleRequest: true, UseTCP: true, TrustAD: true, NoReload: true,
	}
	if !slices.Equal(c.Servers, want.Servers) || !slices.Equal(c.Search, want.Search) || c.Ndots != want.Ndots ||
		c.Timeout != want.Timeout || c.Attempts != want.Attempts || !c.Rotate || !c.SingleRequest || !c.UseTCP || !c.TrustAD || !c.NoReload {
		t.Errorf("ReadConfig = %+v\nwant %+v", c, want)
	}
}

func writeTemp(t *testing.T, s string) string {
	p := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// networksResolver records the networks its queries use. Its Dial gives
// standard conns, so it is used from an outsider goroutine only.
func networksResolver(cfg *dns.Config) (*dns.Resolver, func() []string) {
	var mu sync.Mutex
	var networks []string
	r := &dns.Resolver{Config: cfg, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		mu.Lock()
		networks = append(networks, network)
		mu.Unlock()
		var d net.Dialer
		return d.DialContext(ctx, network, address)
	}}
	return r, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(networks)
	}
}

// An answer too large for UDP comes back truncated, and the query is
// asked again over TCP; with use-vc every query goes over TCP.
func TestTruncatedAndUseVC(t *testing.T) {
	needServer(t)
	r, networks := networksResolver(&dns.Config{Servers: []string{server}, Attempts: 1, Timeout: 5 * time.Second, SingleRequest: true})
	ips, err := r.LookupIP(context.Background(), "ip4", "big.test.")
	if err != nil || len(ips) != 120 {
		t.Fatalf("LookupIP(big.test) = %d addresses, %v; want 120", len(ips), err)
	}
	if got := networks(); !slices.Equal(got, []string{"udp", "tcp"}) {
		t.Errorf("networks %v, want [udp tcp]", got)
	}
	r, networks = networksResolver(&dns.Config{Servers: []string{server}, Attempts: 1, Timeout: 5 * time.Second, SingleRequest: true, UseTCP: true})
	if addrs, err := r.LookupHost(context.Background(), "a.test."); err != nil || len(addrs) != 2 {
		t.Fatalf("LookupHost(a.test) = %v, %v", addrs, err)
	}
	if got := networks(); !slices.Equal(got, []string{"tcp", "tcp"}) {
		t.Errorf("networks %v, want [tcp tcp] (A and AAAA)", got)
	}
}

// rotate starts each query at the next server in turn; without it every
// query starts at the first.
func TestRotate(t *testing.T) {
	needServer(t)
	for _, rotate := range []bool{false, true} {
		var mu sync.Mutex
		var asked []string
		r := &dns.Resolver{
			Config: &dns.Config{Servers: []string{"127.0.0.1:1001", "127.0.0.1:1002"}, Attempts: 1, Timeout: 5 * time.Second, Rotate: rotate},
			Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
				mu.Lock()
				asked = append(asked, address)
				mu.Unlock()
				var d net.Dialer // both names stand for the one dnsmasq
				return d.DialContext(ctx, network, server)
			},
		}
		for range 4 {
			if _, err := r.LookupIP(context.Background(), "ip4", "v4.test."); err != nil {
				t.Fatal(err)
			}
		}
		firsts := map[string]int{}
		for _, a := range asked {
			firsts[a]++
		}
		if rotate && (firsts["127.0.0.1:1001"] == 0 || firsts["127.0.0.1:1002"] == 0) || !rotate && firsts["127.0.0.1:1002"] != 0 {
			t.Errorf("rotate %v: servers asked %v", rotate, asked)
		}
	}
}
