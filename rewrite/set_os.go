package rewrite

// The os set: Eventlet's os patch. FileInfo, FileMode, DirEntry, the errors
// and the other data types are aliases in green/os, so they cross to any
// code unchanged; the green types below need conversions. The mutable
// package variables stay on the standard package: programs assign os.Args,
// and tests swap os.Stdin/Stdout/Stderr, which a copy in green/os would not
// see.
var osSet = &PatchSet{
	Name: "os",
	Doc:  "os: pipes, FIFOs and process waits over the hub, file I/O through its pool",
	Packages: []Package{{
		Std:     "os",
		Green:   GreenModule + "/green/os",
		Name:    "os",
		KeepStd: []string{"Args", "Stdin", "Stdout", "Stderr"},
		Types: []GreenType{
			greenType("File"), greenType("Process"), greenType("ProcAttr"), greenType("Root"),
		},
	}},
}

func init() { Register(osSet) }
