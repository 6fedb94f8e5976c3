//go:build unix

package os_test

import (
	"fmt"
	"io"

	"github.com/greenify/greenify/green/os"
	"github.com/greenify/greenify/runtime/hub"
)

// A pipe between two green threads: the reader parks in the hub until the
// writer has written and closed its end.
func ExamplePipe() {
	defer hub.Close()
	hub.Run(func() {
		r, w, err := os.Pipe()
		if err != nil {
			fmt.Println(err)
			return
		}
		defer r.Close()
		hub.Go(func() {
			fmt.Fprintln(w, "through a green pipe")
			w.Close()
		})
		b, _ := io.ReadAll(r)
		fmt.Print(string(b))
	})
	// Output: through a green pipe
}
