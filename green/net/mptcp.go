package net

import (
	"os"
	"runtime/debug"
	"strings"
	"sync"
)

// mptcpStatus: 0 is the default, which follows the standard library's:
// listeners use MPTCP (Go 1.24 and later, on linux, where the kernel has
// it), dialers do not; GODEBUG=multipathtcp=0|1|2|3 changes that as it
// does for net.
type mptcpStatus uint8

const (
	mptcpDefault mptcpStatus = iota
	mptcpEnabled
	mptcpDisabled
)

// godebugMPTCP is the multipathtcp setting: GODEBUG in the environment,
// else the binary's default GODEBUG (go.mod's godebug lines).
var godebugMPTCP = sync.OnceValue(func() string {
	find := func(list string) (string, bool) {
		for _, kv := range strings.Split(list, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "multipathtcp="); ok {
				return v, true
			}
		}
		return "", false
	}
	if v, ok := find(os.Getenv("GODEBUG")); ok {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "DefaultGODEBUG" {
				if v, ok := find(s.Value); ok {
					return v
				}
			}
		}
	}
	return ""
})

func (m mptcpStatus) dial() bool {
	switch m {
	case mptcpEnabled:
		return true
	case mptcpDisabled:
		return false
	}
	v := godebugMPTCP()
	return v == "1" || v == "3"
}

func (m mptcpStatus) listen() bool {
	switch m {
	case mptcpEnabled:
		return true
	case mptcpDisabled:
		return false
	}
	v := godebugMPTCP()
	return v != "0" && v != "3"
}

func mptcpOf(use bool) mptcpStatus {
	if use {
		return mptcpEnabled
	}
	return mptcpDisabled
}
