package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/packages"
)

// Verification is three steps over each load of the planned sources, as a
// go/analysis pass would split it: collect the places where a value meets
// a typed destination of the other world (green or standard), classify
// each (a conversion to insert, a file to keep standard, or a rewrite that
// cannot be done), then apply the conversions and load again. When no
// crossing is left, the remaining type errors are judged the same way.

// verify type-checks the draft with the packages it can affect, inserts
// the conversions its crossings need (updating d), and reports whether it
// had to keep some file standard (then the caller plans again).
func (p *planner) verify(d *draft, keep map[string]map[string]bool) (refused bool, err error) {
	touched := map[string]bool{}
	for path := range d.overlay {
		touched[p.files[path].pkg.PkgPath] = true
	}
	patterns := reverseDeps(p.roots, touched)
	p.cfg.logf("verifying %d packages", len(patterns))
	modfile := ""
	if p.mp != nil {
		modfile = p.mp.modPath
	}
	chk, err := p.newCheck(d.overlay, patterns, modfile)
	if err != nil {
		return false, err
	}
	for pass := 0; pass < convRounds; pass++ {
		pkgs, fset, err := chk.load(d.overlay)
		if err != nil {
			return false, err
		}
		pkgs = realRoots(pkgs)
		v := p.classify(d, collectCrossings(p.t, pkgs, fset))
		if v.err != nil {
			return false, v.err
		}
		if len(v.refusals) > 0 {
			for _, r := range v.refusals {
				p.keep(keep, r.file, r.set, r.diag)
			}
			return true, nil
		}
		if len(v.convs) > 0 {
			if pass == convRounds-1 {
				return false, fmt.Errorf("internal error: conversions still needed after inserting them")
			}
			if err := p.applyConversions(d, fset, v); err != nil {
				return false, err
			}
			continue // check the converted sources
		}
		return p.judgeErrors(d, pkgs, keep)
	}
	return false, nil
}

// convRounds bounds the loads that insert conversions: the conversions of
// one round, and one more for those that a conversion at a variable's
// definition makes (the variable changes type, so its other uses may
// cross), then a load that must find none.
const convRounds = 3

// A found crossing is one place, in one loaded file, where a value of one
// world reaches a destination of the other.
type found struct {
	fset *token.FileSet
	pkg  *packages.Package
	file *ast.File
	name string         // the file as loaded (cgo: its generated output)
	pos  token.Position // adjusted: cgo output points at the original
	c    *crossing
}

// collectCrossings lists the crossings of the loaded packages, once each.
// A test variant repeats its package's files: each file is walked in the
// first package that has it. Packages are walked in parallel, since the
// walk only reads their syntax and types, and merged in order.
func collectCrossings(t *table, pkgs []*packages.Package, fset *token.FileSet) []found {
	files := make([][]*ast.File, len(pkgs))
	walked := map[string]bool{}
	for i, pkg := range pkgs {
		if pkg.TypesInfo == nil {
			continue
		}
		for _, f := range pkg.Syntax {
			if name := fset.File(f.Pos()).Name(); !walked[name] {
				walked[name] = true
				files[i] = append(files[i], f)
			}
		}
	}
	per := make([][]found, len(pkgs))
	parallel(len(pkgs), func(i int) { per[i] = pkgCrossings(t, pkgs[i], files[i], fset) })
	var out []found
	seen := map[token.Position]bool{}
	for _, fs := range per {
		for _, x := range fs {
			key := token.Position{Filename: x.pos.Filename, Offset: x.pos.Offset}
			if !seen[key] {
				seen[key] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// pkgCrossings lists the crossings in some files of one loaded package.
func pkgCrossings(t *table, pkg *packages.Package, files []*ast.File, fset *token.FileSet) []found {
	var out []found
	for _, f := range files {
		name := fset.File(f.Pos()).Name()
		flowSites(pkg.TypesInfo, f, func(s site) {
			c := findCrossing(t, pkg.Types, s, pkg.TypesInfo.TypeOf(s.expr))
			if c == nil {
				return
			}
			out = append(out, found{fset: fset, pkg: pkg, file: f, name: name, pos: fset.Position(s.expr.Pos()), c: c})
		})
	}
	return out
}

// A verdict is what classify made of one load's crossings.
type verdict struct {
	convs    map[string][]edit    // conversions to insert, by loaded file name
	asts     map[string]*ast.File // the syntax those edits point into
	refusals []refusal            // files to keep on the standard packages of a set
	err      error                // a crossing no file can be kept standard for
}

type refusal struct {
	file, set string
	diag      Diagnostic
}

// classify decides each crossing: a conversion where one applies and the
// site may be edited; where not, the file is kept standard for the set that
// made the value green or standard; where the crossing is not of this
// plan's making (code greenify does not rewrite), the rewrite cannot be
// done.
func (p *planner) classify(d *draft, fs []found) verdict {
	v := verdict{convs: map[string][]edit{}, asts: map[string]*ast.File{}}
	igs := map[*ast.File]*ignores{}
	for _, x := range fs {
		ig := igs[x.file]
		if ig == nil {
			ig = findIgnores(x.fset, x.file, d.src(p, x.name))
			igs[x.file] = ig
		}
		c, info := x.c, x.pkg.TypesInfo
		sf := p.files[x.pos.Filename]
		what := fmt.Sprintf("%s crosses to %s", types.TypeString(info.TypeOf(c.expr), qualifier), types.TypeString(c.want, qualifier))
		reason := ""
		switch {
		case sf == nil:
			reason = "outside the module's sources"
		case x.name != x.pos.Filename || sf.cgo:
			reason = "in a cgo file, where greenify only rewrites imports"
		case sf.skip != "":
			reason = "in a " + sf.skip
		case ig.covers(c.expr):
			reason = "in code marked //greenify:ignore"
		case !c.ok && c.toStd:
			reason = "no conversion gives that type (only pointers to green types convert)"
		case !c.ok:
			reason = "no conversion gives that type"
		}
		e := edit{node: c.expr, report: Edit{Pos: Position(x.pos)}}
		if reason == "" && c.toStd {
			e.kind, e.name = eToStd, c.gt.ToStd
			e.report.Kind, e.report.New = "to-std", "."+c.gt.ToStd+"()"
		} else if reason == "" {
			pkgName := greenName(x.pkg, x.file, c.expr.Pos(), c.m.Green)
			if pkgName == "" {
				reason = "the file has no usable import of " + c.m.Green
			}
			e.kind, e.name, e.path = eFromStd, pkgName, c.gt.FromStd
			e.report.Kind, e.report.New = "from-std", pkgName+"."+c.gt.FromStd+"(…)"
		}
		switch {
		case reason == "":
			v.convs[x.name] = append(v.convs[x.name], e)
			v.asts[x.name] = x.file
		case sf != nil && d.sets[sf.path][c.m.set.Name]:
			v.refusals = append(v.refusals, refusal{sf.path, c.m.set.Name,
				Diagnostic{Position(x.pos), fmt.Sprintf("%s, %s: file left on the standard packages of the %s set", what, reason, c.m.set.Name)}})
		default:
			p.diag(Diagnostic{Position(x.pos), fmt.Sprintf("%s, %s: cannot rewrite", what, reason)})
			if v.err == nil {
				v.err = &InputError{Lines: []string{fmt.Sprintf("%s: %s, %s", Position(x.pos), what, reason)}}
			}
		}
	}
	return v
}

// applyConversions renders the conversions into the draft's sources.
func (p *planner) applyConversions(d *draft, fset *token.FileSet, v verdict) error {
	for name, es := range v.convs {
		src, ok := d.overlay[name] // the source the check loaded
		if !ok {
			src = p.files[name].src
		}
		src, err := render(fset, v.asts[name], src, es)
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		d.overlay[name] = src
		for _, e := range es {
			d.edits[name] = append(d.edits[name], e.report)
		}
	}
	return nil
}

// judgeErrors decides the type errors left when no crossing is: in a file
// the draft rewrites, that file is kept standard for the sets it was
// rewritten for; anywhere else the rewrite would break the build.
func (p *planner) judgeErrors(d *draft, pkgs []*packages.Package, keep map[string]map[string]bool) (refused bool, err error) {
	var lines []string
	for _, e := range pkgErrors(pkgs) {
		file, line, col := parsePos(e.Pos)
		if sets := d.sets[file]; len(sets) > 0 {
			for set := range sets {
				pos := Position{Filename: file, Line: line, Column: col}
				p.keep(keep, file, set, Diagnostic{pos, fmt.Sprintf("rewritten, it would not compile (%s): file left on the standard packages of the %s set", firstLine(e.Msg), set)})
			}
			refused = true
			continue
		}
		lines = append(lines, "rewrite would break "+errLine(e))
	}
	if len(lines) > 0 && !refused {
		return false, &InputError{Lines: lines}
	}
	return refused, nil
}
