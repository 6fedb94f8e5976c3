//go:build unix

package hub

import (
	"fmt"
	"io"
	"sort"
)

func (h *Hub) dumpHandles(w io.Writer) {
	h.hmu.Lock()
	xs := make([]*Handle, 0, len(h.handles))
	for _, x := range h.handles {
		xs = append(xs, x)
	}
	h.hmu.Unlock()
	sort.Slice(xs, func(i, j int) bool { return xs[i].fd < xs[j].fd })
	fmt.Fprintf(w, "fd handles: %d\n", len(xs))
	for _, x := range xs {
		x.mu.Lock()
		fmt.Fprintf(w, "  fd %d\treaders %s\twriters %s\n", x.fd, who(&x.dirs[0]), who(&x.dirs[1]))
		x.mu.Unlock()
	}
}

func who(d *dir) string {
	s := ""
	for _, w := range d.waiters.ws {
		if s != "" {
			s += ","
		}
		if w.t != nil {
			s += fmt.Sprintf("thread %d", w.t.id)
		} else {
			s += "outsider"
		}
	}
	if s == "" {
		s = "-"
	}
	if d.locked {
		s += fmt.Sprintf(" (lock held, %d queued)", d.lockq.len())
	}
	return s
}
