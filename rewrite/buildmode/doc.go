// Package buildmode is greenify's build mode: Eventlet's monkey_patch for a
// whole build. Where greenify -w rewrites the user's own sources, the build
// mode reaches every package the go command compiles — third-party
// libraries and the standard library's own socket users such as net/http —
// and writes nothing into the user's tree.
//
// # How it works
//
// greenify go build|test|run|vet|install runs the go command with
// -toolexec naming greenify itself. The go command then starts
// "greenify toolexec TOOL ARGS..." for every tool it runs, and the proxy:
//
//   - at each compile action, plans the package from its files, with type
//     information from the export data its importcfg names (the same
//     planner, sets and //greenify:ignore directives as the source mode,
//     one package at a time: see rewrite.PlanPackage), writes the rewritten
//     files into the action's own directory under $WORK, adds the green
//     packages' export files to a copy of the action's importcfg and
//     compiles those instead, with //line directives that keep every
//     position on the user's original line (see withLineDirectives); if
//     the compiler still refuses the rewritten files, the package compiles
//     as it was and the report says why;
//   - at the link action, adds the green packages and everything they
//     import to the link's importcfg: the go command did not know the
//     rewritten packages would need them;
//   - answers the go command's "TOOL -V=full" with the tool's own answer
//     plus greenify's version, the chosen sets and a digest of the green
//     packages' export files. The go command keys its build cache on that
//     line, so a plain build and a green one, or builds with other sets,
//     never share an object.
//
// Before the go command starts, the driver lists the green packages of the
// chosen sets with "go list -deps -export" (with the build flags that change
// objects: -race, -tags, -gcflags...), which compiles them plainly and names
// their export files. The listing costs about as much as a warm rebuild, so
// it is kept in greenify's cache directory ($XDG_CACHE_HOME/greenify, or
// $GREENIFY_CACHE), keyed on greenify's version, go env, the flags and the
// bytes of go.mod, go.sum and go.work, and used while its export files
// exist and a local checkout of the green module is unchanged. That list
// is the green closure: the packages the green
// ones stand on (crypto/tls, os, runtime...) cannot be rewritten onto them
// without a cycle, so they and the green module's own packages compile
// unchanged. So do cgo packages (the compiler sees cgo's output, not the
// user's source) and packages the planner refuses (one that would not
// type-check rewritten compiles as it was, and the report says so).
//
// A warm rebuild must cost little more than a plain one, and a -toolexec
// proxy starts for every action, so the proxy does the least it can: a
// tool it has nothing to add to (asm, cgo, the C compiler, a package of the
// closure, the link once its importcfg is complete) replaces the proxy
// through exec, and the tools' -V=full answers are cached, keyed on the
// tool's executable and the environment (see toolid.go). The driver's own
// go env -json is cached too, keyed on what it reads (see goenv.go).
//
// With the go command's -work the rewritten sources stay in $WORK, beside
// each action's output, for inspection.
//
// # The bare form
//
// go build -toolexec='greenify toolexec' works without the driver: the
// first proxy of the build finds the go command that started it (its
// parent process: working directory, flags, start time), computes the same
// state under a lock in the cache directory and leaves it there for the
// build's other proxies (see bare.go). The sets are the proxy's own flags:
// -toolexec='greenify toolexec -exclude=os'. It prints no report.
//
// # Opting in
//
// The build resolves the green packages through the user's go.mod, so a
// module opts in once with greenify pin, which adds the green module's
// requirement and go.sum lines, names greenify's command in a tool
// directive (so go mod tidy keeps the requirement, and go tool greenify
// runs the pinned version) and changes no source. The build mode refuses
// an unpinned module with one line (exit 2); in a go.work workspace, one
// pinned module of the workspace is enough.
//
// # Reporting
//
// greenify go -v prints, once per build, which packages were rewritten by
// which sets and which were left standard and why, like gevent's "NOT
// patched"; -json prints the same as data. Only the packages compiled in
// this run are listed: an object the build cache already holds is reused
// without running the compiler (go build -a lists every package).
package buildmode
