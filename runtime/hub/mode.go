package hub

// Mode says which readiness a caller waits for.
type Mode int

const (
	Read  Mode = 1
	Write Mode = 2
)

func (m Mode) String() string {
	switch m {
	case Read:
		return "read"
	case Write:
		return "write"
	case Read | Write:
		return "read|write"
	}
	return "mode(?)"
}
