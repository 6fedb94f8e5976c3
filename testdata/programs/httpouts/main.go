// net/http handlers call a rewritten package from the server's own
// goroutines (outsiders to the hub), while clients on goroutines of their
// own call the server concurrently.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"

	"example.com/programs/httpouts/counter"
)

func main() {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%d", counter.Hit(r.URL.Path))
	})}
	go srv.Serve(l)
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		// net/http's client waits outside the hub (its transport is not
		// rewritten): its callers stay goroutines of their own.
		//greenify:ignore
		go func() {
			defer wg.Done()
			resp, err := http.Get("http://" + l.Addr().String() + "/a")
			if err != nil {
				panic(err)
			}
			io.ReadAll(resp.Body)
			resp.Body.Close()
		}()
	}
	wg.Wait()
	// No srv.Close: it waits for Serve inside net/http, outside the hub,
	// while main holds it; the program ends with main instead.
	fmt.Println("hits", counter.Hits("/a"))
}
