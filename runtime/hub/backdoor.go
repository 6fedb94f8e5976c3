package hub

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// Backdoor serves a console for the default hub on l; see (*Hub).Backdoor.
func Backdoor(l net.Listener) error { return Default().Backdoor(l) }

// Backdoor serves an introspection console on l until l is closed
// (Eventlet's backdoor, without the Python REPL): each connection gets a
// prompt and the commands
//
//	dump   the hub's threads, handles, timers and counters (Dump)
//	stats  the counters on one line
//	help   this list
//	quit   close the connection
//
// It returns nil once l is closed (any other Accept error is returned),
// after closing the connections still open. Connections are served by
// plain goroutines, outsiders to the hub, so a console works even while
// the hub is stalled. l should be a standard listener (net.Listen); call
// Backdoor from an outsider goroutine, e.g. go hub.Backdoor(l).
// Anyone who can connect can read the dump: listen on loopback or a
// unix socket.
func (h *Hub) Backdoor(l net.Listener) error {
	var (
		mu    sync.Mutex
		conns = map[net.Conn]struct{}{}
		wg    sync.WaitGroup
		delay time.Duration
	)
	defer func() {
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	}()
	for {
		c, err := l.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			var te interface{ Temporary() bool }
			if errors.As(err, &te) && te.Temporary() { // EMFILE and the like: back off, don't spin
				delay = min(max(2*delay, 5*time.Millisecond), time.Second)
				time.Sleep(delay)
				continue
			}
			return err
		}
		delay = 0
		mu.Lock()
		conns[c] = struct{}{}
		mu.Unlock()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				mu.Lock()
				delete(conns, c)
				mu.Unlock()
				c.Close()
			}()
			h.console(c, c)
		}()
	}
}

const backdoorHelp = `commands:
  dump   green threads, handles, timers and counters
  stats  counters on one line
  help   this list
  quit   close the connection
`

// console runs one session: prompt, read a line, answer, until quit or EOF.
func (h *Hub) console(r io.Reader, w io.Writer) {
	in := bufio.NewScanner(r)
	fmt.Fprintf(w, "greenify hub backdoor (%s); type help\n", h.Kind())
	for {
		if _, err := io.WriteString(w, "hub> "); err != nil {
			return
		}
		if !in.Scan() {
			return
		}
		switch cmd := strings.TrimSpace(in.Text()); cmd {
		case "":
		case "dump":
			h.Dump(w)
		case "stats":
			s := h.Stats()
			fmt.Fprintf(w, "threads=%d switches=%d spawns=%d polls=%d stalls=%d handoffs=%d\n",
				s.Threads, s.Switches, s.Spawns, s.Polls, s.Stalls, s.Handoffs)
		case "help", "?":
			io.WriteString(w, backdoorHelp)
		case "quit", "exit":
			io.WriteString(w, "bye\n")
			return
		default:
			fmt.Fprintf(w, "unknown command %q; try help\n", cmd)
		}
	}
}
