package ui

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// maxCompletions bounds how many matches one Tab collects, so a huge
// directory does not flood the notice line or the cycle.
const maxCompletions = 200

// maxCompletionSniffs bounds how many files without a media extension one
// Tab opens to sniff, so Tab stays instant in a directory of thousands.
const maxCompletionSniffs = 64

// completion is the state of Tab in the composer: the matches of the last
// Tab and which one is shown, so that pressing Tab again cycles.
type completion struct {
	matches []string // whole composer texts
	i       int
	last    string // the text the last Tab put in the composer
}

// handleTab completes a command name or an /attach path. It reports false
// when the composer does not hold a command, so Tab does what it would.
func (m *Model) handleTab() bool {
	text := m.composer.Value()
	if !strings.HasPrefix(text, "/") || strings.Contains(text, "\n") {
		return false
	}
	c := &m.compl
	if len(c.matches) > 1 && text == c.last {
		c.i = (c.i + 1) % len(c.matches)
	} else {
		c.matches, c.i = completeText(text), 0
	}
	if len(c.matches) == 0 {
		m.tray.setNotice("no completion for "+text, true)
		m.layout()
		return true
	}
	c.last = c.matches[c.i]
	m.composer.SetValue(c.last)
	if len(c.matches) > 1 {
		m.tray.setNotice(completionList(c.matches, c.i), false)
	} else {
		m.tray.setNotice("", false)
	}
	m.layout()
	return true
}

// completeText lists what text may complete to.
func completeText(text string) []string {
	word, arg, hasArg := strings.Cut(text, " ")
	if !hasArg {
		var out []string
		for _, c := range commands() {
			if strings.HasPrefix(c.name, word) {
				if c.args != "" {
					out = append(out, c.name+" ")
				} else {
					out = append(out, c.name)
				}
			}
		}
		return out
	}
	if word != "/attach" {
		return nil
	}
	var out []string
	for _, p := range completePath(strings.TrimLeft(arg, " ")) {
		out = append(out, "/attach "+p)
	}
	return out
}

// completePath lists the entries of the typed prefix's directory whose
// names start with the typed base (case-insensitively): directories (with
// a trailing slash, to go on into) and attachable files. Hidden entries
// show only when the base starts with a dot.
func completePath(prefix string) []string {
	dir, base := "", prefix
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		dir, base = prefix[:i+1], prefix[i+1:]
	}
	entries, err := os.ReadDir(expandHome(cmp.Or(dir, ".")))
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
			if fi, err := os.Stat(filepath.Join(expandHome(cmp.Or(dir, ".")), name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		switch {
		case isDir:
			out = append(out, dir+name+"/")
		case hasAttachExt(name):
			out = append(out, dir+name)
		case sniffs < maxCompletionSniffs:
			// No media extension: the bytes decide (an extension-less
			// screenshot), for a bounded number of files per Tab.
			sniffs++
			if isMediaFile(filepath.Join(expandHome(cmp.Or(dir, ".")), name)) {
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

// expandHome turns a leading ~ into the home directory.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, p[1:])
}

// completionList shows the matches' last path elements, the current one
// bracketed.
func completionList(matches []string, cur int) string {
	parts := make([]string, len(matches))
	for i, s := range matches {
		s = strings.TrimPrefix(s, "/attach ")
		if t := strings.TrimSuffix(s, "/"); strings.Contains(t, "/") {
			s = s[strings.LastIndex(t, "/")+1:]
		}
		if i == cur {
			s = "[" + s + "]"
		}
		parts[i] = s
	}
	return strings.Join(parts, "  ")
}
