//go:build unix

package net_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// A lookup from a green thread runs with the hub released: while the
// resolver is stuck (here in its Dial, blocking natively), other green
// threads run.
func TestLookupDoesNotHoldTheHub(t *testing.T) {
	clean(t)
	var dials atomic.Int32
	errNoDNS := errors.New("no DNS in this test")
	r := &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
			dials.Add(1)
			time.Sleep(50 * time.Millisecond) // a slow server, blocking natively
			return nil, errNoDNS
		},
	}
	green(t, func() {
		ticks := 0
		stop := false
		ticker := hub.Spawn(func() (int, error) {
			for !stop {
				ticks++
				hub.Sleep(time.Millisecond)
			}
			return ticks, nil
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := r.LookupHost(ctx, "greenify-test.example")
		stop = true
		ticker.Wait()
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) {
			t.Errorf("lookup error %v (%T), want a *net.DNSError", err, err)
		}
		if dials.Load() == 0 {
			t.Fatal("the resolver never dialed")
		}
		if ticks == 0 {
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
