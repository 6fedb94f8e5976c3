//go:build unix

package net

import "net"

// Crossings between green and standard values. Each side owns its own
// descriptor for the one socket (a dup): closing one leaves the other open,
// while shutdown, socket options and the data stream are shared. What the
// standard side gives up: its I/O blocks natively (Go's poller), not
// through the hub, so a green thread blocked on it holds the hub until the
// watchdog hands off. Deadlines are per descriptor and do not cross. A
// conversion returns nil when the dup fails (out of descriptors) or for a
// nil argument.

// Std gives a standard *net.TCPConn for a dup of the socket.
func (c *TCPConn) Std() *net.TCPConn {
	if !c.ok() {
		return nil
	}
	sc, _ := stdConn(c.fd).(*net.TCPConn)
	return sc
}

// FromStdTCPConn gives a green conn for a dup of c's socket; c stays open
// and usable. Keep-alive and no-delay settings carry over (they live on the
// socket).
func FromStdTCPConn(c *net.TCPConn) *TCPConn {
	if c == nil {
		return nil
	}
	if fd := fromStd(c); fd != nil {
		return &TCPConn{conn{fd}}
	}
	return nil
}

// Std gives a standard *net.UDPConn for a dup of the socket.
func (c *UDPConn) Std() *net.UDPConn {
	if !c.ok() {
		return nil
	}
	sc, _ := stdConn(c.fd).(*net.UDPConn)
	return sc
}

// FromStdUDPConn gives a green conn for a dup of c's socket.
func FromStdUDPConn(c *net.UDPConn) *UDPConn {
	if c == nil {
		return nil
	}
	if fd := fromStd(c); fd != nil {
		return newUDPConn(fd)
	}
	return nil
}

// Std gives a standard *net.UnixConn for a dup of the socket.
func (c *UnixConn) Std() *net.UnixConn {
	if !c.ok() {
		return nil
	}
	sc, _ := stdConn(c.fd).(*net.UnixConn)
	return sc
}

// FromStdUnixConn gives a green conn for a dup of c's socket.
func FromStdUnixConn(c *net.UnixConn) *UnixConn {
	if c == nil {
		return nil
	}
	if fd := fromStd(c); fd != nil {
		return newUnixConn(fd)
	}
	return nil
}

// Std gives a standard *net.IPConn for a dup of the socket.
func (c *IPConn) Std() *net.IPConn {
	if !c.ok() {
		return nil
	}
	sc, _ := stdConn(c.fd).(*net.IPConn)
	return sc
}

// FromStdIPConn gives a green conn for a dup of c's socket.
func FromStdIPConn(c *net.IPConn) *IPConn {
	if c == nil {
		return nil
	}
	if fd := fromStd(c); fd != nil {
		return newIPConn(fd)
	}
	return nil
}

// Std gives a standard *net.TCPListener for a dup of the socket. The
// ListenConfig's keep-alive settings for accepted conns do not cross.
func (l *TCPListener) Std() *net.TCPListener {
	if !l.ok() {
		return nil
	}
	sl, _ := stdListener(l.fd).(*net.TCPListener)
	return sl
}

// FromStdTCPListener gives a green listener for a dup of l's socket.
// Accepted conns get the standard default keep-alive (15 s).
func FromStdTCPListener(l *net.TCPListener) *TCPListener {
	if l == nil {
		return nil
	}
	if fd := fromStd(l); fd != nil {
		return &TCPListener{fd: fd}
	}
	return nil
}

// Std gives a standard *net.UnixListener for a dup of the socket. Neither
// side removes the socket file on Close unless told so with
// SetUnlinkOnClose(true); the original green listener keeps its setting.
func (l *UnixListener) Std() *net.UnixListener {
	if !l.ok() {
		return nil
	}
	sl, _ := stdListener(l.fd).(*net.UnixListener)
	if sl != nil {
		sl.SetUnlinkOnClose(false)
	}
	return sl
}

// FromStdUnixListener gives a green listener for a dup of l's socket; it
// does not remove the socket file on Close (l still owns that).
func FromStdUnixListener(l *net.UnixListener) *UnixListener {
	if l == nil {
		return nil
	}
	if fd := fromStd(l); fd != nil {
		name := ""
		if ua, ok := fd.Laddr.(*UnixAddr); ok {
			name = ua.Name
		}
		return &UnixListener{fd: fd, path: name, unlink: false}
	}
	return nil
}
