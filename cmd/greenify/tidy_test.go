package main

// greenify pin makes this command a tool of the user's module, and go mod
// tidy keeps the go.sum lines of every package the tests of the module's
// tools import. Importing the green packages here is what keeps the lines
// the build mode needs to compile them through tidy, though no source of
// the user's imports them.
import (
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"github.com/greenify/greenify/rewrite"

	_ "github.com/greenify/greenify/green/dns"
	_ "github.com/greenify/greenify/green/exec"
	_ "github.com/greenify/greenify/green/net"
	_ "github.com/greenify/greenify/green/os"
	_ "github.com/greenify/greenify/green/tls"
	_ "github.com/greenify/greenify/runtime/hub"
)

// TestTidyKeepsGreen: this file imports the green package of every set and
// the hub the code sets call.
func TestTidyKeepsGreen(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "tidy_test.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range f.Imports {
		p, _ := strconv.Unquote(s.Path.Value)
		have[p] = true
	}
	want := []string{rewrite.GreenModule + "/runtime/hub"}
	for _, s := range rewrite.Sets() {
		for _, p := range s.Packages {
			want = append(want, p.Green)
		}
	}
	for _, p := range want {
		if !have[p] {
			t.Errorf("tidy_test.go does not import %s: go mod tidy would drop its go.sum lines from a pinned module", p)
		}
	}
}
