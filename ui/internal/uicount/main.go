// Command uicount prints the numbers that say how the TUI is structured:
// the root Model's methods and the files they are in, the root's plain
// functions that take a *Model (methods in all but name), the packages under
// ui/, key strings matched by hand instead of through key.Matches, the
// key.Matches calls, and the largest non-test file. It reads the source
// with go/ast only, so it runs on any checkout:
//
//	go run ./ui/internal/uicount        # from the module root
//	go run ./ui/internal/uicount DIR    # the ui directory of another checkout
//
// A hand-matched key string is a string literal that names a key ("esc",
// "ctrl+p", "j", …) and is compared against something: a `case` of a
// switch or an operand of == or !=. Single characters count only when the
// other side is a key's String()/Keystroke() or a plain variable, and
// "-" meaning stdin or "~" meaning home is not mistaken for a key: only a
// letter, "?" or "/" counts as a one-character key.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// counts is what one run measures.
type counts struct {
	methods     int
	methodFiles map[string]int
	// modelFuncs are the root's plain functions whose first parameter
	// is a *Model: methods in all but name, so they are counted too.
	modelFuncs     int
	modelFuncFiles map[string]int
	// chatMethods are ui/chat's Chat methods: what left the root went
	// there, so the cut is honest only if that count is seen too (it is
	// not the metric, Model's is).
	chatMethods     int
	chatMethodFiles map[string]int
	packages        []string
	handKeys        []string // file:line "literal"
	matches         int
	largest         string
	largestN        int
}

func main() {
	dir := "ui"
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	c, err := count(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "uicount:", err)
		os.Exit(1)
	}
	c.print(os.Stdout)
}

func count(dir string) (*counts, error) {
	c := &counts{methodFiles: map[string]int{}, modelFuncFiles: map[string]int{}, chatMethodFiles: map[string]int{}}
	pkgs := map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// testdata holds goldens; the counter does not count itself.
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "uicount") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		pkgs[filepath.Dir(path)] = true
		if n := lineCount(path); n > c.largestN {
			c.largest, c.largestN = path, n
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		if filepath.Clean(filepath.Dir(path)) == filepath.Clean(dir) {
			c.rootMethods(f, filepath.Base(path))
		}
		if filepath.Clean(filepath.Dir(path)) == filepath.Join(dir, "chat") {
			c.chatMethods += receiverMethods(f, "Chat", c.chatMethodFiles, filepath.Base(path))
		}
		// Key strings are a TUI matter: the CLI's commands read whole
		// answer lines ("y" to a confirmation), not key presses.
		if !strings.Contains(filepath.ToSlash(path), "/cli/") {
			c.keys(fset, f)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for p := range pkgs {
		c.packages = append(c.packages, p)
	}
	sort.Strings(c.packages)
	return c, nil
}

// isModel reports whether t is Model or *Model.
func isModel(t ast.Expr) bool {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == "Model"
}

// rootMethods counts methods whose receiver is Model or *Model, and plain
// functions whose first parameter is one.
func (c *counts) rootMethods(f *ast.File, name string) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Recv == nil && fd.Type.Params != nil && len(fd.Type.Params.List) > 0 && isModel(fd.Type.Params.List[0].Type) {
			c.modelFuncs++
			c.modelFuncFiles[name]++
			continue
		}
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		t := fd.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if id, ok := t.(*ast.Ident); ok && id.Name == "Model" {
			c.methods++
			c.methodFiles[name]++
		}
	}
}

// receiverMethods counts f's methods on type name (or *name) into
// files[file] and returns how many there are.
func receiverMethods(f *ast.File, name string, files map[string]int, file string) int {
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		t := fd.Recv.List[0].Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		if id, ok := t.(*ast.Ident); ok && id.Name == name {
			n++
			files[file]++
		}
	}
	return n
}

// keys finds hand-matched key strings and key.Matches calls.
func (c *counts) keys(fset *token.FileSet, f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Matches" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "key" {
					c.matches++
				}
			}
		case *ast.SwitchStmt:
			for _, s := range n.Body.List {
				for _, e := range s.(*ast.CaseClause).List {
					c.keyLit(fset, e, n.Tag)
				}
			}
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				c.keyLit(fset, n.X, n.Y)
				c.keyLit(fset, n.Y, n.X)
			}
		}
		return true
	})
}

// keyLit records lit when it is a key name compared against other.
func (c *counts) keyLit(fset *token.FileSet, lit, other ast.Expr) {
	bl, ok := lit.(*ast.BasicLit)
	if !ok || bl.Kind != token.STRING || other == nil {
		return
	}
	s, err := strconv.Unquote(bl.Value)
	if err != nil || !isKeyName(s, keyish(other)) {
		return
	}
	p := fset.Position(bl.Pos())
	c.handKeys = append(c.handKeys, fmt.Sprintf("%s:%d %q", p.Filename, p.Line, s))
}

// keyish tells whether e looks like a key's text: x.String(),
// x.Keystroke() or a plain identifier.
func keyish(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			return sel.Sel.Name == "String" || sel.Sel.Name == "Keystroke"
		}
	}
	return false
}

var named = map[string]bool{
	"esc": true, "enter": true, "up": true, "down": true, "left": true, "right": true,
	"pgup": true, "pgdown": true, "home": true, "end": true, "tab": true, "space": true,
	"backspace": true, "delete": true, "insert": true, "shift+tab": true,
}

func isKeyName(s string, keyText bool) bool {
	switch {
	case named[s]:
		return true
	case strings.HasPrefix(s, "ctrl+"), strings.HasPrefix(s, "alt+"), strings.HasPrefix(s, "shift+"):
		return true
	case len(s) == 1 && keyText:
		return s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z' || s[0] == '?' || s[0] == '/'

	}
	return false
}

func lineCount(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		n++
	}
	return n
}

func (c *counts) print(w *os.File) {
	printFiles(w, "Model methods:            %d in %d files\n", c.methods, c.methodFiles)
	printFiles(w, "funcs taking a *Model:    %d in %d files\n", c.modelFuncs, c.modelFuncFiles)
	printFiles(w, "ui/chat Chat methods:     %d in %d files (not the metric: where the root's went)\n", c.chatMethods, c.chatMethodFiles)
	fmt.Fprintf(w, "packages under ui/:       %d\n", len(c.packages))
	for _, p := range c.packages {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "hand-matched key strings: %d\n", len(c.handKeys))
	for _, k := range c.handKeys {
		fmt.Fprintf(w, "  %s\n", k)
	}
	fmt.Fprintf(w, "key.Matches calls:        %d\n", c.matches)
	fmt.Fprintf(w, "largest non-test file:    %s (%d lines)\n", c.largest, c.largestN)
}

// printFiles prints a count and the files it is in, by name, a line each.
func printFiles(w *os.File, format string, n int, byFile map[string]int) {
	files := make([]string, 0, len(byFile))
	for f := range byFile {
		files = append(files, f)
	}
	sort.Strings(files)
	fmt.Fprintf(w, format, n, len(files))
	for _, f := range files {
		fmt.Fprintf(w, "  %-24s %d\n", f, byFile[f])
	}
}
