//go:build unix

package net_test

import (
	"bytes"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

func TestUDP(t *testing.T) {
	clean(t)
	green(t, func() {
		srv, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		if _, ok := srv.(*net.UDPConn); !ok {
			t.Fatalf("ListenPacket gave %T", srv)
		}
		echo := hub.Spawn(func() (int, error) {
			buf := make([]byte, 1500)
			n, addr, err := srv.ReadFrom(buf)
			if err != nil {
				return 0, err
			}
			return srv.WriteTo(buf[:n], addr)
		})
		c, err := net.DialUDP("udp", nil, srv.LocalAddr().(*net.UDPAddr))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 100)
		n, err := c.Read(buf)
		if err != nil || string(buf[:n]) != "ping" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
		if _, err := echo.Wait(); err != nil {
			t.Fatal(err)
		}
		// A connected socket refuses WriteTo, as net does.
		_, err = c.WriteTo([]byte("x"), srv.LocalAddr())
		if !errors.Is(err, net.ErrWriteToConnected) {
			t.Errorf("WriteTo on connected: %v", err)
		}
		// AddrPort and Msg forms.
		u := srv.(*net.UDPConn)
		ap := netip.MustParseAddrPort(c.LocalAddr().String())
		if _, err := u.WriteToUDPAddrPort([]byte("ap"), ap); err != nil {
			t.Fatal(err)
		}
		n, _, _, from, err := c.ReadMsgUDPAddrPort(buf, nil)
		if err != nil || string(buf[:n]) != "ap" || from.Port() != uint16(srv.LocalAddr().(*net.UDPAddr).Port) {
			t.Fatalf("ReadMsgUDPAddrPort: %q from %v, %v", buf[:n], from, err)
		}
		// Empty datagrams are datagrams, not EOF.
		if _, err := c.Write(nil); err != nil {
			t.Fatal(err)
		}
		n, addr, err := u.ReadFromUDP(buf)
		if err != nil || n != 0 || addr.Port != c.LocalAddr().(*net.UDPAddr).Port {
			t.Fatalf("empty datagram: %d from %v, %v", n, addr, err)
		}
		u.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		if _, _, err := u.ReadFrom(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("read deadline: %v", err)
		}
	})
}

func TestUnixNetworks(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	for _, network := range []string{"unix", "unixpacket"} {
		t.Run(network, func(t *testing.T) {
			path := filepath.Join(dir, network+".sock")
			green(t, func() {
				ln, err := net.ListenUnix(network, &net.UnixAddr{Name: path, Net: network})
				if err != nil {
					t.Fatal(err)
				}
				acc := hub.Spawn(func() (*net.UnixConn, error) { return ln.AcceptUnix() })
				c, err := net.Dial(network, path)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				s, err := acc.Wait()
				if err != nil {
					t.Fatal(err)
				}
				defer s.Close()
				c.Write([]byte("one"))
				c.Write([]byte("two"))
				buf := make([]byte, 10)
				n, _ := s.Read(buf)
				if network == "unixpacket" && string(buf[:n]) != "one" {
					t.Errorf("seqpacket kept no boundary: %q", buf[:n])
				}
				ln.Close()
				if _, err := os.Stat(path); !os.IsNotExist(err) {
					t.Errorf("socket file left after Close: %v", err)
				}
			})
		})
	}
	t.Run("unixgram", func(t *testing.T) {
		green(t, func() {
			a := filepath.Join(dir, "a.sock")
			b := filepath.Join(dir, "b.sock")
			ca, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: a, Net: "unixgram"})
			if err != nil {
				t.Fatal(err)
			}
			defer ca.Close()
			cb, err := net.DialUnix("unixgram", &net.UnixAddr{Name: b, Net: "unixgram"}, &net.UnixAddr{Name: a, Net: "unixgram"})
			if err != nil {
				t.Fatal(err)
			}
			defer cb.Close()
			reader := hub.Spawn(func() (string, error) {
				buf := make([]byte, 10)
				n, from, err := ca.ReadFromUnix(buf)
				if err == nil && from.Name != b {
					t.Errorf("from %v", from)
				}
				return string(buf[:n]), err
			})
			cb.Write([]byte("gram"))
			if got, err := reader.Wait(); err != nil || got != "gram" {
				t.Errorf("got %q, %v", got, err)
			}
		})
	})
	t.Run("pass-fd", func(t *testing.T) {
		green(t, func() {
			path := filepath.Join(dir, "fd.sock")
			ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			acc := hub.Spawn(func() (*net.UnixConn, error) { return ln.AcceptUnix() })
			c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: path, Net: "unix"})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			s, _ := acc.Wait()
			defer s.Close()
			f, _ := os.Open(os.DevNull)
			defer f.Close()
			if _, _, err := c.WriteMsgUnix([]byte("f"), syscall.UnixRights(int(f.Fd())), nil); err != nil {
				t.Fatal(err)
			}
			buf, oob := make([]byte, 4), make([]byte, 64)
			_, oobn, _, _, err := s.ReadMsgUnix(buf, oob)
			if err != nil {
				t.Fatal(err)
			}
			msgs, _ := syscall.ParseSocketControlMessage(oob[:oobn])
			fds, _ := syscall.ParseUnixRights(&msgs[0])
			if len(fds) != 1 {
				t.Fatalf("got fds %v", fds)
			}
			flags, _ := unixFcntl(fds[0])
			if flags&syscall.FD_CLOEXEC == 0 {
				t.Error("received fd is not close-on-exec")
			}
			syscall.Close(fds[0])
		})
	})
}

func unixFcntl(fd int) (int, error) {
	r, _, e := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_GETFD, 0)
	if e != 0 {
		return 0, e
	}
	return int(r), nil
}

// Raw IP needs CAP_NET_RAW.
func TestIPConn(t *testing.T) {
	clean(t)
	c, err := net.ListenIP("ip4:icmp", &net.IPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Skipf("raw sockets: %v", err)
	}
	defer c.Close()
	green(t, func() {
		// ICMP echo request, id 0x1234, seq 1; the kernel answers on loopback.
		req := []byte{8, 0, 0, 0, 0x12, 0x34, 0, 1, 'g', 'r', 'e', 'e', 'n'}
		cs := icmpChecksum(req)
		req[2], req[3] = byte(cs>>8), byte(cs)
		if _, err := c.WriteToIP(req, &net.IPAddr{IP: net.IPv4(127, 0, 0, 1)}); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 1500)
		for {
			n, from, err := c.ReadFromIP(buf)
			if err != nil {
				t.Fatal(err)
			}
			// Our own request comes back too; wait for the reply (type 0).
			if n >= 8 && buf[0] == 0 {
				if !bytes.Equal(buf[8:n], []byte("green")) || !from.IP.Equal(net.IPv4(127, 0, 0, 1)) {
					t.Fatalf("reply %x from %v", buf[:n], from)
				}
				return
			}
		}
	})
}

func icmpChecksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s>>16 != 0 {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}

func TestListenMulticastUDP(t *testing.T) {
	clean(t)
	lo, err := net.InterfaceByName("lo")
	if err != nil {
		t.Skip(err)
	}
	c, err := net.ListenMulticastUDP("udp4", lo, &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 0})
	if err != nil {
		t.Skipf("multicast: %v", err)
	}
	defer c.Close()
	if c.LocalAddr().(*net.UDPAddr).Port == 0 {
		t.Errorf("local addr %v", c.LocalAddr())
	}
	c.SetReadDeadline(time.Now().Add(time.Millisecond))
	if _, _, err := c.ReadFrom(make([]byte, 10)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read: %v", err)
	}
}
