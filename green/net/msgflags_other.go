//go:build unix && !linux

package net

const readMsgFlags = 0
