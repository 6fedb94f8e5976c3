//go:build !unix

package dns

import (
	"context"
	"net"
)

// dialServer uses the standard dialer where the hub has no poller: the
// query blocks its goroutine, as every network call does there.
func dialServer(ctx context.Context, network, server string) (dnsConn, error) {
	var d net.Dialer
	return d.DialContext(ctx, network, server)
}
