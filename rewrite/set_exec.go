package rewrite

// The exec set: Eventlet's subprocess patch. Cmd is green/exec's own type
// (its Wait parks in the hub, its pipes are green); Error and ExitError are
// the standard types.
//
// Cmd.ExtraFiles holds green files, so with the os set the files a program
// puts there are green already. With the exec set alone the program's files
// stay standard, and a standard []*os.File put into ExtraFiles is refused
// with a diagnostic (the file stays on os/exec): no conversion can be
// inserted soundly. A slice converts only by copying, and the copy no longer
// shares its elements with the program's slice, as `cmd.ExtraFiles = files`
// did (a later files[i] = g, or an append into spare capacity, would not
// reach the command). Each element alone would convert with green/os's
// FromStdFile, but that needs green/os imported into a file that uses the
// standard os, which is the os set's business. Select both sets
// (-patch=os,exec) and nothing needs converting.
var execSet = &PatchSet{
	Name: "exec",
	Doc:  "os/exec: commands waited for in the hub, with green pipes",
	Packages: []Package{{
		Std:   "os/exec",
		Green: GreenModule + "/green/exec",
		Name:  "exec",
		Types: []GreenType{greenType("Cmd")},
	}},
}

func init() { Register(execSet) }
