package config

import (
	"strings"
	"unicode/utf8"

	"parley/media/sanitize"
)

// maxEcho bounds a value quoted back in an error: enough to recognise it,
// never a 5 MB line on stderr.
const maxEcho = 80

// show makes a value from the file or the command line safe to quote in an
// error: escape sequences and bidi controls removed (a value can carry
// them, and the error goes to a terminal), line breaks turned into spaces
// (an error is one line), at most maxEcho runes with an ellipsis.
func show(v string) string {
	v = sanitize.String(v)
	v = strings.NewReplacer("\n", " ", "\t", " ").Replace(v)
	if utf8.RuneCountInString(v) > maxEcho {
		r := []rune(v)
		v = string(r[:maxEcho-1]) + "…"
	}
	return v
}

// showKey is show for a provider name placed inside a table header hint
// ("add [providers.NAME]"): a name that is not a bare TOML key is quoted,
// so the hint can be pasted into the file as it is.
func showKey(name string) string {
	name = show(name)
	for i := 0; i < len(name); i++ {
		if !isBare(name[i]) {
			return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
		}
	}
	return name
}
