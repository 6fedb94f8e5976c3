//go:build linux

package net_test

import (
	"fmt"
	stdnet "net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// Errors read the same as the standard package's for the same operation.
// Each case runs against both packages; addresses that differ between the
// runs (ephemeral ports) are replaced by their role.
func TestErrorsMatchStd(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	type env struct {
		dial      func(network, address string) (net.Conn, error)
		listen    func(network, address string) (net.Listener, error)
		dialTO    func(network, address string, d time.Duration) (net.Conn, error)
		listenPkt func(network, address string) (net.PacketConn, error)
		isGreen   bool
	}
	std := env{stdnet.Dial, stdnet.Listen, stdnet.DialTimeout, stdnet.ListenPacket, false}
	grn := env{net.Dial, net.Listen, net.DialTimeout, net.ListenPacket, true}

	cases := map[string]func(e env, n int) (string, error){
		"refused": func(e env, _ int) (string, error) {
			_, err := e.dial("tcp", "127.0.0.1:1")
			return "", err
		},
		"unknown network": func(e env, _ int) (string, error) {
			_, err := e.dial("tcp7", "127.0.0.1:1")
			return "", err
		},
		"missing address": func(e env, _ int) (string, error) {
			_, err := e.dial("tcp", "")
			return "", err
		},
		"missing port": func(e env, _ int) (string, error) {
			_, err := e.dial("tcp", "127.0.0.1")
			return "", err
		},
		"bad port": func(e env, _ int) (string, error) {
			_, err := e.dial("tcp", "127.0.0.1:99999")
			return "", err
		},
		"address in use": func(e env, _ int) (string, error) {
			l, err := e.listen("tcp", "127.0.0.1:0")
			if err != nil {
				return "", err
			}
			defer l.Close()
			_, err = e.listen("tcp", l.Addr().String())
			return l.Addr().String(), err
		},
		"read after close": func(e env, _ int) (string, error) {
			l, _ := e.listen("tcp", "127.0.0.1:0")
			defer l.Close()
			c, err := e.dial("tcp", l.Addr().String())
			if err != nil {
				return "", err
			}
			addrs := c.LocalAddr().String() + " " + c.RemoteAddr().String()
			c.Close()
			_, err = c.Read(make([]byte, 1))
			return addrs, err
		},
		"read timeout": func(e env, _ int) (string, error) {
			l, _ := e.listen("tcp", "127.0.0.1:0")
			defer l.Close()
			c, err := e.dial("tcp", l.Addr().String())
			if err != nil {
				return "", err
			}
			defer c.Close()
			c.SetReadDeadline(time.Now().Add(time.Millisecond))
			_, err = c.Read(make([]byte, 1))
			return c.LocalAddr().String() + " " + c.RemoteAddr().String(), err
		},
		"accept after close": func(e env, _ int) (string, error) {
			l, _ := e.listen("tcp", "127.0.0.1:0")
			l.Close()
			_, err := l.Accept()
			return l.Addr().String(), err
		},
		"unix no such file": func(e env, _ int) (string, error) {
			_, err := e.dial("unix", filepath.Join(dir, "nonexistent"))
			return dir, err
		},
		"unix in use": func(e env, n int) (string, error) {
			p := filepath.Join(dir, fmt.Sprintf("inuse%d", n))
			l, err := e.listen("unix", p)
			if err != nil {
				return "", err
			}
			defer l.Close()
			_, err = e.listen("unix", p)
			return p, err
		},
		"udp write to nil": func(e env, _ int) (string, error) {
			c, err := e.listenPkt("udp", "127.0.0.1:0")
			if err != nil {
				return "", err
			}
			defer c.Close()
			_, err = c.WriteTo([]byte("x"), (*net.UDPAddr)(nil))
			return c.LocalAddr().String(), err
		},
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			norm := func(roles string, err error) string {
				if err == nil {
					return "<nil>"
				}
				s := err.Error()
				for i, a := range strings.Fields(roles) {
					s = strings.ReplaceAll(s, a, fmt.Sprintf("ADDR%d", i))
				}
				return s
			}
			sr, serr := f(std, 0)
			var gr string
			var gerr error
			hub.Run(func() { gr, gerr = f(grn, 1) })
			if s, g := norm(sr, serr), norm(gr, gerr); s != g {
				t.Errorf("\nstd:   %s\ngreen: %s", s, g)
			}
			if fmt.Sprintf("%T", serr) != fmt.Sprintf("%T", gerr) {
				t.Errorf("types: std %T, green %T", serr, gerr)
			}
		})
	}
}
