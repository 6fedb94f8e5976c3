package net

import (
	"net"
	"net/netip"
)

// Interfaces and pure data types are the standard ones: values cross
// between this package and the standard net (and every library that takes
// a net.Conn or a *net.TCPAddr) without conversion. None of them has a
// method that blocks.
type (
	Addr                = net.Addr
	Conn                = net.Conn
	PacketConn          = net.PacketConn
	Listener            = net.Listener
	Error               = net.Error
	IP                  = net.IP
	IPMask              = net.IPMask
	IPNet               = net.IPNet
	IPAddr              = net.IPAddr
	TCPAddr             = net.TCPAddr
	UDPAddr             = net.UDPAddr
	UnixAddr            = net.UnixAddr
	HardwareAddr        = net.HardwareAddr
	Interface           = net.Interface
	Flags               = net.Flags
	MX                  = net.MX
	NS                  = net.NS
	SRV                 = net.SRV
	OpError             = net.OpError
	DNSError            = net.DNSError
	DNSConfigError      = net.DNSConfigError
	AddrError           = net.AddrError
	ParseError          = net.ParseError
	UnknownNetworkError = net.UnknownNetworkError
	InvalidAddrError    = net.InvalidAddrError
	KeepAliveConfig     = net.KeepAliveConfig
	// Buffers is the standard type; its WriteTo uses writev only for the
	// standard conns (the hook is unexported), so on a green conn it writes
	// the buffers one by one. Use (*TCPConn).WriteBuffers for one writev.
	Buffers = net.Buffers
)

const (
	IPv4len = net.IPv4len
	IPv6len = net.IPv6len

	FlagUp           = net.FlagUp
	FlagBroadcast    = net.FlagBroadcast
	FlagLoopback     = net.FlagLoopback
	FlagPointToPoint = net.FlagPointToPoint
	FlagMulticast    = net.FlagMulticast
	FlagRunning      = net.FlagRunning
)

// The error values are the standard ones, so that errors.Is(err, ErrClosed)
// holds for errors from either package.
var (
	ErrClosed           = net.ErrClosed
	ErrWriteToConnected = net.ErrWriteToConnected
)

// Well-known addresses: copies of the standard variables (slices sharing
// their bytes), as mutable package variables cannot be aliased.
var (
	IPv4bcast     = net.IPv4bcast
	IPv4allsys    = net.IPv4allsys
	IPv4allrouter = net.IPv4allrouter
	IPv4zero      = net.IPv4zero

	IPv6zero                   = net.IPv6zero
	IPv6unspecified            = net.IPv6unspecified
	IPv6loopback               = net.IPv6loopback
	IPv6interfacelocalallnodes = net.IPv6interfacelocalallnodes
	IPv6linklocalallnodes      = net.IPv6linklocalallnodes
	IPv6linklocalallrouters    = net.IPv6linklocalallrouters
)

// Pure functions: no I/O, or only netlink queries that answer at once.

// IPv4 is the standard net.IPv4.
func IPv4(a, b, c, d byte) IP { return net.IPv4(a, b, c, d) }

// IPv4Mask is the standard net.IPv4Mask.
func IPv4Mask(a, b, c, d byte) IPMask { return net.IPv4Mask(a, b, c, d) }

// CIDRMask is the standard net.CIDRMask.
func CIDRMask(ones, bits int) IPMask { return net.CIDRMask(ones, bits) }

// ParseIP is the standard net.ParseIP.
func ParseIP(s string) IP { return net.ParseIP(s) }

// ParseCIDR is the standard net.ParseCIDR.
func ParseCIDR(s string) (IP, *IPNet, error) { return net.ParseCIDR(s) }

// ParseMAC is the standard net.ParseMAC.
func ParseMAC(s string) (hw HardwareAddr, err error) { return net.ParseMAC(s) }

// JoinHostPort is the standard net.JoinHostPort.
func JoinHostPort(host, port string) string { return net.JoinHostPort(host, port) }

// SplitHostPort is the standard net.SplitHostPort.
func SplitHostPort(hostport string) (host, port string, err error) {
	return net.SplitHostPort(hostport)
}

// TCPAddrFromAddrPort is the standard net.TCPAddrFromAddrPort.
func TCPAddrFromAddrPort(addr netip.AddrPort) *TCPAddr { return net.TCPAddrFromAddrPort(addr) }

// UDPAddrFromAddrPort is the standard net.UDPAddrFromAddrPort.
func UDPAddrFromAddrPort(addr netip.AddrPort) *UDPAddr { return net.UDPAddrFromAddrPort(addr) }

// ResolveUnixAddr is the standard net.ResolveUnixAddr (no lookup is involved).
func ResolveUnixAddr(network, address string) (*UnixAddr, error) {
	return net.ResolveUnixAddr(network, address)
}

// Interfaces is the standard net.Interfaces.
func Interfaces() ([]Interface, error) { return net.Interfaces() }

// InterfaceAddrs is the standard net.InterfaceAddrs.
func InterfaceAddrs() ([]Addr, error) { return net.InterfaceAddrs() }

// InterfaceByIndex is the standard net.InterfaceByIndex.
func InterfaceByIndex(index int) (*Interface, error) { return net.InterfaceByIndex(index) }

// InterfaceByName is the standard net.InterfaceByName.
func InterfaceByName(name string) (*Interface, error) { return net.InterfaceByName(name) }

// Pipe is the standard in-memory pipe: it has no file descriptor, and its
// ends block on Go channels, so a green thread blocked on one holds the hub
// (the watchdog hands off past it). Where green threads sit on both ends,
// use a green Unix or TCP pair (ListenUnix + DialUnix) instead.
func Pipe() (Conn, Conn) { return net.Pipe() }
