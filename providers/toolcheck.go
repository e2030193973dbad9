package providers

import (
	"encoding/json"
	"fmt"
	"strings"
)

// CheckTools reports the first tool definition no protocol can send: one
// without a name, or whose parameters schema is typed as something other
// than an object (every protocol takes the arguments as one object, and
// some SDKs would silently rewrite the type). Adapters call it before
// converting, so all of them refuse the same definitions with the same
// words.
func CheckTools(tools []Tool) error {
	for i, t := range tools {
		if strings.TrimSpace(t.Name) == "" {
			return fmt.Errorf("tool %d has no name", i+1)
		}
		if typ, ok := t.Parameters["type"]; ok && typ != "object" {
			return fmt.Errorf("tool %q: parameters must be a JSON Schema of type \"object\", not %v", t.Name, typ)
		}
	}
	return nil
}

// ObjectArguments returns s, trimmed, as the text of a JSON object: ""
// becomes "{}" (a tool without parameters may be called with no
// arguments at all). ok is false if s is anything but an object; "null"
// is not one, though it decodes into a map without error.
func ObjectArguments(s string) (args string, ok bool) {
	args = strings.TrimSpace(s)
	if args == "" {
		return "{}", true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(args), &obj) != nil || obj == nil {
		return args, false
	}
	return args, true
}

// CheckedArguments returns the call's arguments as the JSON object text to
// send back to a model (see ObjectArguments), or an error if the call has
// no name or its arguments are not an object. A conversation may have
// come from another provider, so a replayed call is checked the same way
// whichever adapter sends it.
func (p ToolCallPart) CheckedArguments() (string, error) {
	if strings.TrimSpace(p.Name) == "" {
		return "", fmt.Errorf("the tool call has no name")
	}
	args, ok := ObjectArguments(p.Arguments)
	if !ok {
		return "", fmt.Errorf("the arguments of tool call %q are not a JSON object", p.Name)
	}
	return args, nil
}
