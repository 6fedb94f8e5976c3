package rewrite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write puts every changed file on disk. All new contents are first
// written to temporary files beside their targets (mode kept); only then
// are they renamed over the originals, one by one. If a rename fails, the
// error names the files already written.
func (r *Result) Write() (written []string, err error) {
	type pending struct {
		f   *File
		tmp string
	}
	var ps []pending
	cleanup := func() {
		for _, p := range ps {
			os.Remove(p.tmp)
		}
	}
	var removes []*File
	for _, f := range r.Files {
		if f.Remove {
			removes = append(removes, f)
			continue
		}
		mode := f.mode
		if st, err := os.Stat(f.Path); err == nil {
			mode = st.Mode().Perm()
		}
		if mode == 0 {
			mode = 0o644
		}
		tmp, err := os.CreateTemp(filepath.Dir(f.Path), "."+filepath.Base(f.Path)+".greenify-")
		if err != nil {
			cleanup()
			return nil, err
		}
		ps = append(ps, pending{f, tmp.Name()})
		_, err = tmp.Write(f.New)
		if err == nil {
			err = tmp.Chmod(mode)
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return nil, err
		}
	}
	for i, p := range ps {
		if err := os.Rename(p.tmp, p.f.Path); err != nil {
			ps = ps[i:]
			cleanup()
			if len(written) == 0 {
				return nil, fmt.Errorf("writing %s: %v (nothing written)", p.f.Path, err)
			}
			return written, fmt.Errorf("writing %s: %v (already written: %s)", p.f.Path, err, strings.Join(written, ", "))
		}
		written = append(written, p.f.Path)
	}
	for _, f := range removes {
		if err := os.Remove(f.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return written, fmt.Errorf("removing %s: %v (already written: %s)", f.Path, err, strings.Join(written, ", "))
		}
		written = append(written, f.Path)
	}
	return written, nil
}
