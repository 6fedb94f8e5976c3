// Package tls is crypto/tls whose entry points dial and listen green.
//
// crypto/tls runs over any net.Conn, so TLS itself needs nothing green:
// a *Conn made over a green conn (green/net) waits in the hub for every
// handshake message and record. What blocks in crypto/tls is where it
// makes its own sockets, and those are the functions this package
// replaces:
//
//   - Dial, DialWithDialer and Dialer dial with a green *net.Dialer
//     (green/net). Dialer.NetDialer and DialWithDialer's first argument are
//     *greennet.Dialer where crypto/tls has *net.Dialer; convert a
//     standard one with greennet.FromStdDialer. Timeout and Deadline bound
//     the handshake too, as in crypto/tls.
//   - Listen listens with a green listener; NewListener, Client and Server
//     are crypto/tls's (they wrap what they are given).
//
// Every other name is crypto/tls's own: the types are aliases (Config,
// Conn, Certificate, ConnectionState... are the standard types, so values
// cross to libraries such as net/http without conversion), the constants
// have their standard values and types, and the remaining functions
// forward. A test compares the export set with crypto/tls's and fails on
// any gap.
//
// Greenify's net patch set rewrites crypto/tls imports to this package,
// as Eventlet's socket patch also patches ssl.
//
// # One conn, several green threads
//
// A *Conn serializes its reads and its writes with sync.Mutex, held across
// the underlying green I/O. One green thread reading while another writes
// is fine (two locks). When a read has to write (a TLS 1.3 key update
// answer) while a writer green thread is parked inside Write, the reader
// blocks natively on the writer's lock while holding the hub; the hub's
// watchdog hands the hub on after GREEN_STALL_AFTER (blocking outside the hub can
// slow the hub, never deadlock it).
//
// # Where there is no poller
//
// On windows and wasip1 green/net is the standard package in green
// clothes, so this package is crypto/tls with the same signatures.
//
// Eventlet's wrap_ssl is greennet.WrapTLS.
package tls
