package hub

import "reflect"

// A rewritten select. Go evaluates the operands of every case of a select
// once, in source order, before it waits; greenify keeps that order by
// evaluating them into cases built with OnRecv and OnSend while the green
// thread still holds the hub:
//
//	switch r0, s1 := hub.OnRecv(in), hub.OnSend(out, v); hub.Select(r0, s1) {
//	case 0:
//		x := r0.Value
//		...
//	case 1:
//		...
//	}
//
// Select tries the cases without blocking first, and gives the hub up only
// when none is ready. The case bodies run after it returns, holding the hub
// again, in a switch, so break, continue, return, goto and labels mean what
// they meant in the select.

// A SelectCase is one communication of a rewritten select: a *SelectRecv
// or a *SelectSend.
type SelectCase interface {
	reflectCase() reflect.SelectCase
	received(v reflect.Value, ok bool)
}

// A SelectRecv is a receive case; after Select chose it, Value and OK hold
// what `v, ok := <-ch` would.
type SelectRecv[T any] struct {
	ch    <-chan T
	Value T
	OK    bool
}

// OnRecv makes the receive case `<-ch` of a rewritten select.
func OnRecv[T any](ch <-chan T) *SelectRecv[T] { return &SelectRecv[T]{ch: ch} }

func (c *SelectRecv[T]) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(c.ch)}
}

func (c *SelectRecv[T]) received(v reflect.Value, ok bool) {
	c.OK = ok
	if v.IsValid() {
		// Set, not a type assertion: T may be an interface and v a nil one.
		reflect.ValueOf(&c.Value).Elem().Set(v)
	}
}

// A SelectSend is a send case.
type SelectSend[T any] struct {
	ch chan<- T
	v  T
}

// OnSend makes the send case `ch <- v` of a rewritten select.
func OnSend[T any](ch chan<- T, v T) *SelectSend[T] { return &SelectSend[T]{ch: ch, v: v} }

func (c *SelectSend[T]) reflectCase() reflect.SelectCase {
	return reflect.SelectCase{Dir: reflect.SelectSend, Chan: reflect.ValueOf(c.ch), Send: reflect.ValueOf(&c.v).Elem()}
}

func (c *SelectSend[T]) received(reflect.Value, bool) {}

// Select waits until one of the cases can proceed, performs it, and returns
// its index, choosing at random among ready cases as select does. A green
// caller keeps the hub when a case is ready at once and otherwise gives it
// up while it waits.
func Select(cases ...SelectCase) int {
	rc := make([]reflect.SelectCase, len(cases), len(cases)+1)
	for i, c := range cases {
		rc[i] = c.reflectCase()
	}
	try := append(rc, reflect.SelectCase{Dir: reflect.SelectDefault})
	chosen, v, ok := reflect.Select(try)
	if chosen == len(cases) {
		Current().outside(func() { chosen, v, ok = reflect.Select(rc) })
	}
	cases[chosen].received(v, ok)
	return chosen
}
