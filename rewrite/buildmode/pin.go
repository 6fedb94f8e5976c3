package buildmode

import (
	"flag"
	"fmt"
	"io"

	"github.com/greenify/greenify/rewrite"
)

// Pin is "greenify pin [-green=dir]": it adds the green module to the
// current module's go.mod and go.sum so that the build mode can compile the
// green packages, and changes no source file.
func Pin(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("greenify pin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	green := fs.String("green", "", "a local checkout of the green module, for development builds of greenify (written as a replace)")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: greenify pin [-green=dir]")
		return 2
	}
	res, err := rewrite.Pin(&rewrite.Config{GreenDir: *green})
	if err != nil {
		return fail(stderr, err)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(stderr, "greenify: %s\n", n)
	}
	if len(res.Files) == 0 {
		fmt.Fprintln(stdout, "greenify: already pinned: go.mod and go.sum have what the build mode needs")
		return 0
	}
	written, err := res.Write()
	if err != nil {
		return fail(stderr, err)
	}
	for _, w := range written {
		fmt.Fprintf(stdout, "greenify: wrote %s\n", w)
	}
	fmt.Fprintf(stdout, "greenify: pinned %s; no source file changed\n", rewrite.GreenModule)
	return 0
}
