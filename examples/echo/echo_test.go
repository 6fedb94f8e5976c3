package main

import (
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

// The echo server answers several clients at once, line by line; a line
// longer than its buffer comes back whole.
func TestEcho(t *testing.T) { runprog.CheckEcho(t, ".") }
