// Command echo is the echo server of "Fast, easy, event driven servers
// with Eventlet" (seeds/004): it accepts TCP connections on port 6000 and
// writes every line it reads back to the client, one green thread per
// connection.
//
//	go run ./examples/echo -addr :6000 &
//	nc localhost 6000
//
// examples/plainecho is this program on the standard net package: the two
// files differ only in the import block and in the spawn line (hub.Go here,
// a go statement there) — what greenify's net and thread patch sets turn
// plainecho into. scripts/bench.sh runs both side by side.
package main

import (
	"bufio"
	"flag"
	"log"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

var (
	addr    = flag.String("addr", ":6000", "address to listen on")
	bufSize = flag.Int("buf", 4096, "per-connection read buffer in bytes (a line longer than this is echoed in pieces)")
	verbose = flag.Bool("v", false, "log every connection and line, as the original does")
	gcSig   = flag.Bool("gc-signal", false, "on SIGUSR1, run the garbage collector and return freed memory to the OS (for measuring idle memory)")
)

func main() {
	flag.Parse()
	log.SetFlags(0)
	if *gcSig {
		forceGCOnSignal()
	}
	server, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("server socket listening on %v", server.Addr())
	for {
		conn, err := server.Accept()
		if err != nil {
			log.Fatal(err)
		}
		if *verbose {
			log.Printf("accepted %v", conn.RemoteAddr())
		}
		hub.Go(func() { connectionHandler(conn) })
	}
}

// connectionHandler echoes lines until the client hangs up.
func connectionHandler(conn net.Conn) {
	defer conn.Close()
	if *verbose {
		log.Print("client connected")
	}
	r := bufio.NewReaderSize(conn, *bufSize)
	for {
		// Pass through every non-EOF line (or buffer-full piece of one).
		line, err := r.ReadSlice('\n')
		if len(line) > 0 {
			if _, werr := conn.Write(line); werr != nil {
				break
			}
			if *verbose {
				log.Printf("echoed %q", line)
			}
		}
		if err != nil && err != bufio.ErrBufferFull {
			break
		}
	}
	if *verbose {
		log.Print("client disconnected")
	}
}

func forceGCOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		for range c {
			runtime.GC()
			debug.FreeOSMemory()
			log.Print("gc done")
		}
	}()
}
