package tls

import (
	"crypto/tls"
	"net"
)

// The functions of crypto/tls that do no I/O of their own, forwarded.
// Client and Server wrap whatever conn they are given: over a green conn
// (green/net) the handshake and every record wait in the hub.

// Client returns a new TLS client side connection using conn as the
// underlying transport; see crypto/tls.Client.
func Client(conn net.Conn, config *Config) *Conn { return tls.Client(conn, config) }

// Server returns a new TLS server side connection using conn as the
// underlying transport; see crypto/tls.Server.
func Server(conn net.Conn, config *Config) *Conn { return tls.Server(conn, config) }

// NewListener wraps inner: Accept returns inner's conns as server-side
// TLS conns. Over a green listener the conns are green.
func NewListener(inner net.Listener, config *Config) net.Listener {
	return tls.NewListener(inner, config)
}

func CipherSuiteName(id uint16) string { return tls.CipherSuiteName(id) }
func CipherSuites() []*CipherSuite     { return tls.CipherSuites() }
func InsecureCipherSuites() []*CipherSuite {
	return tls.InsecureCipherSuites()
}
func VersionName(version uint16) string { return tls.VersionName(version) }

// LoadX509KeyPair reads two PEM files with the standard os package (a
// short regular-file read; it blocks the calling thread natively, as
// Eventlet's ssl does for its cert files).
func LoadX509KeyPair(certFile, keyFile string) (Certificate, error) {
	return tls.LoadX509KeyPair(certFile, keyFile)
}

func X509KeyPair(certPEMBlock, keyPEMBlock []byte) (Certificate, error) {
	return tls.X509KeyPair(certPEMBlock, keyPEMBlock)
}

func NewLRUClientSessionCache(capacity int) ClientSessionCache {
	return tls.NewLRUClientSessionCache(capacity)
}

func NewResumptionState(ticket []byte, state *SessionState) (*ClientSessionState, error) {
	return tls.NewResumptionState(ticket, state)
}

func ParseSessionState(data []byte) (*SessionState, error) { return tls.ParseSessionState(data) }

// QUICClient and QUICServer do no socket I/O (the QUIC stack moves the
// bytes), so nothing here differs from crypto/tls.
func QUICClient(config *QUICConfig) *QUICConn { return tls.QUICClient(config) }
func QUICServer(config *QUICConfig) *QUICConn { return tls.QUICServer(config) }
