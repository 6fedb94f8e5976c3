//go:build unix

package net_test

import (
	"context"
	"errors"
	"fmt"
	stdnet "net"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/greenify/greenify/green/dns"
	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// A lookup from a green thread waits in the hub: while the name server
// stays silent, other green threads run, and the lookup ends with a
// timeout error of its own.
func TestLookupDoesNotHoldTheHub(t *testing.T) {
	clean(t)
	silent, err := stdnet.ListenPacket("udp4", "127.0.0.1:0") // never answers
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	r := &net.Resolver{Config: &dns.Config{
		Servers:  []string{silent.LocalAddr().String()},
		Timeout:  200 * time.Millisecond,
		Attempts: 1,
	}}
	green(t, func() {
		var ticks atomic.Int32
		stop := false
		ticker := hub.Spawn(func() (int, error) {
			for !stop {
				ticks.Add(1)
				hub.Sleep(time.Millisecond)
			}
			return 0, nil
		})
		_, err := r.LookupHost(context.Background(), "greenify-test.example.")
		stop = true
		ticker.Wait()
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) || !dnsErr.IsTimeout {
			t.Errorf("lookup error %v (%T), want a *net.DNSError with IsTimeout", err, err)
		}
		if ticks.Load() == 0 {
			t.Error("no green thread ran during the lookup")
		}
	})
	// Literal addresses need no lookup at all.
	addrs, err := net.LookupHost("127.0.0.1")
	if err != nil || len(addrs) != 1 || addrs[0] != "127.0.0.1" {
		t.Errorf("LookupHost literal: %v, %v", addrs, err)
	}
	if port, err := net.LookupPort("tcp", "443"); err != nil || port != 443 {
		t.Errorf("LookupPort: %d, %v", port, err)
	}
	a, err := net.ResolveTCPAddr("tcp", "localhost:80")
	if err != nil || !a.IP.IsLoopback() || a.Port != 80 {
		t.Errorf("ResolveTCPAddr: %v, %v", a, err)
	}
}

// A dial on an IPv4 network asks the name server for A records only, as
// the standard dialer does.
func TestDialTCP4AsksOnlyA(t *testing.T) {
	clean(t)
	ln, err := stdnet.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
	}()
	srv, err := stdnet.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var types []dnsmessage.Type
	done := make(chan struct{})
	go func() {
		defer close(done)
		b := make([]byte, 2048)
		for {
			n, from, err := srv.ReadFrom(b)
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
			types = append(types, q.Type)
			bld := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, RecursionAvailable: true})
			bld.StartQuestions()
			bld.Question(q)
			bld.StartAnswers()
			if q.Type == dnsmessage.TypeA {
				bld.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, dnsmessage.AResource{A: [4]byte{127, 0, 0, 1}})
			}
			out, _ := bld.Finish()
			srv.WriteTo(out, from)
		}
	}()
	r := &net.Resolver{Config: &dns.Config{Servers: []string{srv.LocalAddr().String()}, Attempts: 1, Timeout: 5 * time.Second}}
	green(t, func() {
		d := net.Dialer{Resolver: r}
		c, err := d.Dial("tcp4", fmt.Sprintf("name.test.:%d", ln.Addr().(*stdnet.TCPAddr).Port))
		if err != nil {
			t.Errorf("dial: %v", err)
			return
		}
		c.Close()
	})
	srv.Close()
	<-done
	if !slices.Equal(types, []dnsmessage.Type{dnsmessage.TypeA}) {
		t.Errorf("queries %v, want A only", types)
	}
}
