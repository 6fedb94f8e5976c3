//go:build linux

package exec_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/greenify/greenify/green/exec"
	"github.com/greenify/greenify/runtime/hub"
)

// Children run beside other green threads: each Output parks its own
// thread until the child exits.
func ExampleCommand() {
	defer hub.Close()
	hub.Run(func() {
		pile := hub.NewPile[string](nil)
		for _, word := range []string{"one", "two", "three"} {
			pile.Spawn(func() (string, error) {
				out, err := exec.Command("echo", word).Output()
				return strings.TrimSpace(string(out)), err
			})
		}
		for out, err := range pile.All() {
			fmt.Println(out, err)
		}
	})
	// Output:
	// one <nil>
	// two <nil>
	// three <nil>
}

// A green StdinPipe and StdoutPipe: a green thread feeds the child while
// this one reads its output.
func ExampleCmd_StdoutPipe() {
	defer hub.Close()
	hub.Run(func() {
		cmd := exec.Command("tr", "a-z", "A-Z")
		in, _ := cmd.StdinPipe()
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			fmt.Println(err)
			return
		}
		hub.Go(func() {
			io.WriteString(in, "shout\n")
			in.Close()
		})
		b, _ := io.ReadAll(out)
		fmt.Print(string(b))
		fmt.Println(cmd.Wait())
	})
	// Output:
	// SHOUT
	// <nil>
}
