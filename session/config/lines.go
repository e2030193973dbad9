package config

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// keyIndex maps each key path written in a TOML file ("providers.openai.type")
// to the line it is on. BurntSushi/toml v1.6.0 records key positions but does
// not export them, so the lines are found by a light scan of table headers
// and "key =" lines; it only has to be right for keys the decoder accepted.
type keyIndex map[string]int

// at returns "PATH:LINE" for key, or just PATH when the line is not known:
// a line 0 would send the reader looking for something that is not there.
func (ix keyIndex) at(path string, key []string) string {
	if line := ix.find(key); line > 0 {
		return fmt.Sprintf("%s:%d", path, line)
	}
	return path
}

// find returns the line of key, or of its nearest ancestor written in the
// file (a key inside an inline table), or 0 if none is found.
func (ix keyIndex) find(key []string) int {
	for n := len(key); n > 0; n-- {
		if line, ok := ix[toml.Key(key[:n]).String()]; ok {
			return line
		}
	}
	return 0
}

// keyLines scans data for table headers and key/value lines.
func keyLines(data string) keyIndex {
	ix := keyIndex{}
	var table []string
	inMulti := "" // the delimiter of an open multi-line string
	for i, line := range strings.Split(data, "\n") {
		lineNo := i + 1
		if inMulti != "" {
			if strings.Count(line, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		s := strings.TrimSpace(line)
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "["):
			hdr := strings.TrimLeft(s, "[")
			if path, _, ok := parseKey(hdr); ok {
				table = path
				record(ix, path, lineNo)
			}
			continue
		}
		path, rest, ok := parseKey(s)
		if !ok || !strings.HasPrefix(rest, "=") {
			continue
		}
		record(ix, append(append([]string(nil), table...), path...), lineNo)
		for _, delim := range []string{`"""`, `'''`} {
			if strings.Count(rest, delim)%2 == 1 {
				inMulti = delim
			}
		}
	}
	return ix
}

// record keeps the first line each key is seen on.
func record(ix keyIndex, path []string, line int) {
	k := toml.Key(path).String()
	if _, ok := ix[k]; !ok {
		ix[k] = line
	}
}

// parseKey reads a dotted key (bare, "basic" or 'literal' parts) from the
// start of s and returns it with the rest of s after trailing spaces.
func parseKey(s string) (path []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		part, after, good := keyPart(s)
		if !good {
			return nil, s, false
		}
		path = append(path, part)
		s = strings.TrimLeft(after, " \t")
		if !strings.HasPrefix(s, ".") {
			return path, s, true
		}
		s = s[1:]
	}
}

// keyPart reads one part of a dotted key.
func keyPart(s string) (part, rest string, ok bool) {
	if s == "" {
		return "", s, false
	}
	switch s[0] {
	case '"':
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++ // the escaped byte cannot end the string
			case '"':
				// TOML's escapes (\n, \", \uXXXX, \UXXXXXXXX) are
				// Go's, so the decoder's key and ours agree.
				part, err := strconv.Unquote(s[:i+1])
				return part, s[i+1:], err == nil
			}
		}
		return "", s, false
	case '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", s, false
		}
		return s[1 : 1+end], s[2+end:], true
	}
	n := 0
	for n < len(s) && isBare(s[n]) {
		n++
	}
	return s[:n], s[n:], n > 0
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
