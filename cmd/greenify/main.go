// Command greenify rewrites Go code to use the green packages of
// github.com/greenify/greenify: Eventlet's monkey_patch, done at the source.
//
// Usage:
//
//	greenify [flags] [packages]
//
// With no flag it is a dry run that prints what would change. -l lists the
// files, -d prints a diff (exit 1 when there is one), -w writes, -json prints
// the plan and diagnostics as JSON, -undo inverts greenify's edits. Every
// mode plans and verifies the same way: nothing is listed that -w would not
// write. Bad input (a missing path, a package that does not compile, a file
// that does not parse, an unknown flag or patch set) prints one line per
// problem and exits 2 with nothing written.
//
// The build mode reaches the whole build, dependencies and the standard
// library included, and writes nothing into the tree:
//
//	greenify pin                      # once: go.mod and go.sum get the green module
//	greenify go [-v] build ./...      # or test, run, vet, install
//
// See package rewrite/buildmode.
//
// As a go generate step:
//
//	//go:generate go tool greenify -w ./...
//
// The rewriting itself lives in package rewrite; see its documentation for
// patch sets, crossings, directives and undo.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/greenify/greenify/rewrite"
	"github.com/greenify/greenify/rewrite/buildmode"
	"github.com/rogpeppe/go-internal/diff"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if sub, ok := subcommands[args[0]]; ok {
			return sub(args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("greenify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		list     = fs.Bool("l", false, "list the files that would change")
		doDiff   = fs.Bool("d", false, "print a unified diff of the changes (exit 1 when non-empty)")
		write    = fs.Bool("w", false, "write the changes (sources, go.mod and go.sum together)")
		asJSON   = fs.Bool("json", false, "print planned edits and diagnostics as JSON")
		verbose  = fs.Bool("v", false, "print progress and a per-package summary on stderr")
		loadOnly = fs.Bool("loadonly", false, "") // benchmarks: load the packages as planning does, then stop
		config   = rewrite.Flags(fs)
	)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: greenify [flags] [packages]\n")
		fmt.Fprintf(stderr, "       greenify pin | greenify go [-v] [-json] [-patch=sets] build|test|run|vet|install [go args]\n\nPatch sets:\n")
		for _, s := range rewrite.Sets() {
			fmt.Fprintf(stderr, "  %-8s %s\n", s.Name, s.Doc)
		}
		fmt.Fprintf(stderr, "\nFlags:\n")
		fs.VisitAll(func(f *flag.Flag) {
			if f.Usage != "" {
				fmt.Fprintf(stderr, "  -%s\t%s\n", f.Name, f.Usage)
			}
		})
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2 // the flag package printed the one line
	}
	cfg, err := config()
	if err != nil {
		return fail(stderr, err)
	}
	if *verbose {
		// Each progress line says when it came, so a slow run shows
		// which step took the time.
		start := time.Now()
		cfg.Log = func(format string, args ...any) {
			fmt.Fprintf(stderr, "greenify: %5.2fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
		}
	}
	if *loadOnly {
		n, err := rewrite.LoadOnly(cfg)
		if err != nil {
			return fail(stderr, err)
		}
		fmt.Fprintf(stdout, "%d packages\n", n)
		return 0
	}
	if _, err := rewrite.SelectSets(cfg.Patch, cfg.Exclude); err != nil {
		return fail(stderr, err)
	}
	res, err := rewrite.Plan(context.Background(), cfg)
	if err != nil {
		return fail(stderr, err)
	}
	for _, d := range res.Diagnostics {
		d.Pos.Filename = rel(d.Pos.Filename)
		fmt.Fprintln(stderr, d)
	}
	for _, n := range res.Notes {
		n.Pos.Filename = rel(n.Pos.Filename)
		fmt.Fprintln(stderr, "greenify: "+n.String())
	}
	code := 0
	switch {
	case *asJSON:
		out := struct {
			Files       []jsonFile           `json:"files"`
			Diagnostics []rewrite.Diagnostic `json:"diagnostics"`
			Notes       []rewrite.Diagnostic `json:"notes,omitempty"`
		}{Files: []jsonFile{}, Diagnostics: res.Diagnostics, Notes: res.Notes}
		if out.Diagnostics == nil {
			out.Diagnostics = []rewrite.Diagnostic{}
		}
		for _, f := range res.Files {
			out.Files = append(out.Files, jsonFile{Path: rel(f.Path), Edits: f.Edits, Remove: f.Remove})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		enc.Encode(out)
	case *list:
		for _, f := range res.Files {
			fmt.Fprintln(stdout, rel(f.Path))
		}
	case *doDiff:
		for _, f := range res.Files {
			r := filepath.ToSlash(rel(f.Path))
			stdout.Write(diff.Diff(r+".orig", f.Old, r, f.New))
			code = 1
		}
	case !*write:
		for _, f := range res.Files {
			for _, e := range f.Edits {
				e.Pos.Filename = rel(e.Pos.Filename)
				fmt.Fprintln(stdout, describe(e))
			}
		}
		verb := "would change"
		if len(res.Files) == 0 {
			fmt.Fprintln(stdout, "greenify: nothing to change")
		} else {
			fmt.Fprintf(stdout, "greenify: %d files %s; run with -w to write them\n", len(res.Files), verb)
		}
	}
	if *write {
		written, err := res.Write()
		if err != nil {
			return fail(stderr, err)
		}
		if *verbose {
			for _, w := range written {
				fmt.Fprintf(stderr, "greenify: wrote %s\n", rel(w))
			}
		}
	}
	if *verbose {
		for _, p := range res.Packages {
			fmt.Fprintf(stderr, "greenify: %s: %d of %d files\n", p.Path, p.Changed, p.Files)
		}
	}
	return code
}

// subcommands are the build mode's: greenify go, greenify toolexec (the
// go command's -toolexec proxy) and greenify pin.
var subcommands = map[string]func([]string, io.Writer, io.Writer) int{
	"go":       buildmode.Go,
	"toolexec": buildmode.Toolexec,
	"pin":      buildmode.Pin,
}

type jsonFile struct {
	Path   string         `json:"path"`
	Edits  []rewrite.Edit `json:"edits"`
	Remove bool           `json:"remove,omitempty"`
}

func describe(e rewrite.Edit) string {
	s := e.Pos.String() + ": " + e.Kind
	switch {
	case e.Old != "" && e.New != "":
		s += " " + e.Old + " -> " + e.New
	case e.New != "":
		s += " " + e.New
	case e.Old != "":
		s += " " + e.Old
	}
	return s
}

func fail(stderr io.Writer, err error) int {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "greenify: %s\n", relLine(line))
	}
	return 2
}

var cwd, _ = os.Getwd()

// rel shortens a path to one relative to the working directory, as go vet
// prints them.
func rel(path string) string {
	if cwd == "" || !filepath.IsAbs(path) {
		return path
	}
	if r, err := filepath.Rel(cwd, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

// relLine shortens a leading absolute path in a message line.
func relLine(line string) string {
	if cwd != "" && strings.HasPrefix(line, cwd+string(filepath.Separator)) {
		return line[len(cwd)+1:]
	}
	if strings.HasPrefix(line, "rewrite would break "+cwd+string(filepath.Separator)) {
		return "rewrite would break " + line[len("rewrite would break ")+len(cwd)+1:]
	}
	return line
}
