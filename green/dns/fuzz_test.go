package dns

import (
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// FuzzReply feeds arbitrary bytes to the reply path — match against the
// query, header checks, answer walk — as a hostile server could send them:
// nothing may panic, and only a reply echoing the query's ID and question
// may be accepted.
func FuzzReply(f *testing.F) {
	q := dnsmessage.Question{Name: dnsmessage.MustNewName("a.test."), Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: 7, Response: true, RecursionAvailable: true})
	b.StartQuestions()
	b.Question(q)
	b.StartAnswers()
	b.CNAMEResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET}, dnsmessage.CNAMEResource{CNAME: dnsmessage.MustNewName("b.test.")})
	b.AResource(dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName("b.test."), Class: dnsmessage.ClassINET}, dnsmessage.AResource{A: [4]byte{1, 2, 3, 4}})
	good, _ := b.Finish()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, msg []byte) {
		p, h, err := parseReply(msg, 7, &q)
		if err != nil {
			return
		}
		if h.ID != 7 || !h.Response {
			t.Fatalf("accepted a reply with ID %d, response %v", h.ID, h.Response)
		}
		if err := p.SkipQuestion(); err != nil && err != dnsmessage.ErrSectionDone {
			return
		}
		if checkHeader(&p, h) != nil {
			return
		}
		collectAddrs(&p, nil, "")
		_ = skipToAnswer(&p, dnsmessage.TypeA)
	})
}
