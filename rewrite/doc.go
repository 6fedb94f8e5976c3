// Package rewrite is greenify's source-to-source rewriter: Eventlet's
// monkey_patch, done on the source. It points Go code at the green packages
// of github.com/greenify/greenify and never leaves code that does not
// compile.
//
// # Phases
//
// Plan runs these phases; Result.Write is the last, separate step.
//
//  1. Load. golang.org/x/tools/go/packages loads the patterns with syntax
//     and types (tests included unless Config.NoTests, build tags from
//     Config.Tags). A package that does not compile, a file that does not
//     parse or a missing path is an *InputError: nothing is planned.
//  2. Plan. For each Go file of the main module, each import of a standard
//     package of a selected patch set changes its path to the green one.
//     The file keeps its name for the package (green packages declare the
//     standard names), so the rest of the file does not change.
//  3. Verify. go get adds the green module to a temporary copy of go.mod
//     and go.sum (-modfile), beside the rendering of the planned files.
//     The planned import graph is the first load's with the planned
//     files' imports; go list reads, with -mod=mod on the copy, only the
//     packages outside the main module that the roots and their tests
//     import, so that go adds there every requirement and go.sum line they
//     need (graph.go). Nothing is compiled: the touched packages and every
//     package that imports them are type-checked in process from
//     their planned sources, in dependency order, every other import served
//     the first load's types or, for the green packages, read from the
//     export data of a go list -export of them alone (typecheck.go; a
//     changed cgo file has go list compile the planned packages instead,
//     check.go).
//     Each place a value flows into a typed destination is checked: where a
//     green value meets a standard type, or the other way, a conversion is
//     inserted or the file is kept standard (see Crossings). This repeats
//     until nothing is refused; the last load must have no errors.
//  4. Write. Sources, go.mod and go.sum are written together: every new
//     content goes to a temporary file beside its target first (mode kept),
//     then each is renamed over the original. go.sum is created when it is
//     absent, so what is written builds, vets and tests in a plain shell.
//
// # go.mod and go.sum
//
// The user's go.mod gets only what the copy needed: the green requirement,
// the // indirect requirements of the modules it brings in, a requirement
// raised where the green module needs a newer version, the replace that
// -green names. The go and toolchain lines stay as written, unless the
// green module needs a newer go line: then it is raised, the output says
// so (Result.Notes), and a comment on the line ("// greenify: was go
// 1.22") keeps the old version for undo. A module in a go.work workspace is
// refused (go does not allow -modfile there; GOWORK=off plans a module that
// builds on its own), and so is a vendored module unless GOFLAGS has
// -mod=mod (greenify does not write vendor/: run go mod vendor after).
// The last verifying listing is what records them, when the planned
// sources still import what they imported then (a cgo file changed, or
// they import something else: go lists the packages with their tests and
// dependencies on the copy once more); when go cannot record (a module it
// must verify against the checksum database, which it cannot reach), Plan
// refuses in one line and nothing is written.
// A module in the module cache is not trusted for being there: go does not
// trust it either.
// Temporary files never outlive Plan.
//
// Edits are made with github.com/dave/dst, decorated from the ASTs already
// loaded (no second parse, no dst resolver), so comments, blank lines and
// import grouping stay; what is printed is gofmt's. Only the imports and
// the declarations holding an edit are printed again, and spliced into the
// source, when each stands on lines of its own between blank lines (else
// the whole file is): the rest of the file stays byte for byte, and for a
// gofmt-clean file the result is the whole file printed. Two imports of
// one path are never planned (dst merges them, dave/dst#45).
//
// # Patch sets
//
// A PatchSet is a table: for each standard import path, the green path,
// the identifiers that must stay standard (KeepStd) and the green types
// with their conversions. A set is one file that calls Register from init;
// set_net.go is the net set (net and crypto/tls), set_os.go and set_exec.go
// the os and exec sets. -patch picks sets,
// -exclude drops them, an unknown name is an error.
//
// A set may also claim only some identifiers of a standard package that
// another set claims whole (Package.Idents): set_dns.go claims net's
// lookups. With both sets selected the identifiers go green with the
// package; with the claiming set alone they move to its green package (the
// import itself when nothing else is used, else a second import beside the
// standard one); with the whole-package set alone they stay standard,
// through the second import below.
//
// Imports: an aliased import keeps its alias; a dot import is rewritten like
// any other (the green package exports the same names), unless some name
// must stay standard, then it is left alone with a diagnostic; a blank
// import is left alone (it asks for the standard package's init). A file
// that already imports the green path is left standard with a diagnostic.
//
// Identifiers that must stay standard (KeepStd, and every use inside code
// marked //greenify:ignore) are re-pointed at a second import named std+name:
//
//	import (
//		"github.com/greenify/greenify/green/os"
//		stdos "os" //greenify:std
//	)
//
// If the name is taken in the file, the import stays standard.
//
// # Crossings
//
// Interfaces and data types of green packages are aliases, so net.Conn,
// net.Listener or *tls.Conn values cross to any code unchanged. Green types
// (green/net's TCPConn, Dialer... ; green/tls's Dialer) are distinct types.
// Where a *green.T reaches a parameter, field, element, return or variable
// typed *std.T (a dependency, code kept standard), x.Std() is inserted;
// where a *std.T reaches a green destination, net.FromStdT(x) is. The values
// append adds are elements of its slice. In a tuple assignment
// (out, err = os.Create(name)) no expression carries one value alone, so
// the conversion goes where the variable got its type (out := os.Stdout
// becomes out := os.FromStdFile(stdos.Stdout)), and the variable's other
// uses are converted in turn. Where no conversion applies (a struct value,
// a slice — it would convert only as a copy that no longer shares its
// elements —, a site in generated, ignored or cgo code, no usable import of
// the green package) the file is kept on the standard packages of that set,
// with a file:line:col diagnostic, and planning starts again.
//
// # Code sets: thread and time
//
// Eventlet also patches thread and time. Their Go equivalents are language
// constructs and methods of the sync types, so these sets (PatchSet.Code)
// edit code rather than imports, through runtime/hub's helpers; values keep
// their standard types (a chan T stays a chan T, a sync.Mutex a
// sync.Mutex), so they cross into code that was not rewritten unchanged:
//
//	go f(x)                       hub.Go(func() func() { a0 := x; return func() { f(a0) } }())
//	go f() / go func() {...}()    hub.Go(f) / hub.Go(func() {...})
//	go g(1 << n)                  hub.Go(func() func() { var a0 int64 = 1 << n; return func() { g(a0) } }())
//	ch <- v, <-ch, v, ok := <-ch  hub.Send(ch, v), hub.Recv(ch), hub.Recv2(ch)
//	anys <- t  (t a *T, anys a chan any)  hub.Send[any](anys, t)   (OnSend too)
//	for v := range ch             for v := range hub.Range(ch)
//	select { case ... }           switch c0, c1 := hub.OnRecv(a), hub.OnSend(b, v); hub.Select(c0, c1) { case 0: ... }
//	select {}                     hub.Blocking(func() { select {} })
//	mu.Lock(), rw.RLock()         hub.Lock(&mu), hub.RLock(&rw)
//	l.Lock()  (l a sync.Locker)   hub.LockAny(l)                      (c.L.Lock() too)
//	f := mu.Lock                  f := hub.Releasing(mu.Lock)         (a blocking method as a value)
//	f := once.Do  (wg.Go too)     f := func() func(func()) { a0 := &once; return func(f func()) { hub.Do(a0, f) } }()
//	wg.Wait(), cond.Wait()        hub.Wait(&wg), hub.Wait(cond)
//	once.Do(f), wg.Go(f)          hub.Do(&once, f), hub.GoGroup(&wg, f)
//	sync.OnceFunc(f) (OnceValue, OnceValues)     hub.OnceFunc(f)
//	runtime.Gosched()             hub.Yield()
//	time.AfterFunc(d, f)          time.AfterFunc(d, hub.GoFunc(f))   (context.AfterFunc too)
//	t.Run(name, f), t.Parallel()  hub.Sub(t, name, f), hub.Parallel(t)
//	func main() { body }          func main() { hub.Run(func() { body }) }   (tests, benchmarks, examples too)
//	time.Sleep(d)                 hub.Sleep(d)                        (the time set)
//
// A go statement's function value, receiver and arguments are evaluated at
// once, as Go does: into the locals of the outer literal (an untyped
// argument that is not constant, 1 << n or x == y, into a local declared
// with its parameter's type). A type argument or a local's type is written
// as the file names it; where the file cannot name it (an unexported type
// of another package, a package it does not import, a name a local hides),
// a boolean go argument is evaluated into a bool and passed as a0 == true,
// a comparison that takes the parameter's type as the argument did, and a
// shift by an unsigned count (1<<n - 1) is done in the call, its count
// evaluated at once; any other such construct stays as it is, with a
// diagnostic (a shift by a signed count must panic at the go statement
// when the count is negative). A select's
// operands are evaluated once, in order, into its cases while the thread
// holds the hub; hub.Select gives the hub up only if no case is ready, and
// the bodies run in a switch on its index, so break, continue, return, goto,
// labels and case assignments (case s.f = <-ch) mean what they meant.
// A select with a default and TryLock never block and stay. Package
// initialization, TestMain and fuzz targets stay outside the hub. The hub
// import goes where goimports puts it; an import whose last use an edit
// removes (runtime for Gosched) goes, and the undo brings it back.
//
// # Directives and skipped files
//
// //greenify:ignore, optionally followed by a reason, keeps greenify away:
// before the package clause, from the file; on an import (doc or end of
// line), from that import; in the doc of a declaration or alone on the line
// before a statement (or at the end of its first line), from that code:
// its uses stay standard through the second import. Generated files
// (// Code generated ... DO NOT EDIT.), vendor/ and testdata/ are skipped
// unless Config.Generated, Vendor, Testdata. cgo files: the original source
// is rewritten (imports only), never cgo's output.
//
// # Undo
//
// Every edit has a canonical form that Config.Undo recognises and inverts:
// green import paths of the selected sets go back to the standard ones,
// imports marked //greenify:std are removed and their uses re-pointed,
// x.Std() on a green type and FromStdT(x) become x, and each form of the
// thread and time sets above goes back to the construct it came from.
// Once no Go file of the module imports a green package, go.mod and go.sum
// are inverted too: the green requirement, the -green replace, the //
// indirect requirements of modules the green module brought in that no
// package needs, their go.sum lines, and a raised go line go back (a go.sum left empty is removed). On
// gofmt-clean input, a rewrite then an undo gives back the original bytes of
// every file; requirements raised to newer versions stay raised, and an
// import declaration that held one import in parentheses before greenify
// added a second comes back without them (both forms are gofmt's). A second
// rewrite plans nothing.
//
// The forms are reserved: the undo cannot tell hub.Send(ch, v) that
// greenify wrote from the same call written by hand, and inverts both. A
// marker on each generated form (a comment) was weighed and not taken: it
// would sit on every channel operation and lock of a rewritten program,
// editors and refactorings move or drop comments, and then the undo would
// silently miss the form. The hub calls greenify writes mean, outside the
// hub, what the constructs they replace mean, so an undone hand-written
// call still does what it did in a program that no longer runs on the
// hub. Code written against the hub by hand that must stay green through
// an undo is marked //greenify:ignore (a file, a declaration, a
// statement), which the undo respects as the rewrite does.
//
// # Versions
//
// go get fetches the green module at greenify's own version (from its build
// information). A development build has none: the user's go.mod needs a
// replace directive for the green module (kept), or Config.GreenDir names a
// local checkout (written to go.mod as a replace).
package rewrite
