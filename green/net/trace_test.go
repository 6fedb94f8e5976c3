//go:build unix

package net_test

import (
	"context"
	"fmt"
	stdnet "net"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/greenify/greenify/green/dns"
	"github.com/greenify/greenify/green/net"
)

// tracer records the hooks of an httptrace.ClientTrace in the order they
// fire, with the parts that do not vary from run to run.
func tracer() (*httptrace.ClientTrace, *[]string) {
	var events []string
	add := func(format string, args ...any) { events = append(events, fmt.Sprintf(format, args...)) }
	return &httptrace.ClientTrace{
		DNSStart: func(i httptrace.DNSStartInfo) { add("DNSStart %s", i.Host) },
		DNSDone: func(i httptrace.DNSDoneInfo) {
			add("DNSDone %d addrs, err %v", len(i.Addrs), i.Err != nil)
		},
		ConnectStart: func(network, addr string) { add("ConnectStart %s %s", network, addr) },
		ConnectDone: func(network, addr string, err error) {
			add("ConnectDone %s %s err %v", network, addr, err != nil)
		},
	}, &events
}

// The green Dialer reports DNS and connect hooks as the standard one does,
// in the same order, for a name and for an address, when the connect
// succeeds and when it fails; a name that does not resolve reports its
// failed lookup and no connect.
func TestDialTrace(t *testing.T) {
	clean(t)
	ln, err := stdnet.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*stdnet.TCPAddr).Port
	closed, err := stdnet.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadPort := closed.Addr().(*stdnet.TCPAddr).Port
	closed.Close()

	// A hosts file of our own names the host, so that neither resolver
	// needs a DNS server; both read it (the standard one through
	// /etc/hosts is not ours to edit, so the name used is one /etc/hosts
	// has too when it has localhost, else the test compares only green).
	for _, target := range []string{
		fmt.Sprintf("127.0.0.1:%d", port),
		fmt.Sprintf("127.0.0.1:%d", deadPort),
		fmt.Sprintf("localhost:%d", port),
		fmt.Sprintf("localhost:%d", deadPort),
	} {
		trace, got := tracer()
		ctx := httptrace.WithClientTrace(context.Background(), trace)
		green(t, func() {
			d := net.Dialer{Timeout: 5 * time.Second}
			if c, err := d.DialContext(ctx, "tcp4", target); err == nil {
				c.Close()
			}
		})
		strace, want := tracer()
		sctx := httptrace.WithClientTrace(context.Background(), strace)
		sd := stdnet.Dialer{Timeout: 5 * time.Second}
		if c, err := sd.DialContext(sctx, "tcp4", target); err == nil {
			c.Close()
		}
		if !slices.Equal(*got, *want) {
			t.Errorf("dial %s: hooks\n green    %q\n standard %q", target, *got, *want)
		}
	}

	// A name the resolver cannot find: DNSStart, DNSDone with the error.
	dir := t.TempDir()
	hosts := filepath.Join(dir, "hosts")
	if err := os.WriteFile(hosts, []byte("127.0.0.1 known.test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dead, err := stdnet.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadServer := dead.LocalAddr().String()
	dead.Close() // nothing listens: each query is refused at once
	r := &net.Resolver{Config: &dns.Config{Servers: []string{deadServer}, HostsFile: hosts, Attempts: 1, Timeout: time.Second}}
	trace, got := tracer()
	ctx := httptrace.WithClientTrace(context.Background(), trace)
	green(t, func() {
		d := net.Dialer{Resolver: r}
		if c, err := d.DialContext(ctx, "tcp4", "unknown.test:80"); err == nil {
			c.Close()
			t.Error("dial of an unknown name succeeded")
		}
		if c, err := d.DialContext(ctx, "tcp4", fmt.Sprintf("known.test:%d", port)); err == nil {
			c.Close()
		}
	})
	want := []string{
		"DNSStart unknown.test", "DNSDone 0 addrs, err true",
		"DNSStart known.test", "DNSDone 1 addrs, err false",
		fmt.Sprintf("ConnectStart tcp4 127.0.0.1:%d", port), fmt.Sprintf("ConnectDone tcp4 127.0.0.1:%d err false", port),
	}
	if !slices.Equal(*got, want) {
		t.Errorf("hooks\n got  %q\n want %q", *got, want)
	}
}
