//go:build unix

package os_test

import (
	"io"
	stdos "os"
	"testing"

	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/runtime/hub"
)

const benchChunk = 64 << 10

// BenchmarkPipe moves 64 KiB writes through a pipe to a reader with a
// 64 KiB buffer: os.Pipe between two goroutines, and a green pipe between
// two green threads of one hub. One op is one 64 KiB write; 256 MiB is
//
//	go test -run '^$' -bench Pipe -benchtime 4096x -count 5 ./green/os/
func BenchmarkPipe(b *testing.B) {
	b.Run("std", func(b *testing.B) {
		r, w, err := stdos.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan int64)
		go func() {
			n, _ := drain(r)
			done <- n
		}()
		benchWrites(b, w)
		w.Close()
		<-done
		r.Close()
	})
	b.Run("green", func(b *testing.B) {
		defer hub.Close()
		hub.Run(func() {
			r, w, err := os.Pipe()
			if err != nil {
				b.Fatal(err)
			}
			reader := hub.Spawn(func() (int64, error) { return drain(r) })
			benchWrites(b, w)
			w.Close()
			reader.Wait()
			r.Close()
		})
	})
}

// drain reads r to its end through one 64 KiB buffer. (io.Copy into
// io.Discard would not do: Discard's ReadFrom reads 8 KiB at a time
// whatever buffer it is given.)
func drain(r io.Reader) (int64, error) {
	buf := make([]byte, benchChunk)
	var total int64
	for {
		n, err := r.Read(buf)
		total += int64(n)
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

func benchWrites(b *testing.B, w io.Writer) {
	buf := make([]byte, benchChunk)
	b.SetBytes(benchChunk)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := w.Write(buf); err != nil {
			b.Fatal(err)
		}
	}
}
