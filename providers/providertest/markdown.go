package providertest

import (
	"fmt"
	"strings"
)

// MarkdownTokens returns a markdown reply of n tokens (about 4 bytes each)
// in the mix a model streams: a heading per section, a paragraph, a short
// list and a fenced code block, over and over. Benchmarks of the text
// path stream it at different lengths and compare the cost per token.
func MarkdownTokens(n int) []string {
	words := strings.Fields("the quick brown fox jumps over a lazy dog while parley streams " +
		"markdown replies from many models into the terminal without any delay")
	code := []string{"```go\n", "func ", "main() ", "{\n", "\tfor ", "i := ", "range ", "10 ", "{\n",
		"\t\tfmt.", "Println(", "i)\n", "\t}\n", "}\n", "```\n", "\n"}
	out := make([]string, 0, n+len(code)+80)
	for sec := 0; len(out) < n; sec++ {
		out = append(out, "## ", fmt.Sprintf("Section %d\n\n", sec))
		for i := range 60 {
			out = append(out, words[(sec+i)%len(words)]+" ")
		}
		out = append(out, "**bold** ", "and `code`.\n\n")
		for i := range 5 {
			out = append(out, "- ", "item ", words[i], " ", words[i+3]+"\n")
		}
		out = append(out, "\n")
		out = append(out, code...)
	}
	return out[:n]
}
