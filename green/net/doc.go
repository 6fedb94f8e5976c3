// Package net is the standard net package, green: the same API, with every
// blocking call waiting in the greenify hub instead of blocking a goroutine
// in Go's poller. It is what Eventlet's green socket module is to Python's
// socket, and what `greenify` points a program's `import "net"` at. Import
// it under its own name and the rest of the file does not change:
//
//	import "github.com/greenify/greenify/green/net"
//
//	ln, err := net.Listen("tcp", "127.0.0.1:8080")
//	for {
//		c, err := ln.Accept()       // parks this green thread, not the hub
//		...
//		hub.Go(func() { handle(c) }) // a green thread per connection
//	}
//
// # Which types are green
//
// Everything that blocks is a type of this package with the standard
// type's fields and methods: TCPConn, UDPConn, UnixConn, IPConn,
// TCPListener, UnixListener, and the configuration types whose methods
// dial, listen or look up — Dialer, ListenConfig, Resolver. What they hand
// out is green too: Dialer.Dial returns a Conn holding a green *TCPConn,
// TCPListener.Accept a green conn, ListenPacket a green *UDPConn. Their
// I/O takes the direction's lock on the socket's hub handle, tries the
// system call on the non-blocking socket, and on EAGAIN parks until the
// hub sees the socket ready. A green thread parks by handing the hub to
// the next one; an outsider (a plain goroutine such as net/http's
// per-connection goroutines, or a test) blocks its own goroutine without
// holding the hub. Conns are full net.Conns — deadlines, CloseRead and
// CloseWrite, socket options, SyscallConn (whose Read and Write wait in
// the hub), io.ReaderFrom/io.WriterTo (on linux, splice(2) between green
// stream sockets and sendfile(2) from regular files, waiting in the hub
// when a side would block) — so bufio, crypto/tls and net/http run over
// them.
//
// Interfaces (Conn, PacketConn, Listener, Addr, Error) and pure data types
// (IP, TCPAddr, UnixAddr, OpError, DNSError, KeepAliveConfig, Buffers, …)
// are aliases of the standard ones: a green conn is a net.Conn, and an
// address or error crosses between the two packages as is. ErrClosed and
// ErrWriteToConnected are the standard values. Errors are shaped as the
// standard package shapes them: a *OpError with Op, Net, Source and Addr,
// around an *os.SyscallError, ErrClosed or os.ErrDeadlineExceeded, so
// errors.Is(err, net.ErrClosed) and errors.Is(err, os.ErrDeadlineExceeded)
// hold whichever package the error came from. A read of 0 bytes on a
// stream socket is io.EOF.
//
// The other package-level variables (IPv4bcast, IPv6loopback, …) are
// copies of the standard ones (a Go package variable cannot be aliased);
// DefaultResolver is a green *Resolver of this package.
//
// # Crossings
//
// Where a green value meets an API that wants the standard type, convert:
//
//	(*TCPConn).Std() *net.TCPConn          FromStdTCPConn(*net.TCPConn) *TCPConn
//	(*UDPConn).Std(), (*UnixConn).Std(), (*IPConn).Std(),
//	(*TCPListener).Std(), (*UnixListener).Std() and their FromStdX
//	(*Dialer).Std() *net.Dialer            FromStdDialer(*net.Dialer) *Dialer
//	(*ListenConfig).Std(), (*Resolver).Std() and their FromStdX
//
// A conn or listener conversion duplicates the descriptor: each side owns
// its own, closing one leaves the other open, and both share the socket
// (its data, shutdown and options). What the standard side gives up: its
// I/O blocks natively in Go's poller, not through the hub, so a green
// thread blocked on it keeps the hub until the watchdog hands off;
// deadlines do not cross. Config conversions copy the fields. Conversions
// return nil for nil, or when the process is out of descriptors.
//
// FileConn, FileListener and FilePacketConn do what the standard ones do:
// they dup the file's descriptor and set O_NONBLOCK on it — which, the flag
// living on the shared open file description, the original sees too. File
// returns a dup (non-blocking) as the standard File does.
//
// # Name lookups
//
// Resolver is green/dns's resolver (an alias): the Resolver methods, the
// package Lookup functions, Dial and Listen resolve names with queries on
// green sockets, reading the hosts file, resolv.conf and nsswitch.conf as
// the standard pure-Go resolver does; literal addresses need no lookup.
// GREEN_NO_DNS=1 runs the standard resolver on the hub's thread pool
// instead. A Dialer reports to an httptrace.ClientTrace in its context as
// the standard one does: DNSStart and DNSDone around a name's lookup, then
// ConnectStart and ConnectDone around each address it tries.
//
// # Multiple-reader detection
//
// A second green thread that reads (or writes) a conn while another green
// thread already waits on it gets a *OpError wrapping a
// *hub.MultipleWaitersError — Eventlet's "second simultaneous read on
// fileno N". Turn detection off for one conn or listener with the extra
// method SetDetect(false) (green threads then queue in order, as outsiders
// always do), or for the whole hub with hub.PreventMultipleReaders(false).
// Outsiders keep net.Conn's promise: their concurrent calls are serialized.
//
// # What differs from the standard package
//
//   - Out of descriptors (EMFILE, ENFILE), Accept does not fail: it sleeps
//     (a green sleep), longer each time up to half a second, and retries.
//   - Pipe is the standard in-memory pipe; it blocks on channels, not in the
//     hub. Use a green socket pair for green threads on both ends.
//   - Buffers.WriteTo reaches writev only for standard conns (through an
//     unexported interface); green TCPConn and UnixConn have WriteBuffers.
//   - MPTCP defaults follow the standard library's (listeners on, dialers
//     off; GODEBUG=multipathtcp from the environment or go.mod's godebug
//     lines), read once at first use.
//   - IP protocol names in "ip4:name" networks come from a built-in table
//     (icmp, igmp, tcp, udp, ipv6-icmp); numbers always work.
//   - Sockets are registered with the default hub (conns a listener
//     accepts, with the listener's). A green thread of another hub (made
//     with hub.New) that uses this package is an outsider to the default
//     hub: its calls block its goroutine, and with it its own hub.
//   - Extra identifiers: the crossings above, SetDetect, WriteBuffers, and
//     Eventlet's convenience API (Connect, ListenWith, Serve, ErrStopServe,
//     WrapTLS; see eventlet.go).
//
// The parity test (parity_test.go) checks with go/types that every
// exported identifier of the standard net exists here and that each
// signature accepts the same calls, and lists those that name green types.
//
// # Other systems
//
// The green implementation is for unix (linux first: accept4, splice,
// MSG_CMSG_CLOEXEC; darwin and the BSDs set the flags with fcntl). On
// windows, wasip1 and other systems without a poller for the hub, the
// green types embed their standard counterparts and every function calls
// the standard one (fallback.go): programs build and run, blocking as
// they did before greenify.
package net
