// A chat server with a goroutine per client and a broadcast channel, and
// clients in the same process that each say one line and read everyone's.
package main

import (
	"bufio"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
)

type server struct {
	join      chan net.Conn
	leave     chan net.Conn
	broadcast chan string
}

func (s *server) run() {
	conns := map[net.Conn]bool{}
	for {
		select {
		case c := <-s.join:
			conns[c] = true
			fmt.Fprintf(c, "welcome\n")
		case c := <-s.leave:
			delete(conns, c)
			c.Close()
		case msg := <-s.broadcast:
			for c := range conns {
				fmt.Fprintf(c, "%s\n", msg)
			}
		}
	}
}

func (s *server) handle(c net.Conn) {
	s.join <- c
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			s.leave <- c
			return
		}
		s.broadcast <- strings.TrimSpace(line)
	}
}

const clients = 4

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	s := &server{join: make(chan net.Conn), leave: make(chan net.Conn), broadcast: make(chan string)}
	go s.run()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.handle(c)
		}
	}()
	var joined, said sync.WaitGroup
	joined.Add(clients)
	said.Add(clients)
	heard := make([][]string, clients)
	for i := range clients {
		go func() {
			defer said.Done()
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				panic(err)
			}
			defer c.Close()
			r := bufio.NewReader(c)
			if w, _ := r.ReadString('\n'); w != "welcome\n" {
				panic("no welcome: " + w)
			}
			joined.Done()
			joined.Wait()
			fmt.Fprintf(c, "hello from %d\n", i)
			for range clients {
				line, err := r.ReadString('\n')
				if err != nil {
					panic(err)
				}
				heard[i] = append(heard[i], strings.TrimSpace(line))
			}
		}()
	}
	said.Wait()
	l.Close()
	for i, h := range heard {
		sort.Strings(h)
		fmt.Println(i, strings.Join(h, ", "))
	}
}
