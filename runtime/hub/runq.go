package hub

// runQueue is a FIFO ring of runnable threads. Its length is a power of
// two, so that an index wraps with a mask rather than a division: every
// hand-off pushes and pops.
type runQueue struct {
	buf        []*thread
	head, size int
}

func (q *runQueue) len() int { return q.size }

func (q *runQueue) push(t *thread) {
	if q.size == len(q.buf) {
		n := make([]*thread, max(16, 2*len(q.buf)))
		for i := 0; i < q.size; i++ {
			n[i] = q.buf[(q.head+i)&(len(q.buf)-1)]
		}
		q.buf, q.head = n, 0
	}
	q.buf[(q.head+q.size)&(len(q.buf)-1)] = t
	q.size++
}

func (q *runQueue) pop() *thread {
	t := q.buf[q.head]
	q.buf[q.head] = nil
	q.head = (q.head + 1) & (len(q.buf) - 1)
	q.size--
	return t
}

func (q *runQueue) each(fn func(*thread)) {
	for i := 0; i < q.size; i++ {
		fn(q.buf[(q.head+i)&(len(q.buf)-1)])
	}
}
