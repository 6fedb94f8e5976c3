//go:build unix

package os_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	stdnet "net"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/greenify/greenify/green/net"
	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/runtime/hub"
)

// A FIFO's reader and writer in two green threads: each Open waits
// (through the pool) for the other end, and the opened ends are pollable.
func TestFIFOReaderWriter(t *testing.T) {
	clean(t)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	want := bytes.Repeat([]byte("fifo "), 40000) // 200 KB, more than the FIFO holds
	hub.Run(func() {
		reader := hub.Spawn(func() ([]byte, error) {
			f, err := os.Open(fifo)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			if err := f.SetReadDeadline(timeZero); err != nil {
				return nil, err // a FIFO we opened is pollable: it has deadlines
			}
			return io.ReadAll(f)
		})
		writer := hub.Spawn(func() (int, error) {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return 0, err
			}
			defer f.Close()
			return f.Write(want)
		})
		if n, err := writer.Wait(); err != nil || n != len(want) {
			t.Fatalf("writer: %d, %v", n, err)
		}
		got, err := reader.Wait()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("reader: %d bytes, %v", len(got), err)
		}
	})
}

// Regular-file reads go through the pool while a green echo server keeps
// serving a socket: the file's reader and the server alternate on the hub,
// and both finish with the right bytes.
func TestRegularFileWhileSocketServed(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	name := filepath.Join(dir, "data")
	want := bytes.Repeat([]byte("regular file through the pool\n"), 1<<15) // ~1 MB
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 200
	hub.Run(func() {
		if err := os.WriteFile(name, want, 0o600); err != nil {
			t.Fatal(err)
		}
		server := hub.Spawn(func() (int, error) {
			defer ln.Close()
			c, err := ln.Accept()
			if err != nil {
				return 0, err
			}
			defer c.Close()
			n, err := io.Copy(c, c)
			return int(n), err
		})
		// The client is an outsider goroutine with a standard conn.
		client := hub.Spawn(func() (int, error) {
			var served int
			var cerr error
			hub.Blocking(func() {
				c, err := stdnet.Dial("tcp", ln.Addr().String())
				if err != nil {
					cerr = err
					return
				}
				defer c.Close()
				br := bufio.NewReader(c)
				for i := 0; i < rounds; i++ {
					if _, err := c.Write([]byte("ping\n")); err != nil {
						cerr = err
						return
					}
					if _, err := br.ReadString('\n'); err != nil {
						cerr = err
						return
					}
					served++
				}
			})
			return served, cerr
		})
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		var got []byte
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
		if !bytes.Equal(got, want) {
			t.Fatalf("read %d bytes of the file, want %d", len(got), len(want))
		}
		if n, err := client.Wait(); err != nil || n != rounds {
			t.Fatalf("client: %d round trips, %v", n, err)
		}
		if _, err := server.Wait(); err != nil {
			t.Fatal(err)
		}
	})
}

// ReadFile, WriteFile, ReadDir, Create and Root work through the pool and
// give the standard results.
func TestFilesThroughPool(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	hub.Run(func() {
		f, err := os.Create(filepath.Join(dir, "a"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("hello"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteAt([]byte("J"), 0); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "a")); err != nil || string(b) != "Jello" {
			t.Fatalf("ReadFile: %q, %v", b, err)
		}
		if err := os.WriteFile(filepath.Join(dir, "b"), []byte("b"), 0o600); err != nil {
			t.Fatal(err)
		}
		ents, err := os.ReadDir(dir)
		if err != nil || len(ents) != 2 || ents[0].Name() != "a" || ents[1].Name() != "b" {
			t.Fatalf("ReadDir: %v, %v", ents, err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		rf, err := root.Open("a")
		if err != nil {
			t.Fatal(err)
		}
		var sb bytes.Buffer
		if _, err := io.Copy(&sb, rf); err != nil || sb.String() != "Jello" {
			t.Fatalf("Root file: %q, %v", sb.String(), err)
		}
		rf.Close()
		if _, err := root.Open("../escape"); err == nil {
			t.Fatal("Root let a path escape")
		}
		if _, err := os.ReadFile(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("missing file: %v", err)
		}
	})
}

// Copying between two regular green files uses the standard ReadFrom in
// one pool call, and a pipe to a file copies through green reads.
func TestCopyFiles(t *testing.T) {
	clean(t)
	dir := t.TempDir()
	want := bytes.Repeat([]byte("copy"), 50000)
	hub.Run(func() {
		os.WriteFile(filepath.Join(dir, "src"), want, 0o600)
		src, _ := os.Open(filepath.Join(dir, "src"))
		dst, _ := os.Create(filepath.Join(dir, "dst"))
		if n, err := io.Copy(dst, src); err != nil || n != int64(len(want)) {
			t.Fatalf("file to file: %d, %v", n, err)
		}
		src.Close()
		dst.Close()
		r, w, _ := os.Pipe()
		hub.Go(func() { w.Write(want); w.Close() })
		dst, _ = os.Create(filepath.Join(dir, "dst2"))
		if n, err := io.Copy(dst, r); err != nil || n != int64(len(want)) {
			t.Fatalf("pipe to file: %d, %v", n, err)
		}
		dst.Close()
		r.Close()
		for _, n := range []string{"dst", "dst2"} {
			if b, _ := os.ReadFile(filepath.Join(dir, n)); !bytes.Equal(b, want) {
				t.Errorf("%s differs", n)
			}
		}
	})
}

// A child started with StartProcess is waited for in the hub; its files
// come from green pipes handed over in blocking mode.
func TestStartProcessWait(t *testing.T) {
	clean(t)
	sh, err := execLookPath("sh")
	if err != nil {
		t.Skip(err)
	}
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		null, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		p, err := os.StartProcess(sh, []string{"sh", "-c", "echo child; exit 7"},
			&os.ProcAttr{Files: []*os.File{null, w, null}})
		null.Close()
		w.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, err := io.ReadAll(r)
		r.Close()
		if err != nil || string(out) != "child\n" {
			t.Fatalf("child wrote %q, %v", out, err)
		}
		st, err := p.Wait()
		if err != nil || st.ExitCode() != 7 {
			t.Fatalf("Wait: %v, %v", st, err)
		}
		if _, err := p.Wait(); err == nil {
			t.Error("second Wait succeeded")
		}
	})
}
