//go:build linux

package net

import "golang.org/x/sys/unix"

// Descriptors received with ReadMsgUnix arrive close-on-exec, as with net.
const readMsgFlags = unix.MSG_CMSG_CLOEXEC
