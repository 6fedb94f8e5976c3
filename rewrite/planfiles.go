package rewrite

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A filePlan is one file's share of a round: its edits, the diagnostics
// of the files or imports it leaves standard, and its new source.
type filePlan struct {
	sf    *srcFile
	edits []edit
	diags []Diagnostic
	src   []byte // nil when there is no edit
	err   error
}

// planFiles plans each file with plan and renders the edits, in parallel:
// files are planned independently of each other (they only read the
// load's syntax and types), and rendering through dst is most of a plan's
// own time. The results come in the order of files.
func planFiles(files []*srcFile, plan func(*srcFile) ([]edit, []Diagnostic)) []filePlan {
	out := make([]filePlan, len(files))
	parallel(len(files), func(i int) {
		r := &out[i]
		r.sf = files[i]
		r.edits, r.diags = plan(r.sf)
		if len(r.edits) > 0 {
			r.src, r.err = render(r.sf.fset, r.sf.f, r.sf.src, r.edits)
		}
	})
	return out
}

// parallel calls fn(0) … fn(n-1) on up to GOMAXPROCS goroutines and
// returns when all have returned.
func parallel(n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
