//go:build unix

package net

import "golang.org/x/sys/unix"

const sockStream = unix.SOCK_STREAM
