package main

import (
	"bufio"
	"io"
	"net"
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

type participant struct {
	c net.Conn
	r *bufio.Reader
}

func join(t *testing.T, p *runprog.Proc, n int) *participant {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	p.WaitCount(t, "Participant joined chat.", n)
	return &participant{c, bufio.NewReader(c)}
}

func (pt *participant) say(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(pt.c, line+"\n"); err != nil {
		t.Fatal(err)
	}
}

func (pt *participant) hears(t *testing.T, want string) {
	t.Helper()
	got, err := pt.r.ReadString('\n')
	if err != nil || got != want+"\n" {
		t.Fatalf("heard %q, %v; want %q", got, err, want)
	}
}

// A line goes to every other participant and never back to its sender;
// one who leaves is dropped and the others go on.
func TestChat(t *testing.T) {
	runprog.Clean(t)
	p := runprog.Start(t, runprog.Build(t, "."), "-addr", "127.0.0.1:0")
	a, b, c := join(t, p, 1), join(t, p, 2), join(t, p, 3)

	a.say(t, "hello from a")
	b.hears(t, "hello from a")
	c.hears(t, "hello from a")
	b.say(t, "hi from b")
	// a's next line is b's: its own "hello" never came back.
	a.hears(t, "hi from b")
	c.hears(t, "hi from b")

	c.c.Close()
	p.WaitOutput(t, "Participant left chat.")
	a.say(t, "bye")
	b.hears(t, "bye")
	p.WaitOutput(t, "Chat: bye")
}
