// Command roulette is "Proxymachine in 55 lines" from "Eventlet is
// Awesome!" (seeds/000): a content router. It reads the first bytes of
// each connection until a Router picks a backend, connects to it, replays
// what it read and forwards both ways. A connection no route can take
// gets one error line and is closed.
//
//	go run ./examples/roulette -addr localhost:8080 \
//	    -route 'GET =localhost:8000' -route 'SSH-=localhost:22'
//
// With -even and -odd it runs the original's ten-line Roulette router
// instead: the client's port parity picks the backend.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"log"
	"strings"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// chunkSize is the original's CHUNK_SIZE.
const chunkSize = 32384

// maxRouteBytes bounds what is buffered while no route has been found.
const maxRouteBytes = 64 << 10

// A Router picks the backend for a connection from its peer address and
// the bytes read so far: a backend address, or "" to read more. An error
// means no route can ever take the connection.
type Router interface {
	Route(addr net.Addr, data []byte) (backend string, err error)
}

// ErrNoRoute is what a Router returns for a connection it cannot route.
var ErrNoRoute = errors.New("no route")

// PrefixRouter routes by how the data starts (a protocol's greeting or
// request line), like Proxymachine's examples.
type PrefixRouter struct {
	Prefixes []string // tried in order
	Backends []string // Backends[i] serves Prefixes[i]
}

func (r *PrefixRouter) Route(addr net.Addr, data []byte) (string, error) {
	undecided := false
	for i, p := range r.Prefixes {
		if bytes.HasPrefix(data, []byte(p)) {
			return r.Backends[i], nil
		}
		if strings.HasPrefix(p, string(data)) {
			undecided = true // data may still grow into p
		}
	}
	if undecided {
		return "", nil
	}
	return "", ErrNoRoute
}

// ParityRouter is the original Roulette: "route inbound connections to
// either localhost:9998 or localhost:9999 depending on whether the remote
// port is divisible by two".
type ParityRouter struct{ Even, Odd string }

func (r ParityRouter) Route(addr net.Addr, data []byte) (string, error) {
	if ta, ok := addr.(*net.TCPAddr); ok && ta.Port%2 == 0 {
		return r.Even, nil
	}
	return r.Odd, nil
}

// forward copies source to dest until source ends, then half-closes dest
// so its peer sees the end too.
func forward(source, dest net.Conn) {
	buf := make([]byte, chunkSize)
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
	if tc, ok := dest.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
}

// route reads from client until router picks a backend, then forwards
// both ways until both directions end. It runs in the green thread that
// net.Serve started for the connection (Serve closes client after).
func route(router Router, client net.Conn) error {
	addr := client.RemoteAddr()
	var blocks []byte
	buf := make([]byte, chunkSize)
	for {
		n, err := client.Read(buf)
		blocks = append(blocks, buf[:n]...)
		backend, rerr := "", error(nil)
		if n > 0 {
			backend, rerr = router.Route(addr, blocks)
		}
		switch {
		case rerr != nil:
			return refuse(client, fmt.Errorf("failed to route request %q: %w", blocks, rerr))
		case backend != "":
			return forwardTo(backend, client, blocks)
		case err != nil:
			return refuse(client, fmt.Errorf("failed to route request %q: connection ended first", blocks))
		case len(blocks) > maxRouteBytes:
			return refuse(client, fmt.Errorf("failed to route request: no route after %d bytes", len(blocks)))
		}
	}
}

// refuse gives the client one line saying why, and Serve logs it too.
func refuse(client net.Conn, err error) error {
	fmt.Fprintf(client, "roulette: %v\n", err)
	return err
}

func forwardTo(backend string, client net.Conn, blocks []byte) error {
	log.Printf("Forwarded connection from %v to %v", client.RemoteAddr(), backend)
	server, err := net.Connect(backend)
	if err != nil {
		return refuse(client, fmt.Errorf("backend %v: %w", backend, err))
	}
	defer server.Close()
	if _, err := server.Write(blocks); err != nil {
		return err
	}
	back := hub.Spawn(func() (struct{}, error) { forward(server, client); return struct{}{}, nil })
	forward(client, server)
	back.Wait()
	return nil
}

// routes collects repeated -route PREFIX=ADDR flags.
type routes struct{ PrefixRouter }

func (r *routes) String() string { return fmt.Sprint(r.Prefixes) }

func (r *routes) Set(s string) error {
	i := strings.LastIndex(s, "=")
	if i <= 0 {
		return errors.New("want PREFIX=HOST:PORT")
	}
	r.Prefixes = append(r.Prefixes, s[:i])
	r.Backends = append(r.Backends, s[i+1:])
	return nil
}

func main() {
	var rs routes
	listen := flag.String("addr", "localhost:8080", "address to listen on")
	flag.Var(&rs, "route", "PREFIX=HOST:PORT: connections whose data starts with PREFIX go to HOST:PORT (repeatable, tried in order)")
	even := flag.String("even", "", "with -odd: the original Roulette, even client ports go here")
	odd := flag.String("odd", "", "with -even: odd client ports go here")
	flag.Parse()
	log.SetFlags(0)

	var router Router = &rs.PrefixRouter
	if *even != "" && *odd != "" {
		router = ParityRouter{Even: *even, Odd: *odd}
	} else if len(rs.Prefixes) == 0 {
		log.Fatal("roulette: give -route PREFIX=ADDR, or -even and -odd")
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("roulette listening on %v", l.Addr())
	log.Fatal(net.Serve(l, func(c net.Conn) error { return route(router, c) }, 0))
}
