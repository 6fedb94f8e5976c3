package rewrite

// GreenModule is the module path of the green packages.
const GreenModule = "github.com/greenify/greenify"

// The net set: Eventlet's socket patch, which also covers ssl. Interfaces
// (Conn, Listener, PacketConn, Addr, Error) and data types are aliases in
// green/net, so values of those types cross to any code unchanged; only the
// green types below need conversions.
var netSet = &PatchSet{
	Name: "net",
	Doc:  "net and crypto/tls: sockets, listeners, dialers and TLS over the hub",
	Packages: []Package{
		{
			Std:   "net",
			Green: GreenModule + "/green/net",
			Name:  "net",
			Types: []GreenType{
				greenType("TCPConn"), greenType("UDPConn"), greenType("UnixConn"), greenType("IPConn"),
				greenType("TCPListener"), greenType("UnixListener"),
				greenType("Dialer"), greenType("ListenConfig"), greenType("Resolver"),
			},
		},
		{
			Std:   "crypto/tls",
			Green: GreenModule + "/green/tls",
			Name:  "tls",
			// tls.Conn, tls.Config and the rest are crypto/tls's own types
			// (they wrap any net.Conn); only the Dialer holds a green dialer.
			Types: []GreenType{greenType("Dialer")},
		},
	},
}

func init() { Register(netSet) }
