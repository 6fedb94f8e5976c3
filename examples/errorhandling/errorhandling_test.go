package main

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

func request(t *testing.T, addr, path string) string {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, path+"\x00"); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(b)
}

// A request for a missing file kills its handler (logged with a stack);
// the next client is served.
func TestErrorHandling(t *testing.T) {
	runprog.Clean(t)
	dir := t.TempDir()
	y := filepath.Join(dir, "y")
	if err := os.WriteFile(y, []byte("foo bar qux\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := runprog.Start(t, runprog.Build(t, "."), "-addr", "127.0.0.1:0")

	x := filepath.Join(dir, "x")
	if got := request(t, p.Addr, x); got != "" {
		t.Errorf("missing file: got %q, want the conn closed with nothing", got)
	}
	p.WaitOutput(t, "main.connectionHandler") // the stack comes after the message
	out := p.Output()
	if !strings.Contains(out, "no such file or directory") || !strings.Contains(out, "main.connectionHandler") {
		t.Errorf("the panic is not logged with its error and stack:\n%s", out)
	}
	if got := request(t, p.Addr, y); got != "foo bar qux\n" {
		t.Errorf("after the panic: got %q", got)
	}
	p.WaitCount(t, "client requested: ", 2)
	p.WaitCount(t, "accepted 127.0.0.1:", 2)
}
