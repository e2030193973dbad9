package anthropic

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
)

func TestDocumentBlockOnTheWire(t *testing.T) {
	pdf := []byte("%PDF-1.4 tiny")
	w := wire(t, providers.Request{Model: "m", Messages: []providers.Message{
		msg(providers.RoleUser, text("read"), providers.DocumentPart{MIME: "application/pdf", Name: "a.pdf", Data: pdf})}})
	got := w["messages"].([]any)[0].(map[string]any)["content"].([]any)[1]
	want := mustJSON(t, `{"type":"document","title":"a.pdf","source":{"type":"base64","media_type":"application/pdf","data":"`+
		base64.StdEncoding.EncodeToString(pdf)+`"}}`)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("block %#v\nwant %#v", got, want)
	}
	for _, bad := range []providers.Part{
		providers.DocumentPart{MIME: "text/plain", Data: []byte("x")},
		providers.DocumentPart{MIME: "application/pdf"},
		providers.VideoPart{MIME: "video/mp4", Data: []byte{1}},
	} {
		_, err := toParams(providers.Request{Model: "m", Messages: []providers.Message{msg(providers.RoleUser, bad)}})
		if err == nil || !strings.Contains(err.Error(), "part 1") {
			t.Errorf("%T %v: got %v", bad, bad, err)
		}
	}
}
