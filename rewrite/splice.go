package rewrite

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
)

// Decorating and printing a file through dst costs in proportion to the
// whole file, though edits usually touch a few of its declarations. So when
// they can, render decorates only the import declarations and the
// declarations holding an edit, and splices their printed text into the
// source in place of the old: everything else stays byte for byte.
//
// For a gofmt-formatted file the result is what printing the whole file
// gives, because gofmt prints each top-level declaration on its own: the
// only thing it lines up across declarations is trailing comments on
// consecutive lines. So declarations are spliced by runs, a run being the
// declarations with no blank line between them, and a run only when it
// starts a line after a blank one and a blank line (or the end of the
// file) follows its last line; otherwise, and whenever the edits add or
// remove a whole declaration, the whole file is printed.

// A part is the runs of declarations of a file that are printed again.
type part struct {
	sub  *ast.File // the file with only those declarations and their comments
	runs []run
}

// A run is consecutive declarations: their bytes in the source, the first
// one's doc comment included, and how many there are.
type run struct{ start, end, n int }

// partOf returns the part of f that the edits need printed again, or nil
// when the whole file must be.
func partOf(fset *token.FileSet, f *ast.File, src []byte, edits []edit) *part {
	tf := fset.File(f.Pos())
	if tf == nil || tf.Size() != len(src) {
		return nil
	}
	var at []token.Pos // where the edits are
	for _, e := range edits {
		if e.node != nil {
			at = append(at, e.node.Pos())
		}
		if e.code != nil {
			for _, n := range e.code.pass.order {
				at = append(at, n.Pos())
			}
		}
	}
	touched := func(d ast.Decl) bool {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			return true
		}
		for _, p := range at {
			if d.Pos() <= p && p < d.End() {
				return true
			}
		}
		return false
	}
	p := &part{}
	var decls []ast.Decl
	for i := 0; i < len(f.Decls); {
		r := run{start: tf.Offset(declStart(f.Decls[i]))}
		hit := false
		j := i
		for {
			hit = hit || touched(f.Decls[j])
			r.end = tf.Offset(f.Decls[j].End())
			j++
			if j == len(f.Decls) || string(src[r.end:tf.Offset(declStart(f.Decls[j]))]) != "\n" {
				break // the next declaration is not on the next line
			}
		}
		if hit {
			if !standsAlone(src, r) {
				return nil
			}
			r.n = j - i
			decls = append(decls, f.Decls[i:j]...)
			p.runs = append(p.runs, r)
		}
		i = j
	}
	if len(decls) == len(f.Decls) {
		return nil // nothing to save
	}
	sub := *f
	sub.Doc, sub.Decls, sub.Comments = nil, decls, nil
	sub.Scope, sub.Unresolved = nil, nil // objects point at every declaration
	for _, cg := range f.Comments {
		start, end := tf.Offset(cg.Pos()), tf.Offset(cg.End())
		for _, r := range p.runs {
			if r.start <= start && end <= r.end {
				sub.Comments = append(sub.Comments, cg)
				break
			}
		}
	}
	p.sub = &sub
	return p
}

// fileSet returns a file set for decorating the part: dst looks up the
// line of every byte of the file it decorates, and the part ends with its
// last run, often far before the file does. So the set holds the file cut
// after that run (same base, so every position of the part stays valid).
// A file with line directives keeps the shared set: they move positions,
// and only the whole file carries them.
func (p *part) fileSet(fset *token.FileSet, src []byte) *token.FileSet {
	if bytes.Contains(src, []byte("//line ")) || bytes.Contains(src, []byte("/*line ")) {
		return fset
	}
	tf := fset.File(p.sub.Pos())
	size := min(p.runs[len(p.runs)-1].end+1, len(src)) // the run's closing newline included
	lines := tf.Lines()
	n := sort.SearchInts(lines, size)
	fs := token.NewFileSet()
	fs.AddFile(tf.Name(), tf.Base(), size).SetLines(lines[:n])
	return fs
}

// declStart is where d starts, its doc comment included.
func declStart(d ast.Decl) token.Pos {
	var doc *ast.CommentGroup
	switch d := d.(type) {
	case *ast.FuncDecl:
		doc = d.Doc
	case *ast.GenDecl:
		doc = d.Doc
	}
	if doc != nil {
		return doc.Pos()
	}
	return d.Pos()
}

// standsAlone reports whether r starts a line after a blank line and ends
// its line before a blank line or the end of the file.
func standsAlone(src []byte, r run) bool {
	if r.start < 2 || string(src[r.start-2:r.start]) != "\n\n" {
		return false
	}
	rest := src[r.end:]
	return len(rest) == 0 || string(rest) == "\n" || bytes.HasPrefix(rest, []byte("\n\n"))
}

// render applies the edits to the part and splices the printed
// declarations into src. It reports false when the edits changed which
// declarations there are (an import declaration added or removed): then
// the whole file must be printed.
func (p *part) render(fset *token.FileSet, src []byte, edits []edit) ([]byte, bool, error) {
	dec, df, err := applyEdits(p.fileSet(fset, src), p.sub, edits)
	if err != nil {
		return nil, false, err
	}
	if len(df.Decls) != len(p.sub.Decls) {
		return nil, false, nil
	}
	for i, d := range p.sub.Decls {
		if dec.Dst.Nodes[d] != df.Decls[i] {
			return nil, false, nil
		}
	}
	out, err := printFile(df)
	if err != nil {
		return nil, false, err
	}
	// Where each declaration landed in the printed text: parse it back.
	ofset := token.NewFileSet()
	of, err := parser.ParseFile(ofset, "", out, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || len(of.Decls) != len(p.sub.Decls) {
		return nil, false, err
	}
	otf := ofset.File(of.Pos())
	var buf bytes.Buffer
	buf.Grow(len(src) + len(out)/8)
	last, k := 0, 0
	for _, r := range p.runs {
		from, to := otf.Offset(declStart(of.Decls[k])), otf.Offset(of.Decls[k+r.n-1].End())
		k += r.n
		if from > 0 && out[from-1] != '\n' || to < len(out) && out[to] != '\n' {
			return nil, false, nil // not on lines of its own: print the file
		}
		buf.Write(src[last:r.start])
		buf.Write(out[from:to])
		last = r.end
	}
	buf.Write(src[last:])
	return buf.Bytes(), true, nil
}
