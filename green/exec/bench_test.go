//go:build linux

package exec_test

import (
	stdexec "os/exec"
	"testing"

	"github.com/greenify/greenify/green/exec"
	"github.com/greenify/greenify/runtime/hub"
)

// BenchmarkStartWait starts and waits for `true`: through the standard
// os/exec from a goroutine, and through green/exec from a green thread
// (the wait on the pidfd in the hub). Compare the two ns/op figures of one
// run (the target is green ≤ 1.1× std):
//
//	go test -run '^$' -bench StartWait -count 5 ./green/exec/
func BenchmarkStartWait(b *testing.B) {
	path, err := stdexec.LookPath("true")
	if err != nil {
		b.Skip(err)
	}
	b.Run("std", func(b *testing.B) {
		for b.Loop() {
			if err := stdexec.Command(path).Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("green", func(b *testing.B) {
		defer hub.Close()
		hub.Run(func() {
			for b.Loop() {
				if err := exec.Command(path).Run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
