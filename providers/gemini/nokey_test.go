package gemini

import (
	"context"
	"net/http"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// A Gemini endpoint behind a base URL (a gateway that adds its own
// credentials) streams without a key, like the OpenAI and Anthropic
// adapters, and no key from the environment reaches it.
func TestBaseURLWithoutKeyStreams(t *testing.T) {
	setJunkEnv(t, "http://127.0.0.1:1")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("no key "), textChunk("needed"), finishChunk("STOP", 3, 2))
	})
	p, _ := newTestProvider(t, f.srv.URL, func(s *providers.Settings) { s.APIKey, s.KeySource = "", "" })
	r := providertest.Collect(t, p.Stream(context.Background(), providers.Request{Model: "gemini-2.5-flash",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}}}))
	if r.Err != nil || r.Text != "no key needed" {
		t.Fatalf("stream: %q, %v", r.Text, r.Err)
	}
	for _, req := range f.requests() {
		if req.Key != "" {
			t.Errorf("request carried key %q", req.Key)
		}
	}
}

// ImagePart.Resolution reaches the wire as the part's mediaResolution.
func TestImageMediaResolutionOnTheWire(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("ok"), finishChunk("STOP", 3, 1))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	png := []byte("\x89PNG\r\n\x1a\nfake")
	r := providertest.Collect(t, p.Stream(context.Background(), providers.Request{Model: "gemini-3-flash",
		Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{
			providers.ImagePart{MIME: "image/png", Data: png, Resolution: "ultra_high"},
			providers.ImagePart{MIME: "image/png", Data: png}}}}}))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	parts := f.requests()[0].Body["contents"].([]any)[0].(map[string]any)["parts"].([]any)
	first := parts[0].(map[string]any)
	if mr, _ := first["mediaResolution"].(map[string]any); mr["level"] != "MEDIA_RESOLUTION_ULTRA_HIGH" {
		t.Errorf("first part: %v", first)
	}
	if _, set := parts[1].(map[string]any)["mediaResolution"]; set {
		t.Errorf("second part asked for a level: %v", parts[1])
	}
}
