package dns

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// maxPacket is the UDP payload size offered in EDNS0 and read into: 1232
// bytes fits the IPv6 minimum MTU without fragments (DNS flag day 2020).
const maxPacket = 1232

// A dnsConn is what a query needs of a connection; a net.Conn from
// Resolver.Dial is one, and so is the package's own green socket.
type dnsConn interface {
	Read(p []byte) (int, error)
	Write(p []byte) (int, error)
	SetDeadline(t time.Time) error
	Close() error
}

// newRequest builds a query with a fresh random ID: the UDP form, and the
// TCP form (the same bytes after a two-byte length).
func newRequest(q *dnsmessage.Question, ad bool) (id uint16, udpReq, tcpReq []byte, err error) {
	id = uint16(rand.Uint32())
	// Room for the length, header, name, question and OPT record: one
	// allocation the size of the query.
	b := dnsmessage.NewBuilder(make([]byte, 2, 2+12+int(q.Name.Length)+2+4+11), dnsmessage.Header{ID: id, RecursionDesired: true, AuthenticData: ad})
	if err := b.StartQuestions(); err != nil {
		return 0, nil, nil, err
	}
	if err := b.Question(*q); err != nil {
		return 0, nil, nil, err
	}
	// EDNS0 (RFC 6891): tell the server it may answer up to maxPacket
	// bytes over UDP instead of truncating at 512.
	if err := b.StartAdditionals(); err != nil {
		return 0, nil, nil, err
	}
	var rh dnsmessage.ResourceHeader
	if err := rh.SetEDNS0(maxPacket, dnsmessage.RCodeSuccess, false); err != nil {
		return 0, nil, nil, err
	}
	if err := b.OPTResource(rh, dnsmessage.OPTResource{}); err != nil {
		return 0, nil, nil, err
	}
	tcpReq, err = b.Finish()
	if err != nil {
		return 0, nil, nil, err
	}
	n := len(tcpReq) - 2
	tcpReq[0], tcpReq[1] = byte(n>>8), byte(n)
	return id, tcpReq[2:], tcpReq, nil
}

// matches reports whether a reply answers the query: a response, with the
// query's ID and the same question (name compared without case).
func matches(id uint16, q *dnsmessage.Question, h *dnsmessage.Header, rq *dnsmessage.Question) bool {
	return h.Response && h.ID == id && rq.Type == q.Type && rq.Class == q.Class && equalASCIIName(q.Name, rq.Name)
}

// parseReply starts parsing a reply and checks it answers the query. The
// parser is left at the first question.
func parseReply(b []byte, id uint16, q *dnsmessage.Question) (dnsmessage.Parser, dnsmessage.Header, error) {
	var p dnsmessage.Parser
	h, err := p.Start(b)
	if err != nil {
		return p, h, errCannotUnmarshalDNSMessage
	}
	rq, err := p.Question()
	if err != nil {
		return p, h, errCannotUnmarshalDNSMessage
	}
	if !matches(id, q, &h, &rq) {
		return p, h, errInvalidDNSResponse
	}
	return p, h, nil
}

// packetRoundTrip sends a UDP query and reads until a reply that matches.
// Anything else — another ID, another question, garbage — may be a forgery
// (a blind spoofer guessing IDs) or a late answer to an earlier query, so
// it is dropped and the wait goes on until the deadline.
func packetRoundTrip(c dnsConn, id uint16, q *dnsmessage.Question, req []byte) (dnsmessage.Parser, dnsmessage.Header, error) {
	if _, err := c.Write(req); err != nil {
		return dnsmessage.Parser{}, dnsmessage.Header{}, err
	}
	bp := packets.Get().(*[]byte)
	defer packets.Put(bp)
	b := *bp
	for {
		n, err := c.Read(b)
		if err != nil {
			return dnsmessage.Parser{}, dnsmessage.Header{}, err
		}
		if _, _, err := parseReply(b[:n], id, q); err != nil {
			continue
		}
		// The parser keeps its buffer: give it a copy the size of the
		// reply and the full-size buffer back to the pool.
		return parseReply(append([]byte(nil), b[:n]...), id, q)
	}
}

// packets holds read buffers for UDP replies, so that a thousand queries
// in flight do not hold a thousand full-size buffers.
var packets = sync.Pool{New: func() any { b := make([]byte, maxPacket); return &b }}

// streamRoundTrip sends a TCP query and reads one length-prefixed reply;
// over a connection of its own, a reply that does not match is an error.
func streamRoundTrip(c dnsConn, id uint16, q *dnsmessage.Question, req []byte) (dnsmessage.Parser, dnsmessage.Header, error) {
	if _, err := c.Write(req); err != nil {
		return dnsmessage.Parser{}, dnsmessage.Header{}, err
	}
	var l [2]byte
	if _, err := io.ReadFull(c, l[:]); err != nil {
		return dnsmessage.Parser{}, dnsmessage.Header{}, err
	}
	b := make([]byte, int(l[0])<<8|int(l[1]))
	if _, err := io.ReadFull(c, b); err != nil {
		return dnsmessage.Parser{}, dnsmessage.Header{}, err
	}
	return parseReply(b, id, q)
}

// longAgo is a deadline in the past: setting it wakes a waiting read.
var longAgo = time.Unix(1, 0)

// exchange asks one server one question: over UDP, and again over TCP if
// the UDP answer was truncated (or over TCP only with use-vc). Each
// transport gets its own connection, a fresh ID and a fresh source port.
func (r *Resolver) exchange(ctx context.Context, server string, q *dnsmessage.Question, timeout time.Duration, useTCP, ad bool) (dnsmessage.Parser, dnsmessage.Header, error) {
	networks := []string{"udp", "tcp"}
	if useTCP {
		networks = networks[1:]
	}
	for _, network := range networks {
		id, udpReq, tcpReq, err := newRequest(q, ad)
		if err != nil {
			return dnsmessage.Parser{}, dnsmessage.Header{}, errCannotMarshalDNSMessage
		}
		p, h, err := r.roundTrip(ctx, network, server, id, q, udpReq, tcpReq, timeout)
		if err != nil {
			return dnsmessage.Parser{}, dnsmessage.Header{}, err
		}
		if err := p.SkipQuestion(); err != dnsmessage.ErrSectionDone {
			return dnsmessage.Parser{}, dnsmessage.Header{}, errInvalidDNSResponse
		}
		// RFC 7766: a truncated UDP answer means "ask again over TCP". A
		// truncated TCP answer is used as it is, as glibc does.
		if h.Truncated && network == "udp" {
			continue
		}
		return p, h, nil
	}
	return dnsmessage.Parser{}, dnsmessage.Header{}, errNoAnswerFromDNSServer
}

// roundTrip runs one query on one new connection, bounded by timeout and
// by ctx: cancelling ctx moves the connection's deadline into the past, so
// a green thread waiting for the reply wakes at once.
func (r *Resolver) roundTrip(ctx context.Context, network, server string, id uint16, q *dnsmessage.Question, udpReq, tcpReq []byte, timeout time.Duration) (dnsmessage.Parser, dnsmessage.Header, error) {
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialCtx := ctx
	if network == "tcp" || r != nil && r.Dial != nil {
		// Only a connect that can wait needs the deadline in a context
		// (a UDP connect returns at once).
		var cancel context.CancelFunc
		dialCtx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	c, packet, err := r.dial(dialCtx, network, server)
	if err != nil {
		return dnsmessage.Parser{}, dnsmessage.Header{}, err
	}
	defer c.Close()
	c.SetDeadline(deadline)
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, func() { c.SetDeadline(longAgo) })
		defer stop()
	}
	if packet {
		return packetRoundTrip(c, id, q, udpReq)
	}
	return streamRoundTrip(c, id, q, tcpReq)
}

// dial connects to a server: through Resolver.Dial when set, else with a
// green socket of this package. packet tells whether replies come as
// datagrams.
func (r *Resolver) dial(ctx context.Context, network, server string) (c dnsConn, packet bool, err error) {
	if r != nil && r.Dial != nil {
		nc, err := r.Dial(ctx, network, server)
		if err != nil {
			return nil, false, mapErr(err)
		}
		_, packet = nc.(net.PacketConn)
		return nc, packet, nil
	}
	c, err = dialServer(ctx, network, server)
	if err != nil {
		return nil, false, mapErr(err)
	}
	return c, network == "udp", nil
}

// checkHeader sorts a reply by its response code: NXDOMAIN is final, a
// referral or failure sends the query to the next server.
func checkHeader(p *dnsmessage.Parser, h dnsmessage.Header) error {
	rcode, hasAdditional := extendedRCode(*p, h)
	if rcode == dnsmessage.RCodeNameError {
		return errNoSuchHost
	}
	_, err := p.AnswerHeader()
	if err != nil && err != dnsmessage.ErrSectionDone {
		return errCannotUnmarshalDNSMessage
	}
	// A non-recursive server that answers with nothing is a lame
	// referral; libresolv moves on to the next server.
	if rcode == dnsmessage.RCodeSuccess && !h.Authoritative && !h.RecursionAvailable && err == dnsmessage.ErrSectionDone && !hasAdditional {
		return errLameReferral
	}
	if rcode != dnsmessage.RCodeSuccess {
		if rcode == dnsmessage.RCodeServerFailure {
			return errServerTemporarilyMisbehaving
		}
		return errServerMisbehaving
	}
	return nil
}

// extendedRCode is the response code with the upper bits EDNS0 carries in
// the OPT record; hasAdditional tells whether the additional section had
// anything.
func extendedRCode(p dnsmessage.Parser, h dnsmessage.Header) (rcode dnsmessage.RCode, hasAdditional bool) {
	p.SkipAllAnswers()
	p.SkipAllAuthorities()
	for {
		ah, err := p.AdditionalHeader()
		if err != nil {
			return h.RCode, hasAdditional
		}
		hasAdditional = true
		if ah.Type == dnsmessage.TypeOPT {
			return ah.ExtendedRCode(h.RCode), true
		}
		if err := p.SkipAdditional(); err != nil {
			return h.RCode, true
		}
	}
}

// skipToAnswer moves the parser to the first answer of type qtype; an
// answer section without one means the name has no such records.
func skipToAnswer(p *dnsmessage.Parser, qtype dnsmessage.Type) error {
	for {
		h, err := p.AnswerHeader()
		if err == dnsmessage.ErrSectionDone {
			return errNoSuchHost
		}
		if err != nil {
			return errCannotUnmarshalDNSMessage
		}
		if h.Type == qtype {
			return nil
		}
		if err := p.SkipAnswer(); err != nil {
			return errCannotUnmarshalDNSMessage
		}
	}
}

// tryOneName asks the servers about one fully qualified name: each server
// in turn (from the rotation offset), for the configured attempts, until
// one gives a usable answer or says the name does not exist.
func (r *Resolver) tryOneName(ctx context.Context, c *Config, name string, qtype dnsmessage.Type) (dnsmessage.Parser, string, error) {
	q, err := newQuestion(name, qtype)
	if err != nil {
		return dnsmessage.Parser{}, "", &net.DNSError{Err: errCannotMarshalDNSMessage.Error(), Name: name}
	}
	servers := c.servers()
	off := c.serverOffset()
	var lastErr error
	for range c.attempts() {
		for j := range servers {
			server := servers[(int(off)+j)%len(servers)]
			p, h, err := r.exchange(ctx, server, q, c.timeout(), c.UseTCP, c.TrustAD)
			if ctx.Err() != nil {
				return dnsmessage.Parser{}, "", newDNSError(mapErr(ctx.Err()), name, server)
			}
			if err != nil {
				de := newDNSError(err, name, server)
				// A socket error is worth retrying later.
				if _, ok := err.(*net.OpError); ok {
					de.IsTemporary = true
				}
				lastErr = de
				continue
			}
			if err := checkHeader(&p, h); err != nil {
				if err == errNoSuchHost {
					return p, server, newDNSError(errNoSuchHost, name, server)
				}
				lastErr = newDNSError(err, name, server)
				continue
			}
			if err := skipToAnswer(&p, qtype); err != nil {
				if err == errNoSuchHost {
					return p, server, newDNSError(errNoSuchHost, name, server)
				}
				lastErr = newDNSError(err, name, server)
				continue
			}
			return p, server, nil
		}
	}
	return dnsmessage.Parser{}, "", lastErr
}

// newQuestion builds the question on the heap: a Question holds a 255-byte
// name, and a copy in each frame of the query path would be on the stack
// of every waiting lookup.
func newQuestion(name string, qtype dnsmessage.Type) (*dnsmessage.Question, error) {
	q := &dnsmessage.Question{Type: qtype, Class: dnsmessage.ClassINET}
	var err error
	q.Name, err = dnsmessage.NewName(name)
	return q, err
}

// lookup asks for qtype records of name, through the search list, and
// reports errors under the name the caller gave.
func (r *Resolver) lookup(ctx context.Context, name string, qtype dnsmessage.Type) (dnsmessage.Parser, string, error) {
	if !isDomainName(name) {
		// libc says "no such host" for a name it cannot send; so do we.
		return dnsmessage.Parser{}, "", newDNSError(errNoSuchHost, name, "")
	}
	c := r.config()
	var (
		p      dnsmessage.Parser
		server string
		err    error
	)
	for _, fqdn := range c.nameList(name) {
		p, server, err = r.tryOneName(ctx, c, fqdn, qtype)
		if err == nil {
			break
		}
		if isTemp(err) && r.strictErrors() {
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	if err == nil {
		return p, server, nil
	}
	if de, ok := err.(*net.DNSError); ok {
		de.Name = name // one name, not whichever suffix failed last
	}
	return dnsmessage.Parser{}, "", err
}
