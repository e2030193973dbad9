// Package paths recognises file paths in pasted or typed text, in the forms
// terminals produce when files are dragged onto them: plain paths, quoted
// paths, backslash-escaped spaces and file:// URLs, one or several at once.
package paths

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"parley/media/shellwords"
)

// ParsePaste returns the file paths s consists of, or (nil, s) when s is
// ordinary text. It is all-or-nothing: s counts as paths only when every
// token names something exists accepts, so a sentence that mentions a path
// stays text. On success rest is "" (nothing of s is left as text).
//
// exists decides what counts; pass one that accepts only regular files the
// caller can attach. Forms understood:
//
//	/abs/path.png  rel/path.png  ~/path.png          plain (~ is $HOME)
//	'/it'\''s here.png'  "/tmp/a \"b\".png"            shell quoting
//	/tmp/my\ shot.png                                 backslash escapes
//	file:///tmp/my%20shot.png  file://host/tmp/a.png  URLs, percent-decoded
//
// Several paths may be separated by spaces or newlines. As a fallback, the
// whole string, or each line, is also tried as one unquoted path, because
// some terminals paste paths containing spaces without any quoting.
func ParsePaste(s string, exists func(string) bool) (paths []string, rest string) {
	trimmed := strings.TrimSpace(s)
	if trimmed == "" {
		return nil, s
	}
	if toks, err := shellwords.Split(trimmed); err == nil {
		if p, ok := allExist(toks, exists); ok {
			return p, ""
		}
	}
	if p, ok := allExist([]string{trimmed}, exists); ok {
		return p, ""
	}
	if strings.Contains(trimmed, "\n") {
		var lines []string
		for _, l := range strings.Split(trimmed, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
		if p, ok := allExist(lines, exists); ok {
			return p, ""
		}
	}
	return nil, s
}

// allExist resolves every token to a path and checks it exists.
func allExist(toks []string, exists func(string) bool) ([]string, bool) {
	if len(toks) == 0 {
		return nil, false
	}
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		p, ok := resolve(t)
		if !ok || !exists(p) {
			return nil, false
		}
		out = append(out, p)
	}
	return out, true
}

// resolve turns one unquoted token into a file system path: file:// URLs
// are percent-decoded (any host: drag-and-drop may name the local host),
// and a leading ~ becomes the home directory.
func resolve(tok string) (string, bool) {
	if tok == "" {
		return "", false
	}
	if len(tok) > 7 && strings.EqualFold(tok[:7], "file://") {
		u, err := url.Parse(tok)
		if err != nil || u.Path == "" || u.RawQuery != "" || u.Fragment != "" {
			return "", false
		}
		return u.Path, true
	}
	if tok == "~" || strings.HasPrefix(tok, "~/") {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", false
		}
		return filepath.Join(home, tok[1:]), true
	}
	return tok, true
}
