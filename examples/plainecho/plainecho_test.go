package main

import (
	"testing"

	"github.com/greenify/greenify/examples/internal/runprog"
)

// The standard-net echo server passes the same checks as examples/echo.
func TestPlainEcho(t *testing.T) { runprog.CheckEcho(t, ".") }
