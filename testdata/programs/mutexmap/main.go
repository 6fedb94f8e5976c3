// A mutex-protected map held across network I/O: each client locks the
// map, asks an echo server over TCP, and stores the answer before it
// unlocks.
package main

import (
	"bufio"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync"
)

func serve(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer c.Close()
			r := bufio.NewReader(c)
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				c.Write([]byte(strings.ToUpper(line)))
			}
		}()
	}
}

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	go serve(l)
	var mu sync.Mutex
	m := map[string]string{}
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				panic(err)
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := range 3 {
				key := fmt.Sprintf("k%d-%d", i, j)
				mu.Lock()
				fmt.Fprintf(c, "%s\n", key)
				ans, err := r.ReadString('\n')
				if err != nil {
					panic(err)
				}
				m[key] = strings.TrimSpace(ans)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(len(keys), keys[0], m[keys[0]], keys[len(keys)-1], m[keys[len(keys)-1]])
}
