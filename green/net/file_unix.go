//go:build unix

package net

import (
	"net"
	"os"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/internal/netfd"
)

type fileAddr string

// Network names the network of the address.
func (fileAddr) Network() string { return "file+net" }

// String gives the address in text form.
func (f fileAddr) String() string { return string(f) }

// dupSocket takes a close-on-exec dup of a socket reached through a
// syscall.Conn and makes it non-blocking, as net.FileConn does. The dup
// shares the open file description, so the flag changes for the original
// too (as with the standard FileConn).
func dupSocket(sc syscall.Conn) (int, error) {
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, err
	}
	ns := -1
	var derr error
	if err := rc.Control(func(fd uintptr) {
		ns, derr = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0)
	}); err != nil {
		return -1, err
	}
	if derr != nil {
		return -1, os.NewSyscallError("fcntl", derr)
	}
	if err := unix.SetNonblock(ns, true); err != nil {
		unix.Close(ns)
		return -1, os.NewSyscallError("setnonblock", err)
	}
	return ns, nil
}

// adopt registers a dup'd socket with the hub and reads what it is.
func adopt(ns int) (*netfd.FD, error) {
	sotype, err := unix.GetsockoptInt(ns, unix.SOL_SOCKET, unix.SO_TYPE)
	if err != nil {
		unix.Close(ns)
		return nil, os.NewSyscallError("getsockopt", err)
	}
	lsa, _ := unix.Getsockname(ns)
	var family int
	switch lsa.(type) {
	case *unix.SockaddrInet4:
		family = unix.AF_INET
	case *unix.SockaddrInet6:
		family = unix.AF_INET6
	case *unix.SockaddrUnix:
		family = unix.AF_UNIX
	default:
		unix.Close(ns)
		return nil, syscall.EPROTONOSUPPORT
	}
	fd, err := netfd.New(ns, family, sotype, "")
	if err != nil {
		return nil, err
	}
	fd.Laddr = netfd.SockaddrToAddr(sotype, lsa)
	fd.SetRemoteAddr(nil)
	fd.Net = netOf(family, sotype)
	return fd, nil
}

func netOf(family, sotype int) string {
	if family == unix.AF_UNIX {
		return netfd.UnixNet(sotype)
	}
	suffix := "4"
	if family == unix.AF_INET6 {
		suffix = "6"
	}
	switch sotype {
	case unix.SOCK_STREAM:
		return "tcp" + suffix
	case unix.SOCK_DGRAM:
		return "udp" + suffix
	}
	return "ip" + suffix
}

func fileFD(f *os.File) (*netfd.FD, error) {
	ns, err := dupSocket(f)
	if err != nil {
		return nil, err
	}
	return adopt(ns)
}

func connOf(fd *netfd.FD) (Conn, error) {
	switch fd.Laddr.(type) {
	case *TCPAddr:
		return newTCPConn(fd, netfd.DefaultKeepAliveIdle, KeepAliveConfig{}), nil
	case *UDPAddr:
		return newUDPConn(fd), nil
	case *IPAddr:
		return newIPConn(fd), nil
	case *UnixAddr:
		return newUnixConn(fd), nil
	}
	fd.Close()
	return nil, syscall.EINVAL
}

// FileConn returns a green conn for a dup of the socket f: close f when
// done with it. The dup is set non-blocking, which (as with net.FileConn)
// changes f's open file description too.
func FileConn(f *os.File) (c Conn, err error) {
	fd, err := fileFD(f)
	if err == nil {
		c, err = connOf(fd)
	}
	if err != nil {
		return nil, &OpError{Op: "file", Net: "file+net", Source: nil, Addr: fileAddr(f.Name()), Err: err}
	}
	return c, nil
}

// FileListener returns a green listener for a dup of the socket f.
func FileListener(f *os.File) (ln Listener, err error) {
	fd, err := fileFD(f)
	if err == nil {
		switch laddr := fd.Laddr.(type) {
		case *TCPAddr:
			ln = &TCPListener{fd: fd}
		case *UnixAddr:
			ln = &UnixListener{fd: fd, path: laddr.Name, unlink: false}
		default:
			fd.Close()
			err = syscall.EINVAL
		}
	}
	if err != nil {
		return nil, &OpError{Op: "file", Net: "file+net", Source: nil, Addr: fileAddr(f.Name()), Err: err}
	}
	return ln, nil
}

// FilePacketConn returns a green packet conn for a dup of the socket f.
func FilePacketConn(f *os.File) (c PacketConn, err error) {
	fd, err := fileFD(f)
	if err == nil {
		switch fd.Laddr.(type) {
		case *UDPAddr:
			c = newUDPConn(fd)
		case *IPAddr:
			c = newIPConn(fd)
		case *UnixAddr:
			c = newUnixConn(fd)
		default:
			fd.Close()
			err = syscall.EINVAL
		}
	}
	if err != nil {
		return nil, &OpError{Op: "file", Net: "file+net", Source: nil, Addr: fileAddr(f.Name()), Err: err}
	}
	return c, nil
}

// std makes a standard value for a dup of fd's socket through
// net.FileConn / FileListener (which dup once more and register the copy
// with Go's poller).
func stdFile(fd *netfd.FD) *os.File {
	if fd == nil {
		return nil
	}
	f, err := fd.File("green")
	if err != nil {
		return nil
	}
	return f
}

func stdConn(fd *netfd.FD) net.Conn {
	f := stdFile(fd)
	if f == nil {
		return nil
	}
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil
	}
	return c
}

func stdListener(fd *netfd.FD) net.Listener {
	f := stdFile(fd)
	if f == nil {
		return nil
	}
	defer f.Close()
	l, err := net.FileListener(f)
	if err != nil {
		return nil
	}
	return l
}

// fromStd dups a standard conn's or listener's socket into a green FD
// (nil when that fails; fromStdErr says why).
func fromStd(sc syscall.Conn) *netfd.FD {
	fd, _ := fromStdErr(sc)
	return fd
}

func fromStdErr(sc syscall.Conn) (*netfd.FD, error) {
	ns, err := dupSocket(sc)
	if err != nil {
		return nil, err
	}
	return adopt(ns)
}
