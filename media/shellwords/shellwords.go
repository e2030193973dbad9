// Package shellwords splits a line into words the way a POSIX shell does,
// without expanding anything. It is the one splitter of the project: the
// config's api_key_cmd (run without a shell) and file paths pasted or typed
// into the chat (terminals quote dragged files with shell syntax) both use
// it, so a path or an argument is quoted the same way everywhere.
//
// It lives under media, which imports nothing of ours, so that session,
// media/paths and ui can all import it; like media/sanitize it is pure
// text work on untrusted input.
package shellwords

import (
	"errors"
	"fmt"
	"strings"
)

// ErrTrailingBackslash is Split's error for a line ending in an unescaped
// backslash: the character it escapes is missing.
var ErrTrailingBackslash = errors.New("trailing backslash")

// Split splits s into words. The rules are the shell's for this subset:
// blanks (space, tab, newline, carriage return) separate words; '…' is
// literal; "…" is literal except that a backslash escapes " \ $ ` and a
// newline (before anything else it stays a backslash); outside quotes a
// backslash makes the next character literal. Quotes join with what
// touches them (c”d is "cd"), and "" alone is an empty word. An
// unterminated quote or a trailing backslash is an error, since the line
// is then not what it seems.
func Split(s string) ([]string, error) {
	var (
		words   []string
		cur     strings.Builder
		inWord  bool
		quote   rune // 0, '\'' or '"'
		escaped bool
	)
	for _, r := range s {
		switch {
		case escaped:
			if quote == '"' && !strings.ContainsRune("\"\\$`\n", r) {
				cur.WriteRune('\\') // inside "…" other escapes stay literal
			}
			cur.WriteRune(r)
			escaped = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			escaped, inWord = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	switch {
	case quote != 0:
		return nil, fmt.Errorf("unterminated %c quote", quote)
	case escaped:
		return nil, ErrTrailingBackslash
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
