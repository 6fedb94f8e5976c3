package net_test

import "net/netip"

func netipAddrPort(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
