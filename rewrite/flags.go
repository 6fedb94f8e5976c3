package rewrite

import (
	"flag"

	"strings"
)

// Flags defines on fs the flags that say what to rewrite and how, and
// returns the function that turns them into a Config once fs is parsed
// (the packages are fs.Args()). The greenify command and the golden cases
// both read their flags through it, so a case says exactly what a user
// types.
func Flags(fs *flag.FlagSet) func() (*Config, error) {
	var (
		undo    = fs.Bool("undo", false, "invert greenify's edits")
		patch   = fs.String("patch", "", "comma-separated patch sets to apply (default all: "+strings.Join(setNames(), ",")+")")
		exclude = fs.String("exclude", "", "comma-separated patch sets to leave out")
		tags    = fs.String("tags", "", "build tags, as go build -tags")
		tests   = fs.Bool("tests", true, "rewrite _test.go files too")
		include = fs.String("include", "", "comma-separated kinds of files skipped by default to rewrite too: generated, vendor, testdata")
		green   = fs.String("green", "", "local checkout of "+GreenModule+" to use (development builds)")
	)
	return func() (*Config, error) {
		cfg := &Config{
			Patterns: fs.Args(),
			Tags:     *tags,
			NoTests:  !*tests,
			Patch:    splitList(*patch),
			Exclude:  splitList(*exclude),
			Undo:     *undo,
			GreenDir: *green,
		}
		for _, k := range splitList(*include) {
			switch k {
			case "generated":
				cfg.Generated = true
			case "vendor":
				cfg.Vendor = true
			case "testdata":
				cfg.Testdata = true
			default:
				return nil, inputErr("-include: unknown kind %q (generated, vendor, testdata)", k)
			}
		}
		return cfg, nil
	}
}

// splitList splits a comma-separated flag value, dropping empty elements.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
