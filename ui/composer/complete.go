package composer

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"parley/ui/common"
)

// maxCompletions bounds how many matches one Tab collects, so a huge
// directory does not flood the notice line or the cycle.
const maxCompletions = 200

// maxCompletionSniffs bounds how many files without a media extension one
// Tab opens to sniff, so Tab stays instant in a directory of thousands.
const maxCompletionSniffs = 64

// completion is the state of Tab.
type completion struct {
	matches []string // whole composer texts
	i       int
	last    string // the text the last Tab put in the composer
}

// Complete is Tab: it replaces the text with the next of the texts
// candidates says it may complete to, cycling on repeated Tabs. ok is false
// when the text is not a command (it does not start with "/"), so Tab does
// what it would otherwise; notice is what to tell the user (the matches,
// or that there are none: isErr).
func (c *Model) Complete(candidates func(text string) []string) (notice string, isErr, ok bool) {
	text := c.Value()
	if !strings.HasPrefix(text, "/") || strings.Contains(text, "\n") {
		return "", false, false
	}
	cp := &c.compl
	if len(cp.matches) > 1 && text == cp.last {
		cp.i = (cp.i + 1) % len(cp.matches)
	} else {
		cp.matches, cp.i = candidates(text), 0
	}
	if len(cp.matches) == 0 {
		return "no completion for " + text, true, true
	}
	cp.last = cp.matches[cp.i]
	c.SetValue(cp.last)
	if len(cp.matches) > 1 {
		return completionList(cp.matches, cp.i), false, true
	}
	return "", false, true
}

// EndCompletion forgets the matches: a key other than Tab was pressed, so
// the next Tab completes afresh.
func (c *Model) EndCompletion() { c.compl = completion{} }

// CompletePath lists the entries of the typed prefix's directory whose
// names start with the typed base (case-insensitively): directories (with
// a trailing slash, to go on into) and attachable files. Hidden entries
// show only when the base starts with a dot.
//
// byName says whether a file's name makes it attachable; a file it refuses
// is asked about once more with bySniff (its bytes decide), for a bounded
// number of files per Tab.
func CompletePath(prefix string, byName, bySniff func(path string) bool) []string {
	dir, base := "", prefix
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		dir, base = prefix[:i+1], prefix[i+1:]
	}
	entries, err := os.ReadDir(common.ExpandHome(cmp.Or(dir, ".")))
	if err != nil {
		return nil
	}
	var out []string
	sniffs := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(strings.ToLower(name), strings.ToLower(base)) ||
			(strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(common.ExpandHome(cmp.Or(dir, ".")), name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			out = append(out, dir+name+"/")
		case byName(name):
			out = append(out, dir+name)
		case sniffs < maxCompletionSniffs:
			// No media extension: the bytes decide (an extension-less
			// screenshot), for a bounded number of files per Tab.
			sniffs++
			if bySniff(filepath.Join(common.ExpandHome(cmp.Or(dir, ".")), name)) {
				out = append(out, dir+name)
			}
		}
		if len(out) == maxCompletions {
			break
		}
	}
	slices.Sort(out)
	return out
}

// completionList shows the matches, the current one bracketed: a path
// match by its last element, a command match by its name ("/attach",
// without the space that waits for the argument).
func completionList(matches []string, cur int) string {
	parts := make([]string, len(matches))
	for i, s := range matches {
		word, path, hasArg := strings.Cut(s, " ")
		switch {
		case !hasArg || strings.TrimSpace(path) == "":
			// A command name: shown whole. Trimming the argument's
			// prefix here once blanked "/attach " out of the row.
			s = word
		default:
			s = strings.TrimLeft(path, " ")
			if t := strings.TrimSuffix(s, "/"); strings.Contains(t, "/") {
				s = s[strings.LastIndex(t, "/")+1:]
			}
		}
		if i == cur {
			s = "[" + s + "]"
		}
		parts[i] = s
	}
	return strings.Join(parts, "  ")
}
