// Command benchhttp is the net/http server of scripts/bench.sh: the same
// handler served on a green listener (-green) or a standard one, for wrk.
// net/http's per-connection goroutines are outsiders to the hub: they
// block on green conns without being green threads.
package main

import (
	"flag"
	"log"
	stdnet "net"
	"net/http"

	greennet "github.com/greenify/greenify/green/net"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	green := flag.Bool("green", false, "listen with green/net instead of the standard net")
	flag.Parse()
	log.SetFlags(0)
	var ln stdnet.Listener
	var err error
	if *green {
		ln, err = greennet.Listen("tcp", *addr)
	} else {
		ln, err = stdnet.Listen("tcp", *addr)
	}
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("http listening on %v", ln.Addr())
	body := []byte("hello, world\n")
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})))
}
