// Package netfd is the green socket layer: a socket file descriptor owned by
// a hub Handle, with the system calls around it (socket, bind, listen,
// connect, accept, read/write in their datagram and message forms,
// shutdown, socket options) and the conversions between unix.Sockaddr and
// the standard net address types.
//
// It plays the part that internal/poll.FD and net.netFD play together in the
// standard library: the Handle is both the fdMutex (per-direction operation
// locks, references, deadlines) and the pollDesc (readiness). Every blocking
// call follows one loop: take the direction lock, read the readiness token,
// try the system call, and on EAGAIN park in the hub until an edge newer than
// the token, then retry. A green thread parks without holding the hub; an
// outsider goroutine parks natively. Neither spins.
//
// Errors come back in the shapes the standard net package builds its
// *net.OpError values from: system call failures as *os.SyscallError,
// closed handles as net.ErrClosed, expired deadlines as
// os.ErrDeadlineExceeded, and the hub's own errors (a
// *hub.MultipleWaitersError, a *hub.Timeout, hub.ErrKilled) unchanged, so
// errors.Is and errors.As see through them.
//
// The package imports the standard net only for its address and error
// types, never green/net, so that green/net and green/dns can both build on
// it. The code is for unix (linux first: accept4, SOCK_NONBLOCK, splice);
// other unix systems use socket+fcntl under syscall.ForkLock as the standard
// library does. On windows and wasip1 the package is empty and green/net
// falls back to the standard net.
package netfd
