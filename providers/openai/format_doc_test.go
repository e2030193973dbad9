package openai

import (
	"encoding/json"
	"strings"
	"testing"

	"parley/providers"
)

func TestFilePartOnTheWire(t *testing.T) {
	doc := providers.DocumentPart{MIME: "application/pdf", Name: "a.pdf", Data: []byte("%PDF")}
	params, err := buildParams(providers.Request{Model: "gpt-4o", Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "read"}, doc}}}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(params)
	want := `{"file":{"file_data":"data:application/pdf;base64,JVBERg==","filename":"a.pdf"},"type":"file"}`
	if !strings.Contains(string(raw), want) {
		t.Fatalf("request %s\nlacks %s", raw, want)
	}
	// The Responses path (image output) sends the same PDF as input_file.
	rp, err := buildResponseParams(providers.Request{Model: "gpt-4.1", ImageOutput: true, Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{doc}}}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ = json.Marshal(rp)
	if !strings.Contains(string(raw), `"file_data":"data:application/pdf;base64,JVBERg=="`) || !strings.Contains(string(raw), `"type":"input_file"`) {
		t.Fatalf("responses request %s", raw)
	}
	for _, bad := range []providers.Part{providers.DocumentPart{MIME: "text/plain", Data: []byte("x")}, providers.VideoPart{MIME: "video/mp4", Data: []byte{1}}} {
		if _, err := buildParams(providers.Request{Model: "m", Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{bad}}}}); err == nil {
			t.Errorf("%T accepted", bad)
		}
	}
}
