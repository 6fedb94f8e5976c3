package runprog

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// CheckEcho runs the echo server built from dir (examples/echo, or
// examples/plainecho: the same program on the standard net) and checks
// that it answers several clients at once, line by line, a line longer
// than its buffer coming back whole, and logs what it did.
func CheckEcho(t *testing.T, dir string) {
	Clean(t)
	p := Start(t, Build(t, dir), "-addr", "127.0.0.1:0", "-buf", "16", "-v")
	if !strings.Contains(p.Output(), "server socket listening on 127.0.0.1:") {
		t.Errorf("startup line: %q", p.Output())
	}
	var wg sync.WaitGroup
	const clients = 5
	for i := range clients {
		wg.Go(func() {
			c, err := net.Dial("tcp", p.Addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for j := range 3 {
				line := fmt.Sprintf("client %d line %d %s\n", i, j, strings.Repeat("x", 10*j))
				if _, err := c.Write([]byte(line)); err != nil {
					t.Error(err)
					return
				}
				got, err := r.ReadString('\n')
				if err != nil || got != line {
					t.Errorf("echo: %q, %v; want %q", got, err, line)
					return
				}
			}
		})
	}
	wg.Wait()
	p.WaitCount(t, "client disconnected", clients)
	if !strings.Contains(p.Output(), `echoed "client 0 line 0`) {
		t.Errorf("no echoed line in the log:\n%s", p.Output())
	}
}
