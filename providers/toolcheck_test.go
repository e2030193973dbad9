package providers

import "testing"

func TestCheckTools(t *testing.T) {
	obj := map[string]any{"type": "object"}
	for _, c := range []struct {
		name  string
		tools []Tool
		want  string
	}{
		{"none", nil, ""},
		{"good", []Tool{{Name: "a", Parameters: obj}, {Name: "b"}}, ""},
		{"nameless", []Tool{{Name: "a"}, {Name: " "}}, "tool 2 has no name"},
		{"array", []Tool{{Name: "x", Parameters: map[string]any{"type": "array"}}},
			`tool "x": parameters must be a JSON Schema of type "object", not array`},
	} {
		err := CheckTools(c.tools)
		if got := errText(err); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCheckedArguments(t *testing.T) {
	for _, c := range []struct {
		part    ToolCallPart
		want    string
		wantErr string
	}{
		{ToolCallPart{Name: "f"}, "{}", ""},
		{ToolCallPart{Name: "f", Arguments: "  \n"}, "{}", ""},
		{ToolCallPart{Name: "f", Arguments: ` {"a":1} `}, `{"a":1}`, ""},
		{ToolCallPart{Name: "f", Arguments: `null`}, "", `the arguments of tool call "f" are not a JSON object`},
		{ToolCallPart{Name: "f", Arguments: `[1]`}, "", `the arguments of tool call "f" are not a JSON object`},
		{ToolCallPart{Name: "f", Arguments: `{"a":`}, "", `the arguments of tool call "f" are not a JSON object`},
		{ToolCallPart{Arguments: `{}`}, "", "the tool call has no name"},
	} {
		got, err := c.part.CheckedArguments()
		if got != c.want || errText(err) != c.wantErr {
			t.Errorf("%+v: got %q, %q; want %q, %q", c.part, got, errText(err), c.want, c.wantErr)
		}
	}
}

// errText is err's message, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
