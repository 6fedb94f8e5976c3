package main

import (
	"bytes"
	"strings"
	"testing"
)

// The README's first command: greenify on the bundled plain-net echo
// server, inside greenify's own module (which needs no go get).
func TestBundledExample(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"-l", "../../examples/plainecho"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "plainecho/main.go") {
		t.Fatalf("main.go not listed:\n%s", out.String())
	}
}
