package anthropic

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
)

func text(s string) providers.Part { return providers.TextPart{Text: s} }

func msg(role providers.Role, parts ...providers.Part) providers.Message {
	return providers.Message{Role: role, Parts: parts}
}

// wire marshals params as the SDK will send them and decodes the JSON
// generically, so tests compare against the wire format itself.
func wire(t *testing.T, req providers.Request) map[string]any {
	t.Helper()
	p, err := toParams(req)
	if err != nil {
		t.Fatalf("toParams: %v", err)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad test JSON: %v", err)
	}
	return v
}

// TestMergeSameRole: the API requires alternating roles, so consecutive
// messages of one role become one message, in order; a message left empty
// (blank text only) is dropped before merging.
func TestMergeSameRole(t *testing.T) {
	req := providers.Request{Model: "m", Messages: []providers.Message{
		msg(providers.RoleUser, text("a")),
		msg(providers.RoleUser, text("b"), providers.ImagePart{MIME: "image/JPG", Data: []byte{1, 2, 3}}),
		msg(providers.RoleAssistant, text("c")),
		msg(providers.RoleUser, text(" \n ")),
		msg(providers.RoleAssistant, text("d"), text("")),
		msg(providers.RoleUser, text("e")),
	}}
	got := wire(t, req)["messages"]
	want := mustJSON(t, `[
	 {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},
	   {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"AQID"}}]},
	 {"role":"assistant","content":[{"type":"text","text":"c"},{"type":"text","text":"d"}]},
	 {"role":"user","content":[{"type":"text","text":"e"}]}]`)
	if !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		t.Errorf("messages =\n%s", g)
	}
}

// TestParamsDefaults: max_tokens is always sent, system only when set.
func TestParamsDefaults(t *testing.T) {
	req := providers.Request{Model: "claude-x", Messages: []providers.Message{msg(providers.RoleUser, text("hi"))}}
	w := wire(t, req)
	if w["max_tokens"] != float64(DefaultMaxTokens) || w["model"] != "claude-x" {
		t.Errorf("max_tokens/model = %v/%v", w["max_tokens"], w["model"])
	}
	if _, ok := w["system"]; ok {
		t.Errorf("empty system prompt sent: %v", w["system"])
	}
	req.MaxTokens, req.System = 100, "sys"
	w = wire(t, req)
	if w["max_tokens"] != float64(100) {
		t.Errorf("max_tokens = %v", w["max_tokens"])
	}
	if !reflect.DeepEqual(w["system"], mustJSON(t, `[{"type":"text","text":"sys"}]`)) {
		t.Errorf("system = %v", w["system"])
	}
}

// TestParamsErrors: input the API cannot take is refused with one line
// that says what and where, as an ErrBadRequest.
func TestParamsErrors(t *testing.T) {
	user := func(parts ...providers.Part) []providers.Message {
		return []providers.Message{msg(providers.RoleUser, parts...)}
	}
	tests := []struct {
		name string
		req  providers.Request
		want string
	}{
		{"audio", providers.Request{Model: "m", Messages: user(text("listen"), providers.AudioPart{MIME: "audio/wav", Data: []byte("RIFF")})},
			"Anthropic models cannot take audio; it must be transcribed first"},
		{"heic", providers.Request{Model: "m", Messages: user(providers.ImagePart{MIME: "image/heic", Data: []byte{1}})},
			`message 1, part 1: Anthropic models cannot take "image/heic" images (jpeg, png, gif or webp only)`},
		{"empty image", providers.Request{Model: "m", Messages: user(text("x"), providers.ImagePart{MIME: "image/png"})},
			"message 1, part 2: the image/png image is empty"},
		{"no model", providers.Request{Messages: user(text("x"))}, "no model given"},
		{"no content", providers.Request{Model: "m", Messages: user(text("  "))}, "the request has no message content"},
		{"no messages", providers.Request{Model: "m"}, "the request has no message content"},
		{"bad role", providers.Request{Model: "m", Messages: []providers.Message{{Role: "system", Parts: []providers.Part{text("x")}}}},
			`message 1 has unknown role "system"`},
		{"nil part", providers.Request{Model: "m", Messages: user(nil)}, "message 1, part 1: unsupported part type <nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := toParams(tc.req)
			pe, ok := err.(*providers.Error)
			if !ok {
				t.Fatalf("err = %T %v, want *providers.Error", err, err)
			}
			if pe.Kind != providers.ErrBadRequest || pe.Message != tc.want {
				t.Errorf("got %d %q, want %q", pe.Kind, pe.Message, tc.want)
			}
			if strings.Contains(pe.Message, "\n") {
				t.Errorf("multi-line message %q", pe.Message)
			}
		})
	}
}
