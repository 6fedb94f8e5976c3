//go:build unix

package net

import (
	"context"
	"net/http/httptrace"
	"net/netip"
	"time"

	"github.com/greenify/greenify/internal/netfd"
	"github.com/greenify/greenify/runtime/hub"
)

// Dial connects to address on network, green. See the standard net.Dial
// for the networks and address forms.
func Dial(network, address string) (Conn, error) {
	var d Dialer
	return d.Dial(network, address)
}

// DialTimeout acts like Dial with a timeout that includes name resolution.
func DialTimeout(network, address string, timeout time.Duration) (Conn, error) {
	d := Dialer{Timeout: timeout}
	return d.Dial(network, address)
}

// Dial connects to the address on the named network.
func (d *Dialer) Dial(network, address string) (Conn, error) {
	return d.DialContext(context.Background(), network, address)
}

// DialContext connects to the address on the named network using the
// provided context. Names resolve through the Dialer's (green) Resolver;
// with several addresses they are tried in order, each given a share of
// the time left, and for "tcp" with both IPv4 and IPv6 addresses the
// second family starts FallbackDelay after the first (RFC 6555).
func (d *Dialer) DialContext(ctx context.Context, network, address string) (Conn, error) {
	ctx, cancel := d.dialCtx(ctx)
	defer cancel()
	addrs, err := resolveAddrList(ctx, d.resolver(), "dial", network, address, d.LocalAddr)
	if err != nil {
		return nil, &OpError{Op: "dial", Net: network, Source: nil, Addr: nil, Err: err}
	}
	sd := &sysDialer{Dialer: *d, network: network, address: address}
	var primaries, fallbacks []Addr
	if d.dualStack() && network == "tcp" {
		primaries, fallbacks = partition(addrs)
	} else {
		primaries = addrs
	}
	return sd.dialParallel(ctx, primaries, fallbacks)
}

func partition(addrs []Addr) (primaries, fallbacks []Addr) {
	first := isIPv4(addrs[0])
	for _, a := range addrs {
		if isIPv4(a) == first {
			primaries = append(primaries, a)
		} else {
			fallbacks = append(fallbacks, a)
		}
	}
	return
}

// DialTCP acts like Dial for TCP networks with netip addresses.
func (d *Dialer) DialTCP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*TCPConn, error) {
	ctx, cancel := d.dialCtx(ctx)
	defer cancel()
	return dialTCP(ctx, d, network, addrPortTCP(laddr), addrPortTCP(raddr))
}

// DialUDP acts like Dial for UDP networks with netip addresses.
func (d *Dialer) DialUDP(ctx context.Context, network string, laddr, raddr netip.AddrPort) (*UDPConn, error) {
	ctx, cancel := d.dialCtx(ctx)
	defer cancel()
	return dialUDP(ctx, d, network, addrPortUDP(laddr), addrPortUDP(raddr))
}

// DialIP acts like Dial for IP networks with netip addresses.
func (d *Dialer) DialIP(ctx context.Context, network string, laddr, raddr netip.Addr) (*IPConn, error) {
	ctx, cancel := d.dialCtx(ctx)
	defer cancel()
	return dialIP(ctx, d, network, addrIP(laddr), addrIP(raddr))
}

// DialUnix acts like Dial for Unix networks.
func (d *Dialer) DialUnix(ctx context.Context, network string, laddr, raddr *UnixAddr) (*UnixConn, error) {
	ctx, cancel := d.dialCtx(ctx)
	defer cancel()
	return dialUnix(ctx, d, network, laddr, raddr)
}

// The standard conversions, except that an invalid netip value is "no
// address" (nil), as the standard dialer treats it.
func addrPortTCP(a netip.AddrPort) *TCPAddr {
	if !a.IsValid() {
		return nil
	}
	return TCPAddrFromAddrPort(a)
}

func addrPortUDP(a netip.AddrPort) *UDPAddr {
	if !a.IsValid() {
		return nil
	}
	return UDPAddrFromAddrPort(a)
}

func addrIP(a netip.Addr) *IPAddr {
	if !a.IsValid() {
		return nil
	}
	return &IPAddr{IP: a.AsSlice(), Zone: a.Zone()}
}

type dialResult struct {
	c       Conn
	err     error
	primary bool
}

// dialParallel races the two families (happy eyeballs). The racers are
// plain goroutines (outsiders to the hub, so their connects wait in the
// hub correctly); the caller waits for them with the hub released.
func (sd *sysDialer) dialParallel(ctx context.Context, primaries, fallbacks []Addr) (Conn, error) {
	if len(fallbacks) == 0 {
		return sd.dialSerial(ctx, primaries)
	}
	returned := make(chan struct{})
	defer close(returned)
	results := make(chan dialResult) // unbuffered: a late winner closes its conn

	racer := func(ctx context.Context, primary bool) {
		ras := primaries
		if !primary {
			ras = fallbacks
		}
		c, err := sd.dialSerial(ctx, ras)
		select {
		case results <- dialResult{c, err, primary}:
		case <-returned:
			if c != nil {
				c.Close()
			}
		}
	}

	primaryCtx, primaryCancel := context.WithCancel(ctx)
	defer primaryCancel()
	go racer(primaryCtx, true)

	fallbackTimer := time.NewTimer(sd.fallbackDelay())
	defer fallbackTimer.Stop()

	var primaryErr error
	var primaryDone, fallbackDone bool
	for {
		var res dialResult
		var fired bool
		waitOffHub(func() {
			select {
			case <-fallbackTimer.C:
				fired = true
			case res = <-results:
			}
		})
		if fired {
			fallbackCtx, fallbackCancel := context.WithCancel(ctx)
			defer fallbackCancel()
			go racer(fallbackCtx, false)
			continue
		}
		if res.err == nil {
			return res.c, nil
		}
		if res.primary {
			primaryDone, primaryErr = true, res.err
		} else {
			fallbackDone = true
		}
		if primaryDone && fallbackDone {
			return nil, primaryErr
		}
		if res.primary && fallbackTimer.Stop() {
			// The primary failed before the fallback started: start it now.
			fallbackTimer.Reset(0)
		}
	}
}

// waitOffHub runs a native blocking wait (a select on Go channels) without
// holding the hub when the caller is a green thread.
func waitOffHub(fn func()) {
	if hub.IsGreen() {
		hub.Blocking(fn)
		return
	}
	fn()
}

// dialSerial tries the addresses in order, each with a share of the time
// left; the first error is the one reported.
func (sd *sysDialer) dialSerial(ctx context.Context, ras []Addr) (Conn, error) {
	var firstErr error
	for i, ra := range ras {
		select {
		case <-ctx.Done():
			return nil, &OpError{Op: "dial", Net: sd.network, Source: sd.LocalAddr, Addr: ra, Err: netfd.MapContextErr(ctx.Err())}
		default:
		}
		dialCtx := ctx
		if deadline, ok := ctx.Deadline(); ok {
			pd, err := partialDeadline(time.Now(), deadline, len(ras)-i)
			if err != nil {
				if firstErr == nil {
					firstErr = &OpError{Op: "dial", Net: sd.network, Source: sd.LocalAddr, Addr: ra, Err: err}
				}
				break
			}
			if pd.Before(deadline) {
				var cancel context.CancelFunc
				dialCtx, cancel = context.WithDeadline(ctx, pd)
				defer cancel()
			}
		}
		c, err := sd.dialSingle(dialCtx, ra)
		if err == nil {
			return c, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &OpError{Op: "dial", Net: sd.network, Source: nil, Addr: nil, Err: errMissingAddress}
	}
	return nil, firstErr
}

func partialDeadline(now, deadline time.Time, addrsRemaining int) (time.Time, error) {
	if deadline.IsZero() {
		return deadline, nil
	}
	timeRemaining := deadline.Sub(now)
	if timeRemaining <= 0 {
		return time.Time{}, netfd.ErrTimeout
	}
	timeout := timeRemaining / time.Duration(addrsRemaining)
	const saneMinimum = 2 * time.Second
	if timeout < saneMinimum {
		if timeRemaining < saneMinimum {
			timeout = timeRemaining
		} else {
			timeout = saneMinimum
		}
	}
	return now.Add(timeout), nil
}

func (sd *sysDialer) dialSingle(ctx context.Context, ra Addr) (c Conn, err error) {
	// Report the connect to an httptrace.ClientTrace in ctx, as the
	// standard dialer does (net/http's tracing and tests wait for it).
	if trace := httptrace.ContextClientTrace(ctx); trace != nil {
		raStr := ra.String()
		if trace.ConnectStart != nil {
			trace.ConnectStart(sd.network, raStr)
		}
		if trace.ConnectDone != nil {
			defer func() { trace.ConnectDone(sd.network, raStr, err) }()
		}
	}
	la := sd.LocalAddr
	switch ra := ra.(type) {
	case *TCPAddr:
		la, _ := la.(*TCPAddr)
		c, err = sd.dialTCP(ctx, la, ra)
	case *UDPAddr:
		la, _ := la.(*UDPAddr)
		c, err = sd.dialUDP(ctx, la, ra)
	case *IPAddr:
		la, _ := la.(*IPAddr)
		c, err = sd.dialIP(ctx, la, ra)
	case *UnixAddr:
		la, _ := la.(*UnixAddr)
		c, err = sd.dialUnix(ctx, la, ra)
	default:
		return nil, &OpError{Op: "dial", Net: sd.network, Source: la, Addr: ra, Err: &AddrError{Err: "unexpected address type", Addr: sd.address}}
	}
	if err != nil {
		return nil, &OpError{Op: "dial", Net: sd.network, Source: la, Addr: ra, Err: err}
	}
	return c, nil
}
