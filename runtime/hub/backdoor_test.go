package hub

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// session is one console connection as a test client sees it.
type session struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dialBackdoor(t *testing.T, l net.Listener) *session {
	t.Helper()
	c, err := net.Dial(l.Addr().Network(), l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.SetDeadline(time.Now().Add(30 * time.Second)) // a hang fails, it does not stall the suite
	s := &session{t, c, bufio.NewReader(c)}
	if banner := s.untilPrompt(); !strings.Contains(banner, "backdoor") {
		t.Fatalf("banner %q", banner)
	}
	return s
}

// untilPrompt reads everything up to the next prompt.
func (s *session) untilPrompt() string {
	s.t.Helper()
	var b strings.Builder
	for !strings.HasSuffix(b.String(), "hub> ") {
		c, err := s.r.ReadByte()
		if err != nil {
			s.t.Fatalf("reading the console: %v (so far %q)", err, b.String())
		}
		b.WriteByte(c)
	}
	return strings.TrimSuffix(b.String(), "hub> ")
}

func (s *session) do(cmd string) string {
	s.t.Helper()
	if _, err := io.WriteString(s.c, cmd+"\n"); err != nil {
		s.t.Fatal(err)
	}
	return s.untilPrompt()
}

func TestBackdoor(t *testing.T) {
	h := newTestHub(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- h.Backdoor(l) }()

	// Something to see: a green thread parked on an event.
	e := NewEventOn[int](h)
	g := SpawnOn(h, e.Wait)
	waitFor(t, "the waiter to park", func() bool {
		var b strings.Builder
		h.Dump(&b)
		return strings.Contains(b.String(), "waiting: Event.Wait")
	})

	s := dialBackdoor(t, l)
	if out := s.do("help"); !strings.Contains(out, "dump") || !strings.Contains(out, "quit") {
		t.Errorf("help: %q", out)
	}
	if out := s.do("dump"); !strings.Contains(out, "waiting: Event.Wait") || !strings.Contains(out, "counters:") {
		t.Errorf("dump: %q", out)
	}
	if out := s.do("stats"); !strings.Contains(out, "threads=1 ") || !strings.Contains(out, "spawns=") {
		t.Errorf("stats: %q", out)
	}
	if out := s.do(""); out != "" {
		t.Errorf("empty line: %q", out)
	}
	if out := s.do("rm -rf /"); !strings.Contains(out, "unknown command") {
		t.Errorf("unknown command: %q", out)
	}
	io.WriteString(s.c, "quit\n")
	if rest, err := io.ReadAll(s.r); err != nil || !strings.Contains(string(rest), "bye") {
		t.Errorf("after quit: %q, %v", rest, err)
	}
	s.c.Close()

	// Closing the listener ends Backdoor and the sessions still open.
	s2 := dialBackdoor(t, l)
	l.Close()
	if err := <-served; err != nil {
		t.Errorf("Backdoor returned %v after its listener closed", err)
	}
	if _, err := s2.r.ReadByte(); err == nil {
		t.Error("a session outlived Backdoor")
	}
	s2.c.Close()
	e.Send(1)
	g.Wait()
}

// Backdoor on the default hub, over a unix socket, driven by a client
// that just disconnects.
func TestBackdoorDefaultHubUnix(t *testing.T) {
	defer checkLeaks(t)
	defer Close()
	l, err := net.Listen("unix", t.TempDir()+"/bd.sock")
	if err != nil {
		t.Skip("no unix sockets here:", err)
	}
	served := make(chan error, 1)
	go func() { served <- Backdoor(l) }()
	Go(func() {}) // start the default hub, so there is something to count
	s := dialBackdoor(t, l)
	if out := s.do("stats"); !strings.Contains(out, "spawns=1") {
		t.Errorf("stats: %q", out)
	}
	s.c.Close() // hang up without quit
	l.Close()
	if err := <-served; err != nil {
		t.Errorf("Backdoor: %v", err)
	}
}
