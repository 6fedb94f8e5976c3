package hub

// A store holds a Queue's buffered items in the order Get takes them:
// FIFO, LIFO or by priority.
type store[T any] interface {
	push(v T)
	pop() T
	len() int
}

// fifo is a ring buffer.
type fifo[T any] struct {
	buf        []T
	head, size int
}

func (q *fifo[T]) len() int { return q.size }

func (q *fifo[T]) push(v T) {
	if q.size == len(q.buf) {
		n := make([]T, max(8, 2*len(q.buf)))
		for i := 0; i < q.size; i++ {
			n[i] = q.buf[(q.head+i)%len(q.buf)]
		}
		q.buf, q.head = n, 0
	}
	q.buf[(q.head+q.size)%len(q.buf)] = v
	q.size++
}

func (q *fifo[T]) pop() T {
	var zero T
	v := q.buf[q.head]
	q.buf[q.head] = zero
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	if q.size == 0 && len(q.buf) > 1024 {
		q.buf, q.head = nil, 0 // give a burst's memory back
	}
	return v
}

// lifo is a stack.
type lifo[T any] struct{ s []T }

func (q *lifo[T]) len() int { return len(q.s) }
func (q *lifo[T]) push(v T) { q.s = append(q.s, v) }

func (q *lifo[T]) pop() T {
	var zero T
	n := len(q.s) - 1
	v := q.s[n]
	q.s[n] = zero
	q.s = q.s[:n]
	return v
}

// prio is a binary min-heap on less; items of equal priority come out in
// no particular order (as with Python's heapq on equal keys).
type prio[T any] struct {
	s    []T
	less func(a, b T) bool
}

func (q *prio[T]) len() int { return len(q.s) }

func (q *prio[T]) push(v T) {
	q.s = append(q.s, v)
	for i := len(q.s) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(q.s[i], q.s[p]) {
			break
		}
		q.s[i], q.s[p] = q.s[p], q.s[i]
		i = p
	}
}

func (q *prio[T]) pop() T {
	var zero T
	v := q.s[0]
	n := len(q.s) - 1
	q.s[0] = q.s[n]
	q.s[n] = zero
	q.s = q.s[:n]
	for i := 0; ; {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && q.less(q.s[r], q.s[l]) {
			m = r
		}
		if !q.less(q.s[m], q.s[i]) {
			break
		}
		q.s[i], q.s[m] = q.s[m], q.s[i]
		i = m
	}
	return v
}
