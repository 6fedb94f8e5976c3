package tls

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"time"

	greennet "github.com/greenify/greenify/green/net"
)

// Dialer dials TLS connections over green TCP conns: crypto/tls's Dialer
// with a green NetDialer. The zero value dials with a zero green Dialer.
type Dialer struct {
	// NetDialer is the green dialer for the underlying TCP connection;
	// nil means a zero greennet.Dialer. Its Timeout and Deadline bound
	// the whole dial, handshake included, as in crypto/tls.
	NetDialer *greennet.Dialer

	// Config is the TLS configuration; nil means the zero Config (see
	// Dial for how ServerName is filled in).
	Config *Config
}

// Dial connects to addr on network and performs the TLS handshake; see
// DialContext.
func (d *Dialer) Dial(network, addr string) (net.Conn, error) {
	return d.DialContext(context.Background(), network, addr)
}

// DialContext connects and performs the handshake under ctx. A non-nil
// ctx that ends before the handshake completes aborts the dial; once it
// has completed, ctx no longer matters. The returned conn is a *Conn.
func (d *Dialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := dial(ctx, d.netDialer(), network, addr, d.Config)
	if err != nil {
		// Return a nil interface, not a typed nil *Conn.
		return nil, err
	}
	return c, nil
}

func (d *Dialer) netDialer() *greennet.Dialer {
	if d.NetDialer != nil {
		return d.NetDialer
	}
	return new(greennet.Dialer)
}

// Dial connects to addr on network with a green dialer and performs the
// TLS handshake. A nil config is the zero Config; a config without
// ServerName gets the host part of addr, as crypto/tls.Dial does.
func Dial(network, addr string, config *Config) (*Conn, error) {
	return DialWithDialer(new(greennet.Dialer), network, addr, config)
}

// DialWithDialer is Dial with the given green dialer, whose Timeout and
// Deadline cover the handshake too. It takes a *greennet.Dialer where
// crypto/tls takes a *net.Dialer; convert a standard one with
// greennet.FromStdDialer.
func DialWithDialer(dialer *greennet.Dialer, network, addr string, config *Config) (*Conn, error) {
	return dial(context.Background(), dialer, network, addr, config)
}

// dial is crypto/tls's dial over a green dialer: the net dialer's timeout
// becomes a context deadline that bounds the handshake as well.
func dial(ctx context.Context, netDialer *greennet.Dialer, network, addr string, config *Config) (*Conn, error) {
	if netDialer == nil {
		netDialer = new(greennet.Dialer)
	}
	if ctx == nil {
		panic("nil context")
	}
	timeout := netDialer.Timeout
	if !netDialer.Deadline.IsZero() {
		if dl := time.Until(netDialer.Deadline); timeout == 0 || dl < timeout {
			timeout = dl
		}
	}
	if timeout != 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	raw, err := netDialer.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	host := addr
	if i := strings.LastIndex(addr, ":"); i >= 0 {
		host = addr[:i]
	}
	if config == nil {
		config = &Config{}
	}
	if config.ServerName == "" {
		c := config.Clone()
		c.ServerName = host
		config = c
	}
	conn := tls.Client(raw, config)
	if err := conn.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, err
	}
	return conn, nil
}

// Listen announces on laddr with a green listener and returns a listener
// whose Accept gives server-side TLS conns. The config must carry a
// certificate (Certificates, GetCertificate or GetConfigForClient).
func Listen(network, laddr string, config *Config) (net.Listener, error) {
	if config == nil || len(config.Certificates) == 0 &&
		config.GetCertificate == nil && config.GetConfigForClient == nil {
		return nil, errors.New("tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config")
	}
	l, err := greennet.Listen(network, laddr)
	if err != nil {
		return nil, err
	}
	return tls.NewListener(l, config), nil
}
