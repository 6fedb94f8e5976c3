//go:build unix && !linux

package net

import "github.com/greenify/greenify/internal/netfd"

// MPTCP is linux-only: elsewhere dials and listens use plain TCP.
const mptcpProto = 0

func mptcpUnsupported(err error) bool { return false }

func isMPTCP(fd *netfd.FD) bool { return false }
