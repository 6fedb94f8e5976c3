package buildmode

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/greenify/greenify/rewrite"
)

// readReport collects the proxies' report lines, one per package (a
// package compiled twice, as a test variant, counts once), sorted.
func readReport(path string) ([]reportLine, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return []reportLine{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	lines := []reportLine{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r reportLine
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, err
		}
		key := sc.Text()
		if seen[key] {
			continue
		}
		seen[key] = true
		lines = append(lines, r)
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Package < lines[j].Package })
	return lines, sc.Err()
}

// printReport prints the report for people: the rewritten packages with
// their sets, then those left standard with why, then the green closure in
// one line (it is long, and the same for every build with these sets).
func printReport(w io.Writer, lines []reportLine, closure map[string]string) {
	for _, r := range lines {
		if len(r.Sets) > 0 {
			fmt.Fprintf(w, "greenify: %s: rewritten (%s)\n", r.Package, strings.Join(r.Sets, ","))
		}
	}
	for _, r := range lines {
		switch {
		case len(r.Sets) > 0:
		default:
			fmt.Fprintf(w, "greenify: %s: NOT patched: %s\n", r.Package, r.Standard)
		}
		for _, d := range r.Diagnostics {
			fmt.Fprintf(w, "greenify:   %s\n", d)
		}
	}
	var paths []string
	for p := range closure {
		if !strings.HasPrefix(p, rewrite.GreenModule+"/") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	fmt.Fprintf(w, "greenify: %d packages NOT patched: the green packages stand on them: %s\n", len(paths), strings.Join(paths, " "))
	fmt.Fprintln(w, "greenify: packages whose objects came from the build cache are not listed (go build -a lists all)")
}
