// Command errorhandling is the error-handling demo of "Fast, easy, event
// driven servers" (seeds/004): each client sends a file path ended by a
// NUL byte and gets the file back. A path that cannot be read makes the
// handler panic — and only that green thread dies: the hub logs the panic
// with its stack, the deferred Close releases the conn, and the server
// serves the next client as if nothing happened.
//
//	go run ./examples/errorhandling -addr :6000 &
//	printf '/tmp/x\0' | nc localhost 6000   # missing: a stack trace on the server
//	printf '/tmp/y\0' | nc localhost 6000   # served
//
// This is a demo of the safety net, not a way to handle errors.
package main

import (
	"bufio"
	"flag"
	"log"
	"os"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

var addr = flag.String("addr", ":6000", "address to listen on")

func connectionHandler(sock net.Conn) {
	defer sock.Close()
	filepath, err := bufio.NewReader(sock).ReadString(0)
	if err != nil {
		return
	}
	filepath = filepath[:len(filepath)-1]
	log.Printf("client requested: %s", filepath)
	// Reading a regular file blocks natively, so it runs on the hub's
	// thread pool (Eventlet's tpool) instead of holding the hub.
	data, err := hub.Execute(func() ([]byte, error) { return os.ReadFile(filepath) })
	if err != nil {
		panic(err) // as open() raises in the original: this thread dies alone
	}
	sock.Write(data)
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	server, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("server socket listening on %v", server.Addr())
	for {
		newSock, err := server.Accept()
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("accepted %v", newSock.RemoteAddr())
		hub.Go(func() { connectionHandler(newSock) })
	}
}
