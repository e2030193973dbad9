package markdown

import (
	"fmt"
	"strings"
)

// sample is a reply with every block kind the renderer must handle.
const sample = "# Streaming markdown\n\n" +
	"Parley renders **replies** as they arrive, with `inline code`, *emphasis* and a [link](https://example.com/docs). " +
	"This paragraph is long enough that it has to wrap at eighty columns, and then some more words follow.\n\n" +
	"## A list\n\n" +
	"- first item\n- second item with a longer text that should wrap around when the terminal is narrow enough\n\n" +
	"- third item after a blank line\n  with a continuation line\n\n" +
	"1. one\n2. two\n\n" +
	"```go\npackage main\n\nimport \"fmt\"\n\n\nfunc main() {\n\t// say hello\n\tfmt.Println(\"hello\", 42)\n}\n```\n\n" +
	"| Name | Value |\n|------|------:|\n| alpha | 1 |\n| beta | 22 |\n\n" +
	"> A quote that\n> spans two lines.\n\n" +
	"---\n\n" +
	"Text right before a fence:\n~~~python\ndef f(x):\n\n    return x * 2\n~~~\nAnd the last paragraph.\n"

// tokens splits s into pieces of about n bytes, like a model's tokens.
func tokens(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		k := min(n, len(s))
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

// genReply returns a markdown reply of about n tokens of 4 bytes: mixed
// paragraphs, lists and code blocks, different every section.
func genReply(n int) string {
	var b strings.Builder
	words := strings.Fields("the renderer keeps every complete block cached and only redraws " +
		"the open tail so each token costs about the same no matter how long the reply " +
		"grows while code blocks get syntax highlighting from chroma")
	w := 0
	word := func() string { w++; return words[(w*13)%len(words)] }
	for i := 0; b.Len() < n*4; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "## Section %d\n\n", i)
			for j := 0; j < 60; j++ {
				b.WriteString(word() + " ")
			}
			b.WriteString("**done**.\n\n")
		case 1:
			for j := 0; j < 5; j++ {
				fmt.Fprintf(&b, "- item %d: %s %s `%s` %s\n", j, word(), word(), word(), word())
			}
			b.WriteString("\n")
		case 2:
			fmt.Fprintf(&b, "```go\nfunc step%d(x int) int {\n\t// %s %s\n\ty := x * %d\n\n\treturn y + len(%q)\n}\n```\n\n", i, word(), word(), i, word())
		case 3:
			for j := 0; j < 40; j++ {
				b.WriteString(word() + " ")
			}
			b.WriteString("\n\n")
		}
	}
	return b.String()
}
