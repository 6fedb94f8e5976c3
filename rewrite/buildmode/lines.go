package buildmode

import (
	"bufio"
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// withLineDirectives returns the rewritten source src of the file name,
// whose original is orig, with //line directives that give every line the
// rewriter kept or changed in place its line in the original: compile
// errors, panics and debuggers then point at the user's file. A plain
// "//line name:1" at the top is not enough: an import the rewriter adds,
// or a select it expands, moves every line below it.
//
// A directive goes before each kept line whose original line is not the
// one the previous directive implies. Lines the rewriter added take the
// lines around them; a directive cannot go inside a multi-line raw string
// or comment, so there the next line outside it takes it.
func withLineDirectives(name string, orig, src []byte) []byte {
	want := lineMap(orig, src)
	safe := lineStarts(src)
	var out bytes.Buffer
	implied := 0
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, len(src)+1)
	for j := 1; sc.Scan(); j++ {
		w := 0
		if j < len(want) {
			w = want[j]
		}
		if j == 1 && w == 0 {
			w = 1
		}
		if w != 0 && w != implied && safe[j] {
			fmt.Fprintf(&out, "//line %s:%d:1\n", name, w)
			implied = w
		}
		out.Write(sc.Bytes())
		out.WriteByte('\n')
		implied++
	}
	return out.Bytes()
}

// lineMap maps each line of src (1-based) to its line in orig, or to 0 for
// a line the rewriter added. A changed line pairs with the removed line at
// the same place in its diff hunk.
func lineMap(orig, src []byte) []int {
	n := bytes.Count(src, []byte("\n")) + 2
	want := make([]int, n)
	o, j := 1, 1
	equal := func(upTo int) { // lines before src line upTo are unchanged
		for ; j < upTo && j < n; j, o = j+1, o+1 {
			want[j] = o
		}
	}
	// Lines compare without their indentation: the thread set wraps
	// main's body in a function literal, which indents every line of it.
	d := string(diff.Diff("a", trimLines(orig), "b", trimLines(src)))
	var minus []int // the run of removed lines not yet paired
	body := strings.Split(d, "\n")
	for len(body) > 0 && !strings.HasPrefix(body[0], "@@ ") {
		body = body[1:] // the header
	}
	for _, l := range body {
		switch {
		case strings.HasPrefix(l, "@@ "):
			f := strings.Fields(l) // @@ -a,b +c,d @@
			if len(f) < 3 {
				continue
			}
			c, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(f[2], "+"), ",", 2)[0])
			equal(c)
			minus = nil
		case strings.HasPrefix(l, " "):
			equal(j + 1)
			minus = nil
		case strings.HasPrefix(l, "-"):
			minus = append(minus, o)
			o++
		case strings.HasPrefix(l, "+"):
			if len(minus) > 0 {
				want[j], minus = minus[0], minus[1:]
			}
			j++
		}
	}
	equal(n)
	return want
}

// trimLines is src with the spaces around each line removed.
func trimLines(src []byte) []byte {
	lines := bytes.Split(src, []byte("\n"))
	for i, l := range lines {
		lines[i] = bytes.TrimSpace(l)
	}
	return bytes.Join(lines, []byte("\n"))
}

// lineStarts reports, for each line of src (1-based), whether it starts
// outside every token: not inside a raw string or a general comment
// spanning lines, where a //line directive would change the program.
func lineStarts(src []byte) []bool {
	n := bytes.Count(src, []byte("\n")) + 2
	safe := make([]bool, n)
	for i := range safe {
		safe[i] = true
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if (tok == token.STRING || tok == token.COMMENT) && strings.Contains(lit, "\n") {
			from := file.Line(pos)
			to := from + strings.Count(lit, "\n")
			for l := from + 1; l <= to && l < n; l++ {
				safe[l] = false
			}
		}
	}
	return safe
}
