// Command chat is the chat server of the early Eventlet manual
// (seeds/002): every line a participant sends goes to every other
// participant.
//
//	go run ./examples/chat -addr :3000 &
//	nc localhost 3000    # in two terminals
//
// The whole program runs as green threads (hub.Run makes main's code one),
// so the participants set needs no lock: a green thread keeps the hub
// until it blocks in a green call, and no green call happens between
// reading the set and changing it.
package main

import (
	"bufio"
	"flag"
	"log"
	"strings"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

var addr = flag.String("addr", ":3000", "address to listen on")

// participants is shared by every green thread of the server.
var participants = map[net.Conn]bool{}

func readChatForever(conn net.Conn) {
	defer conn.Close()
	reader := bufio.NewReader(conn)
	for {
		line, err := reader.ReadString('\n')
		if err != nil {
			break
		}
		log.Printf("Chat: %s", strings.TrimSpace(line))
		for p := range participants {
			if p != conn { // Don't echo
				// A participant that is gone fails here; its own
				// reader notices and removes it.
				p.Write([]byte(line))
			}
		}
	}
	delete(participants, conn)
	log.Print("Participant left chat.")
}

func main() {
	flag.Parse()
	log.SetFlags(0)
	hub.Run(func() {
		server, err := net.Listen("tcp", *addr)
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("ChatServer listening on %v", server.Addr())
		for {
			conn, err := server.Accept()
			if err != nil {
				log.Fatal(err)
			}
			log.Print("Participant joined chat.")
			participants[conn] = true
			hub.Go(func() { readChatForever(conn) })
		}
	})
}
