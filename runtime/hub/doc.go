// Package hub is greenify's runtime: one event loop (the hub) on which
// green threads run one at a time, as in Eventlet.
//
// The full model is described in this file once the primitives land; see
// Go, Spawn, Sleep, Yield, Run, Blocking, Register and Trampoline.
package hub
