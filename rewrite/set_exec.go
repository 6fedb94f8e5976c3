package rewrite

// The exec set: Eventlet's subprocess patch. Cmd is green/exec's own type
// (its Wait parks in the hub, its pipes are green); Error and ExitError are
// the standard types.
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
