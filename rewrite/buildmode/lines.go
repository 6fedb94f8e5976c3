package buildmode

import (
	"bufio"
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/greenify/greenify/rewrite"
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
	want := rewrite.OriginalLines(orig, src)
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
