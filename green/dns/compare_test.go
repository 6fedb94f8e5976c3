//go:build unix

package dns_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"slices"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/greenify/greenify/green/dns"
)

// greenResolver asks addr with the system's search list and options, as
// stdResolver does, so that both send the same queries.
func greenResolver(addr string) *dns.Resolver {
	sys := dns.SystemConfig()
	return &dns.Resolver{Config: &dns.Config{
		Servers:  []string{addr},
		Search:   sys.Search,
		Ndots:    sys.Ndots,
		Timeout:  sys.Timeout,
		Attempts: sys.Attempts,
	}}
}

// outcome is a lookup's result in a comparable form: the answer, sorted
// where the order is random or unspecified, and the error's fields.
type outcome struct {
	Answer string
	Err    string
}

func outcomeOf(v any, err error, sortIt bool) outcome {
	var o outcome
	if v != nil {
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Slice {
			var items []string
			for i := range rv.Len() {
				items = append(items, fmt.Sprint(reflect.Indirect(rv.Index(i)).Interface()))
			}
			if sortIt {
				slices.Sort(items)
			}
			o.Answer = fmt.Sprint(items)
		} else {
			o.Answer = fmt.Sprint(v)
		}
	}
	if err != nil {
		var de *net.DNSError
		if errors.As(err, &de) {
			// The standard resolver names the server of resolv.conf
			// (its Dial goes elsewhere): compare only that there is one.
			server := de.Server
			if server != "" {
				server = "<server>"
			}
			o.Err = fmt.Sprintf("DNSError{Err:%q Name:%q Server:%q NotFound:%v Timeout:%v Temporary:%v}",
				de.Err, de.Name, server, de.IsNotFound, de.IsTimeout, de.IsTemporary)
		} else {
			o.Err = fmt.Sprintf("%T %v", err, err)
		}
	}
	return o
}

// The green resolver answers every query as the standard pure-Go resolver
// does against the same server: records of each type, CNAME chains, a
// large answer that needs TCP, and the errors for a missing name, a name
// without records of the type, a failing upstream and invalid names.
func TestSameAsStandard(t *testing.T) {
	needServer(t)
	clean(t)
	std := stdResolver(server)
	gr := greenResolver(server)
	type lookup struct {
		name   string
		sortIt bool // the order is random (MX, SRV weights) or not defined
		std    func(ctx context.Context) (any, error)
		green  func(ctx context.Context) (any, error)
	}
	host := func(h string) lookup {
		return lookup{"LookupHost " + h, h == "big.test",
			func(ctx context.Context) (any, error) { return std.LookupHost(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupHost(ctx, h) }}
	}
	ipaddr := func(h string) lookup {
		return lookup{"LookupIPAddr " + h, false,
			func(ctx context.Context) (any, error) { return std.LookupIPAddr(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupIPAddr(ctx, h) }}
	}
	ip := func(network, h string) lookup {
		return lookup{"LookupIP " + network + " " + h, false,
			func(ctx context.Context) (any, error) { return std.LookupIP(ctx, network, h) },
			func(ctx context.Context) (any, error) { return gr.LookupIP(ctx, network, h) }}
	}
	netip := func(network, h string) lookup {
		return lookup{"LookupNetIP " + network + " " + h, h == "big.test",
			func(ctx context.Context) (any, error) { return std.LookupNetIP(ctx, network, h) },
			func(ctx context.Context) (any, error) { return gr.LookupNetIP(ctx, network, h) }}
	}
	cname := func(h string) lookup {
		return lookup{"LookupCNAME " + h, false,
			func(ctx context.Context) (any, error) { return std.LookupCNAME(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupCNAME(ctx, h) }}
	}
	mx := func(h string) lookup {
		return lookup{"LookupMX " + h, true,
			func(ctx context.Context) (any, error) { return std.LookupMX(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupMX(ctx, h) }}
	}
	srv := func(s, p, h string) lookup {
		type res struct {
			Cname string
			Srvs  []net.SRV
		}
		deref := func(c string, s []*net.SRV, err error) (any, error) {
			r := res{Cname: c}
			for _, x := range s {
				r.Srvs = append(r.Srvs, *x)
			}
			return fmt.Sprint(r), err
		}
		return lookup{"LookupSRV " + s + " " + p + " " + h, false,
			func(ctx context.Context) (any, error) { return deref(std.LookupSRV(ctx, s, p, h)) },
			func(ctx context.Context) (any, error) { return deref(gr.LookupSRV(ctx, s, p, h)) }}
	}
	ns := func(h string) lookup {
		return lookup{"LookupNS " + h, false,
			func(ctx context.Context) (any, error) { return std.LookupNS(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupNS(ctx, h) }}
	}
	txt := func(h string) lookup {
		return lookup{"LookupTXT " + h, false,
			func(ctx context.Context) (any, error) { return std.LookupTXT(ctx, h) },
			func(ctx context.Context) (any, error) { return gr.LookupTXT(ctx, h) }}
	}
	addr := func(a string) lookup {
		return lookup{"LookupAddr " + a, false,
			func(ctx context.Context) (any, error) { return std.LookupAddr(ctx, a) },
			func(ctx context.Context) (any, error) { return gr.LookupAddr(ctx, a) }}
	}
	port := func(network, s string) lookup {
		return lookup{"LookupPort " + network + " " + s, false,
			func(ctx context.Context) (any, error) { return std.LookupPort(ctx, network, s) },
			func(ctx context.Context) (any, error) { return gr.LookupPort(ctx, network, s) }}
	}
	lookups := []lookup{
		host("a.test"), host("a.test."), host("v4.test"), host("v6.test"), host("c1.test"),
		host("big.test"), host("nx.test"), host("mx.test"),
		host("127.0.0.1"), host("::1"), host(""), host("bad..name"), host("hidden.onion"),
		ipaddr("a.test"), ipaddr("c1.test"), ipaddr("nx.test"), ipaddr("fe80::1%lo"),
		ip("ip4", "a.test"), ip("ip6", "a.test"), ip("ip", "c1.test"), ip("ip4", "v6.test"),
		ip("tcp", "a.test"), ip("ip6", "v4.test"),
		netip("ip", "a.test"), netip("ip4", "big.test"),
		cname("c3.test"), cname("a.test"), cname("nx.test"), cname("mx.test"),
		mx("mx.test"), mx("a.test"), mx("nx.test"),
		srv("http", "tcp", "srv.test"), srv("", "", "_http._tcp.srv.test"), srv("ftp", "tcp", "srv.test"),
		ns("ns.test"), ns("nx.test"),
		txt("txt.test"), txt("multi.test"), txt("long.test"), txt("a.test"), txt("nx.test"),
		addr("127.0.0.10"), addr("127.0.0.99"), addr("not-an-ip"),
		port("tcp", "https"), port("udp", "53"), port("tcp", "no-such-service"), port("sctp", "http"),
	}
	// Not compared: LookupCNAME of a name at the head of a chain. The
	// standard resolver takes the canonical name from whichever of its
	// parallel answers arrives first (the CNAME query's first target, or
	// the A record's owner), so it varies; see TestCNAMEChain.
	for _, l := range lookups {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		sv, serr := l.std(ctx)
		want := outcomeOf(sv, serr, l.sortIt)
		var got outcome
		green(func() {
			gv, gerr := l.green(ctx)
			got = outcomeOf(gv, gerr, l.sortIt)
		})
		cancel()
		if got != want {
			t.Errorf("%s:\n green    %+v\n standard %+v", l.name, got, want)
		}
	}
}

// The canonical name of a CNAME chain is its end, whatever answer comes
// first.
func TestCNAMEChain(t *testing.T) {
	needServer(t)
	clean(t)
	gr := greenResolver(server)
	for range 5 {
		var cname string
		var err error
		green(func() { cname, err = gr.LookupCNAME(context.Background(), "c1.test") })
		if err != nil || cname != "a.test." {
			t.Fatalf("LookupCNAME(c1.test) = %q, %v; want a.test.", cname, err)
		}
	}
}

// rcodeServer answers every query on loopback with rcode and no records,
// until the test ends.
func rcodeServer(t *testing.T, rcode dnsmessage.RCode) string {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { c.Close(); <-done })
	go func() {
		defer close(done)
		b := make([]byte, 2048)
		for {
			n, from, err := c.ReadFrom(b)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(b[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			bld := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, RecursionAvailable: true, RCode: rcode})
			bld.StartQuestions()
			bld.Question(q)
			out, _ := bld.Finish()
			c.WriteTo(out, from)
		}
	}()
	return c.LocalAddr().String()
}

// SERVFAIL, REFUSED, NXDOMAIN and an empty NOERROR give the same errors
// (text, IsNotFound, IsTemporary) from both resolvers.
func TestRcodesSameAsStandard(t *testing.T) {
	clean(t)
	for _, rc := range []dnsmessage.RCode{dnsmessage.RCodeServerFailure, dnsmessage.RCodeRefused, dnsmessage.RCodeNameError, dnsmessage.RCodeSuccess} {
		addr := rcodeServer(t, rc)
		std, gr := stdResolver(addr), greenResolver(addr)
		for _, name := range []string{"x.test.", "x.test"} {
			_, serr := std.LookupHost(context.Background(), name)
			want := outcomeOf(nil, serr, false)
			var got outcome
			green(func() {
				_, gerr := gr.LookupHost(context.Background(), name)
				got = outcomeOf(nil, gerr, false)
			})
			if got != want {
				t.Errorf("%v, LookupHost(%s):\n green    %+v\n standard %+v", rc, name, got, want)
			}
			_, serr = std.LookupMX(context.Background(), name)
			want = outcomeOf(nil, serr, false)
			green(func() {
				_, gerr := gr.LookupMX(context.Background(), name)
				got = outcomeOf(nil, gerr, false)
			})
			if got != want {
				t.Errorf("%v, LookupMX(%s):\n green    %+v\n standard %+v", rc, name, got, want)
			}
		}
	}
}
