// Names of crypto/tls that green/tls takes over unchanged (listed from
// go doc crypto/tls; the parity test fails when Go adds one).

package tls

import "crypto/tls"

// The types of crypto/tls are the standard ones: crypto/tls runs over any
// net.Conn, so a *Conn made here over a green conn is green already, and
// values cross to and from libraries that take *tls.Config or *tls.Conn
// without conversion. Dialer is the one type of its own (see dial.go).
type (
	AlertError                   = tls.AlertError
	Certificate                  = tls.Certificate
	CertificateRequestInfo       = tls.CertificateRequestInfo
	CertificateVerificationError = tls.CertificateVerificationError
	CipherSuite                  = tls.CipherSuite
	ClientAuthType               = tls.ClientAuthType
	ClientHelloInfo              = tls.ClientHelloInfo
	ClientSessionCache           = tls.ClientSessionCache
	ClientSessionState           = tls.ClientSessionState
	Config                       = tls.Config
	Conn                         = tls.Conn
	ConnectionState              = tls.ConnectionState
	CurveID                      = tls.CurveID
	ECHRejectionError            = tls.ECHRejectionError
	EncryptedClientHelloKey      = tls.EncryptedClientHelloKey
	QUICConfig                   = tls.QUICConfig
	QUICConn                     = tls.QUICConn
	QUICEncryptionLevel          = tls.QUICEncryptionLevel
	QUICEvent                    = tls.QUICEvent
	QUICEventKind                = tls.QUICEventKind
	QUICSessionTicketOptions     = tls.QUICSessionTicketOptions
	RecordHeaderError            = tls.RecordHeaderError
	RenegotiationSupport         = tls.RenegotiationSupport
	SessionState                 = tls.SessionState
	SignatureScheme              = tls.SignatureScheme
)

// Constants: the standard values with their standard types.
const (
	CurveP256                                     = tls.CurveP256
	CurveP384                                     = tls.CurveP384
	CurveP521                                     = tls.CurveP521
	ECDSAWithP256AndSHA256                        = tls.ECDSAWithP256AndSHA256
	ECDSAWithP384AndSHA384                        = tls.ECDSAWithP384AndSHA384
	ECDSAWithP521AndSHA512                        = tls.ECDSAWithP521AndSHA512
	ECDSAWithSHA1                                 = tls.ECDSAWithSHA1
	Ed25519                                       = tls.Ed25519
	NoClientCert                                  = tls.NoClientCert
	PKCS1WithSHA1                                 = tls.PKCS1WithSHA1
	PKCS1WithSHA256                               = tls.PKCS1WithSHA256
	PKCS1WithSHA384                               = tls.PKCS1WithSHA384
	PKCS1WithSHA512                               = tls.PKCS1WithSHA512
	PSSWithSHA256                                 = tls.PSSWithSHA256
	PSSWithSHA384                                 = tls.PSSWithSHA384
	PSSWithSHA512                                 = tls.PSSWithSHA512
	QUICEncryptionLevelApplication                = tls.QUICEncryptionLevelApplication
	QUICEncryptionLevelEarly                      = tls.QUICEncryptionLevelEarly
	QUICEncryptionLevelHandshake                  = tls.QUICEncryptionLevelHandshake
	QUICEncryptionLevelInitial                    = tls.QUICEncryptionLevelInitial
	QUICErrorEvent                                = tls.QUICErrorEvent
	QUICHandshakeDone                             = tls.QUICHandshakeDone
	QUICNoEvent                                   = tls.QUICNoEvent
	QUICRejectedEarlyData                         = tls.QUICRejectedEarlyData
	QUICResumeSession                             = tls.QUICResumeSession
	QUICSetReadSecret                             = tls.QUICSetReadSecret
	QUICSetWriteSecret                            = tls.QUICSetWriteSecret
	QUICStoreSession                              = tls.QUICStoreSession
	QUICTransportParameters                       = tls.QUICTransportParameters
	QUICTransportParametersRequired               = tls.QUICTransportParametersRequired
	QUICWriteData                                 = tls.QUICWriteData
	RenegotiateFreelyAsClient                     = tls.RenegotiateFreelyAsClient
	RenegotiateNever                              = tls.RenegotiateNever
	RenegotiateOnceAsClient                       = tls.RenegotiateOnceAsClient
	RequestClientCert                             = tls.RequestClientCert
	RequireAndVerifyClientCert                    = tls.RequireAndVerifyClientCert
	RequireAnyClientCert                          = tls.RequireAnyClientCert
	SecP256r1MLKEM768                             = tls.SecP256r1MLKEM768
	SecP384r1MLKEM1024                            = tls.SecP384r1MLKEM1024
	TLS_AES_128_GCM_SHA256                        = tls.TLS_AES_128_GCM_SHA256
	TLS_AES_256_GCM_SHA384                        = tls.TLS_AES_256_GCM_SHA384
	TLS_CHACHA20_POLY1305_SHA256                  = tls.TLS_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA          = tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256       = tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256       = tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA          = tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384       = tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305        = tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305
	TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_ECDSA_WITH_RC4_128_SHA              = tls.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA
	TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA           = tls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA            = tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256         = tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
	TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256         = tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
	TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA            = tls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
	TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384         = tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305          = tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305
	TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256   = tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
	TLS_ECDHE_RSA_WITH_RC4_128_SHA                = tls.TLS_ECDHE_RSA_WITH_RC4_128_SHA
	TLS_FALLBACK_SCSV                             = tls.TLS_FALLBACK_SCSV
	TLS_RSA_WITH_3DES_EDE_CBC_SHA                 = tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA                  = tls.TLS_RSA_WITH_AES_128_CBC_SHA
	TLS_RSA_WITH_AES_128_CBC_SHA256               = tls.TLS_RSA_WITH_AES_128_CBC_SHA256
	TLS_RSA_WITH_AES_128_GCM_SHA256               = tls.TLS_RSA_WITH_AES_128_GCM_SHA256
	TLS_RSA_WITH_AES_256_CBC_SHA                  = tls.TLS_RSA_WITH_AES_256_CBC_SHA
	TLS_RSA_WITH_AES_256_GCM_SHA384               = tls.TLS_RSA_WITH_AES_256_GCM_SHA384
	TLS_RSA_WITH_RC4_128_SHA                      = tls.TLS_RSA_WITH_RC4_128_SHA
	VerifyClientCertIfGiven                       = tls.VerifyClientCertIfGiven
	VersionSSL30                                  = tls.VersionSSL30
	VersionTLS10                                  = tls.VersionTLS10
	VersionTLS11                                  = tls.VersionTLS11
	VersionTLS12                                  = tls.VersionTLS12
	VersionTLS13                                  = tls.VersionTLS13
	X25519                                        = tls.X25519
	X25519MLKEM768                                = tls.X25519MLKEM768
)
