package rewrite

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/diff"
)

// OriginalLines maps each line of the rewritten source src (1-based) to
// its line in the original orig, or to 0 for a line the rewriter added. A
// changed line pairs with the removed line at the same place in its diff
// hunk. The build mode's //line directives and the positions of errors
// found in planned sources come from it.
func OriginalLines(orig, src []byte) []int {
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
