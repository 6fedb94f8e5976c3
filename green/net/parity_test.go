package net_test

import (
	"testing"

	"github.com/greenify/greenify/internal/parity"
)

// TestAPIParity checks that every identifier of the standard net exists here
// with a signature that accepts the same calls. The types below are this
// package's own (they wait); Resolver is green/dns's, aliased here; the rest
// are aliases of the standard types. Signatures that differ only by naming
// green types are logged with -v. Nothing is left out.
func TestAPIParity(t *testing.T) {
	parity.Check(t, parity.Spec{
		Std:   "net",
		Green: "github.com/greenify/greenify/green/net",
		Names: map[string]string{"github.com/greenify/greenify/green/dns": "net"},
		GreenTypes: map[string]bool{
			"TCPConn": true, "UDPConn": true, "UnixConn": true, "IPConn": true,
			"TCPListener": true, "UnixListener": true,
			"Dialer": true, "ListenConfig": true, "Resolver": true,
		},
	})
}
