package filetype

import (
	"path"
	"strings"
)

// Lang is the fence language tag for a file name, from its extension or a
// few well-known names ("Makefile", "Dockerfile"); "" when unknown, which
// gives a plain fence.
func Lang(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	switch strings.ToLower(base) {
	case "makefile", "gnumakefile":
		return "makefile"
	case "dockerfile", "containerfile":
		return "dockerfile"
	case "go.mod", "go.sum":
		return "text"
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(base), "."))
	if l, ok := langs()[ext]; ok {
		return l
	}
	return ""
}

// langs maps extensions to the tags markdown highlighters know.
func langs() map[string]string {
	return map[string]string{
		"go": "go", "py": "python", "rs": "rust", "js": "javascript", "mjs": "javascript",
		"cjs": "javascript", "ts": "typescript", "tsx": "tsx", "jsx": "jsx", "java": "java",
		"kt": "kotlin", "swift": "swift", "c": "c", "h": "c", "cc": "cpp", "cpp": "cpp",
		"cxx": "cpp", "hpp": "cpp", "cs": "csharp", "rb": "ruby", "php": "php", "sh": "bash",
		"bash": "bash", "zsh": "zsh", "fish": "fish", "ps1": "powershell", "lua": "lua",
		"pl": "perl", "r": "r", "scala": "scala", "hs": "haskell", "ex": "elixir", "exs": "elixir",
		"erl": "erlang", "clj": "clojure", "dart": "dart", "zig": "zig", "nim": "nim",
		"sql": "sql", "html": "html", "htm": "html", "css": "css", "scss": "scss",
		"xml": "xml", "svg": "xml", "json": "json", "jsonl": "json", "ndjson": "json",
		"yaml": "yaml", "yml": "yaml", "toml": "toml", "ini": "ini", "cfg": "ini",
		"md": "markdown", "markdown": "markdown", "rst": "rst", "tex": "latex",
		"csv": "csv", "tsv": "tsv", "log": "log", "diff": "diff", "patch": "diff",
		"proto": "protobuf", "graphql": "graphql", "tf": "hcl", "hcl": "hcl", "vue": "vue",
		"txt": "text",
	}
}
