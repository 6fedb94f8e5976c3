//go:build unix

package net_test

import (
	"context"
	"errors"
	stdnet "net"
	"sync/atomic"
	"testing"
	"time"

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
