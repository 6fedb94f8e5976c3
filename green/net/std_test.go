//go:build unix

package net_test

import (
	"bytes"
	"io"
	stdnet "net"
	"os"
	"path/filepath"
	"testing"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/runtime/hub"
)

func TestStdCrossings(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer s.Close()

	// Green -> standard: a dup; closing the green one leaves it working.
	sc := c.Std()
	if sc == nil {
		t.Fatal("Std returned nil")
	}
	c.Close()
	sc.Write([]byte("from std"))
	buf := make([]byte, 16)
	n, err := s.Read(buf)
	if err != nil || string(buf[:n]) != "from std" {
		t.Fatalf("read %q, %v", buf[:n], err)
	}

	// Standard -> green.
	gc := net.FromStdTCPConn(sc)
	sc.Close()
	if gc == nil {
		t.Fatal("FromStdTCPConn returned nil")
	}
	defer gc.Close()
	green(t, func() {
		s.Write([]byte("to green"))
		n, err := gc.Read(buf)
		if err != nil || string(buf[:n]) != "to green" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
	})
	if gc.RemoteAddr().String() != s.LocalAddr().String() {
		t.Errorf("addresses lost: %v vs %v", gc.RemoteAddr(), s.LocalAddr())
	}

	// Listeners both ways.
	ln, _ := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	sl := ln.Std()
	ln.Close()
	gl := net.FromStdTCPListener(sl)
	sl.Close()
	defer gl.Close()
	go func() {
		if c, err := stdnet.Dial("tcp", gl.Addr().String()); err == nil {
			c.Close()
		}
	}()
	ac, err := gl.Accept()
	if err != nil {
		t.Fatal(err)
	}
	ac.Close()

	// Config structs copy their fields.
	d := &net.Dialer{KeepAlive: 42, FallbackDelay: 7, Resolver: &net.Resolver{PreferGo: true}}
	d.SetMultipathTCP(true)
	sd := d.Std()
	if sd.KeepAlive != 42 || sd.FallbackDelay != 7 || !sd.Resolver.PreferGo || !sd.MultipathTCP() {
		t.Errorf("Dialer.Std: %+v", sd)
	}
	if back := net.FromStdDialer(sd); back.KeepAlive != 42 || !back.Resolver.PreferGo || !back.MultipathTCP() {
		t.Errorf("FromStdDialer: %+v", back)
	}
	if net.DefaultResolver.Std() != stdnet.DefaultResolver {
		t.Error("the zero green resolver should map to net.DefaultResolver")
	}
}

func TestFileConnAndListener(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "f.sock")
	ul, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := ul.File()
	if err != nil {
		t.Fatal(err)
	}
	fl, err := net.FileListener(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	defer ul.Close()
	defer fl.Close()
	if _, ok := fl.(*net.UnixListener); !ok {
		t.Fatalf("FileListener gave %T", fl)
	}
	green(t, func() {
		acc := hub.Spawn(func() (net.Conn, error) { return fl.Accept() })
		c, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := acc.Wait()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		cf, err := c.(*net.UnixConn).File()
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		fc, err := net.FileConn(cf)
		cf.Close()
		if err != nil {
			t.Fatal(err)
		}
		defer fc.Close()
		if _, ok := fc.(*net.UnixConn); !ok {
			t.Fatalf("FileConn gave %T", fc)
		}
		fc.Write([]byte("via file"))
		buf := make([]byte, 16)
		n, err := s.Read(buf)
		if err != nil || string(buf[:n]) != "via file" {
			t.Fatalf("read %q, %v", buf[:n], err)
		}
	})
	// A file that is not a socket.
	nf, _ := os.Open(os.DevNull)
	defer nf.Close()
	if _, err := net.FileConn(nf); err == nil {
		t.Error("FileConn of /dev/null succeeded")
	}
}

// io.Copy between green TCP conns splices; the data arrives whole.
func TestCopySplice(t *testing.T) {
	clean(t)
	a1, a2 := tcpPair(t, "tcp", "127.0.0.1:0")
	b1, b2 := tcpPair(t, "tcp", "127.0.0.1:0")
	defer a1.Close()
	defer b2.Close()
	msg := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	green(t, func() {
		hub.Go(func() {
			a1.Write(msg)
			a1.CloseWrite()
		})
		fwd := hub.Spawn(func() (int64, error) {
			defer b1.Close()
			defer a2.Close()
			return io.Copy(b1, a2) // a2 -> b1: green to green
		})
		got, err := io.ReadAll(b2)
		if err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("got %d bytes, %v", len(got), err)
		}
		if n, err := fwd.Wait(); err != nil || n != int64(len(msg)) {
			t.Fatalf("copy: %d, %v", n, err)
		}
	})
	// LimitedReader and a non-socket writer take the copy path.
	c1, c2 := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c1.Close()
	defer c2.Close()
	green(t, func() {
		c1.Write([]byte("limited read"))
		var out bytes.Buffer
		n, err := io.Copy(&out, io.LimitReader(c2, 7))
		if err != nil || n != 7 || out.String() != "limited" {
			t.Fatalf("limited: %d %q %v", n, out.String(), err)
		}
		var w bytes.Buffer
		c1.CloseWrite()
		if _, err := c2.WriteTo(&w); err != nil || w.String() != " read" {
			t.Fatalf("WriteTo: %q %v", w.String(), err)
		}
	})
}

func TestWriteBuffers(t *testing.T) {
	clean(t)
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer c.Close()
	defer s.Close()
	green(t, func() {
		v := net.Buffers{[]byte("a"), nil, []byte("bc"), []byte("def")}
		n, err := c.WriteBuffers(&v)
		if err != nil || n != 6 || len(v) != 0 {
			t.Fatalf("WriteBuffers: %d, %v, left %v", n, err, v)
		}
		buf := make([]byte, 6)
		io.ReadFull(s, buf)
		if string(buf) != "abcdef" {
			t.Errorf("got %q", buf)
		}
	})
}

// io.Copy from a regular file into a green conn uses sendfile(2) from the
// file's offset; a LimitedReader bounds it.
func TestSendFile(t *testing.T) {
	clean(t)
	data := bytes.Repeat([]byte("file data "), 30000)
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, s := tcpPair(t, "tcp", "127.0.0.1:0")
	defer s.Close()
	green(t, func() {
		f.Seek(10, io.SeekStart)
		sent := hub.Spawn(func() (int64, error) {
			n, err := c.ReadFrom(io.LimitReader(f, 100000))
			if err == nil {
				var m int64
				m, err = io.Copy(c, f) // the rest
				n += m
			}
			c.Close()
			return n, err
		})
		got, err := io.ReadAll(s)
		if err != nil || !bytes.Equal(got, data[10:]) {
			t.Fatalf("got %d bytes, want %d (%v)", len(got), len(data)-10, err)
		}
		if n, err := sent.Wait(); err != nil || n != int64(len(data)-10) {
			t.Fatalf("sent %d, %v", n, err)
		}
	})
}
