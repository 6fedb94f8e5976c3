//go:build unix

package net_test

import (
	"errors"
	"testing"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

// Two green threads reading one conn at once is Eventlet's "second
// simultaneous read": the second gets a *hub.MultipleWaitersError inside a
// *net.OpError.
func TestTwoGreenReadersReported(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	green(t, func() {
		first := hub.Spawn(func() (string, error) {
			buf := make([]byte, 16)
			n, err := c.Read(buf)
			return string(buf[:n]), err
		})
		hub.Yield() // let the first reader park
		_, err := c.Read(make([]byte, 16))
		var mw *hub.MultipleWaitersError
		if !errors.As(err, &mw) {
			t.Fatalf("second reader got %v, want a *hub.MultipleWaitersError", err)
		}
		var oe *net.OpError
		if !errors.As(err, &oe) || oe.Op != "read" {
			t.Errorf("%v: want it inside a read *net.OpError", err)
		}
		if mw.Mode != hub.Read {
			t.Errorf("mode %v", mw.Mode)
		}
		s.Write([]byte("hello"))
		if got, err := first.Wait(); err != nil || got != "hello" {
			t.Errorf("first reader: %q, %v", got, err)
		}
	})
}

// With detection off for the conn, green readers queue and are served in
// the order they came.
func TestTwoGreenReadersInOrderWhenOff(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	c.SetDetect(false)
	green(t, func() {
		var order []int
		var ths []*hub.GreenThread[struct{}]
		for i := 0; i < 3; i++ {
			ths = append(ths, hub.Spawn(func() (struct{}, error) {
				buf := make([]byte, 1)
				_, err := c.Read(buf)
				order = append(order, i*10+int(buf[0]-'0'))
				return struct{}{}, err
			}))
			hub.Yield()
		}
		for i := 0; i < 3; i++ {
			s.Write([]byte{byte('0' + i)})
			if _, err := ths[i].Wait(); err != nil {
				t.Fatal(err)
			}
		}
		want := []int{0, 11, 22}
		for i := range want {
			if order[i] != want[i] {
				t.Fatalf("served %v, want %v", order, want)
			}
		}
	})
}
