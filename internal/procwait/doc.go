// Package procwait waits for a child process to exit without blocking the
// hub, for green/os's Process.Wait and green/exec's Cmd.Wait.
//
// Only the os package can reap a child and build its *os.ProcessState (the
// fields are unexported), so the green packages split the standard Wait in
// two: Exited parks the calling green thread until the child has exited,
// and then the standard Wait reaps it at once, without blocking.
//
// On Linux the wait is on a pidfd in the hub's poller: a pidfd becomes
// readable when its process exits, so the hub wakes the waiter like any
// other descriptor, and nothing polls on a timer (Eventlet's green waitpid
// looked every 10 ms). Where there is no pidfd (other systems, Linux before
// 5.4, a Process from FindProcess without one) or the caller is not a green
// thread, Exited reports that it did not wait, and the caller runs the
// standard Wait inside hub.Blocking: the wait then blocks one goroutine in
// wait4 with the hub released, which also never spins.
package procwait
