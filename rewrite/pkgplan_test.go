package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// planOne writes src as a one-file package and plans it with the net set
// and the importer imp.
func planOne(t *testing.T, imp types.Importer, src string) *PackagePlan {
	t.Helper()
	name := filepath.Join(t.TempDir(), "a.go")
	if err := os.WriteFile(name, []byte(src), 0o666); err != nil {
		t.Fatal(err)
	}
	plan, err := PlanPackage(PackageInput{Path: "example.com/a", Files: []string{name}, Importer: imp, Sets: []*PatchSet{netSet}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Files) > 0 {
		if _, ok := plan.Files[name]; !ok || len(plan.Files) != 1 {
			t.Fatalf("planned files %v, want only %s", plan.Files, name)
		}
	}
	return plan
}

func TestPlanPackage(t *testing.T) {
	imp := fuzzPackages(t)
	dial := "package a\n\nimport \"net\"\n\nfunc D() (net.Conn, error) { return net.Dial(\"tcp\", \"x\") }\n"
	plan := planOne(t, imp, dial)
	if plan.Refused != "" || len(plan.Files) != 1 || strings.Join(plan.Sets, ",") != "net" {
		t.Fatalf("plan %+v, want one file rewritten by the net set", plan)
	}
	for _, src := range plan.Files {
		if !strings.Contains(string(src), `"github.com/greenify/greenify/green/net"`) || strings.Contains(string(src), "\"net\"\n") {
			t.Errorf("rewritten source:\n%s", src)
		}
	}

	// Nothing of the sets imported: nothing to plan (and nothing is type-checked:
	// the importer knows no "strings").
	plan = planOne(t, imp, "package a\n\nimport \"strings\"\n\nvar _ = strings.ToUpper\n")
	if plan.Refused != "" || len(plan.Files) != 0 {
		t.Errorf("plan %+v, want nothing", plan)
	}

	// A file marked //greenify:ignore stays as it is.
	plan = planOne(t, imp, "//greenify:ignore\n\n"+dial)
	if plan.Refused != "" || len(plan.Files) != 0 {
		t.Errorf("ignored file: plan %+v, want nothing", plan)
	}

	// A package that does not type-check as it is compiles unchanged.
	plan = planOne(t, imp, "package a\n\nimport \"net\"\n\nvar x int = \"s\"\nvar _ = net.Dial\n")
	if !strings.HasPrefix(plan.Refused, "does not type-check as it is: ") || len(plan.Files) != 0 {
		t.Errorf("plan %+v, want refused as it is", plan)
	}

	// A green package without a name the file uses: rewritten, the package
	// would not compile, so it is refused whole.
	short := fuzzImporter{}
	for k, v := range imp {
		short[k] = v
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "g.go", "package net\ntype Conn interface{ Close() error }\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	green, err := (&types.Config{}).Check(GreenModule+"/green/net", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	short[GreenModule+"/green/net"] = green
	plan = planOne(t, short, dial)
	if !strings.HasPrefix(plan.Refused, "rewritten, it would not compile: ") || len(plan.Files) != 0 {
		t.Errorf("plan %+v, want refused after rewriting", plan)
	}
}
