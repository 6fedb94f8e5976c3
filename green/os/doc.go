// Package os is the standard os package, green: the same API, with the
// calls that wait — reading and writing pipes, FIFOs and sockets, waiting
// for a child process, file I/O — parking the calling green thread instead
// of blocking the greenify hub. It is what Eventlet's green os module is to
// Python's os, and what `greenify` points a program's `import "os"` at.
// Import it under its own name and the rest of the file does not change:
//
//	import "github.com/greenify/greenify/green/os"
//
//	r, w, err := os.Pipe()
//	hub.Go(func() { w.Write(msg); w.Close() })
//	data, err := io.ReadAll(r) // parks this green thread, not the hub
//
// # Which files are pollable
//
// A File is pollable when this process created its open file description
// and the hub's poller can wait on it: both ends of Pipe, and a FIFO or
// socket opened with Open/OpenFile. Its I/O runs on a non-blocking
// descriptor in the hub (a read or write of 16 KiB or more gives the hub
// up for the whole call, its system calls and its waits, when there is more
// than one core, so that the two ends of a pipe copy in parallel; no user
// code runs meanwhile, so the one-at-a-time promise holds); it has
// deadlines (SetDeadline...); Close wakes the
// green threads waiting in it with an error wrapping ErrClosed; and a
// second green thread reading (or writing) it while another already waits
// gets the hub's *hub.MultipleWaitersError — Eventlet's "Second
// simultaneous read on fileno N detected".
//
// Every other file — a regular file, a directory, a device, the standard
// streams, a descriptor handed over with NewFile or FromStdFile — does its
// I/O through the hub's pool of blocking calls (hub.Execute): a poller
// cannot wait on a regular file, and O_NONBLOCK is never set on a
// descriptor the process did not create, because the flag lives on the
// open file description that the shell and other processes share (a
// non-blocking stdout makes `head`, or the standard os.Stdout, fail with
// EAGAIN). Open, ReadFile, WriteFile, ReadDir, RemoveAll and CopyFS run
// through the pool too. Calls that do not wait on I/O (Stat, Remove,
// Getenv, ...) are the standard functions.
//
// # Which types are green
//
// File, Process, ProcAttr (its Files are green files) and Root (the files it
// opens are green) are types of this package with the standard type's
// fields and methods. Everything else — FileInfo, FileMode, DirEntry,
// PathError, ProcessState, Signal, the errors — is an alias of the
// standard type, so it crosses between the two packages as is. The other
// package variables (ErrNotExist, Interrupt, ...) are copies of the
// standard values.
//
// Mutable package variables cannot be shared through a copy: Args, Stdin,
// Stdout and Stderr here are this package's own (the streams are green
// files over the standard ones), and code that greenify rewrites keeps
// using os.Args and os.Stdin/Stdout/Stderr of the standard package through
// a second import, since programs and tests assign to them.
//
// # Crossings
//
// Where a green value meets an API that wants the standard type, convert:
//
//	(*File).Std() *os.File             FromStdFile(*os.File) *File
//	(*Process).Std() *os.Process       FromStdProcess(*os.Process) *Process
//	(*Root).Std() *os.Root             FromStdRoot(*os.Root) *Root
//	(*ProcAttr).Std() *os.ProcAttr     FromStdProcAttr(*os.ProcAttr) *ProcAttr
//
// None of them copies: both sides share the descriptor or process. What
// each gives up is written beside it: a pollable File handed over with Std
// (or Fd) is put into blocking mode for good, as the standard Fd does,
// since the standard file and any child process expect blocking I/O; its
// I/O then goes through the pool and its deadlines stop. FromStdFile never
// changes the descriptor's flags, so the green file does its I/O through
// the pool.
//
// # Waiting for a child
//
// Process.Wait parks the green thread until the child exits — on Linux on a
// pidfd in the hub's poller — and then lets the standard Wait reap it at
// once (only os can build a ProcessState). Without pidfds the standard Wait
// runs with the hub released (hub.Blocking); nothing polls on a timer.
//
// # Other systems
//
// Where the hub has no poller (windows, wasip1) no file is pollable: every
// File wraps a standard one and its I/O goes through the pool, so programs
// rewritten by greenify build and behave as before.
package os
