// Command forwarder is the port forwarder of "Beautiful-er Eventlet"
// (seeds/003): it accepts connections on one port, connects each to a
// target, and copies both ways, with a callback when the client side
// closes.
//
//	go run ./examples/forwarder -addr localhost:7000 -target localhost:22 &
//	ssh -p 7000 localhost
//
// Each direction is a green thread running a 32 KiB read/write loop, as
// the original's recv/sendall loop; -iocopy uses io.Copy instead, which
// splices between green TCP conns in the kernel.
package main

import (
	"flag"
	"io"
	"log"
	"sync/atomic"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

var (
	addr   = flag.String("addr", "localhost:7000", "address to listen on")
	target = flag.String("target", "localhost:22", "address to forward to")
	iocopy = flag.Bool("iocopy", false, "copy with io.Copy (splice) instead of the read/write loop")
	quiet  = flag.Bool("q", false, "do not log each connection")
)

func closedCallback() {
	if !*quiet {
		log.Print("called back")
	}
}

// forward copies source to dest until source ends, then passes the end on
// (half-close) so that the peer sees it too, and calls cb.
func forward(source, dest net.Conn, cb func()) {
	if *iocopy {
		io.Copy(dest, source)
	} else {
		buf := make([]byte, 32*1024)
		for {
			n, err := source.Read(buf)
			if n > 0 {
				if _, werr := dest.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
	}
	if tc, ok := dest.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	cb()
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("forwarder listening on %v, forwarding to %v", listener.Addr(), *target)
	for {
		client, err := listener.Accept()
		if err != nil {
			log.Fatal(err)
		}
		server, err := net.Dial("tcp", *target)
		if err != nil {
			log.Printf("connect %v: %v", *target, err)
			client.Close()
			continue
		}
		// Both conns close once both directions have ended.
		var ended atomic.Int32
		closeBoth := func() {
			if ended.Add(1) == 2 {
				client.Close()
				server.Close()
			}
		}
		hub.Go(func() { forward(client, server, func() { closedCallback(); closeBoth() }) })
		hub.Go(func() { forward(server, client, closeBoth) })
	}
}
