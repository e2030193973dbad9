package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/gemini"
	"parley/providers/openai"
	"parley/providers/providertest"
)

// These tests run a Turn on the real adapters against fake servers that
// speak the providers' wire formats (PROVIDERS.md), and check what reaches
// the store: a reply of text, a picture and more text keeps that order,
// and the stored picture is byte for byte the one sent.

// wireServer is a recording fake server whose every reply is an event
// stream written by reply.
type wireServer struct{ *providertest.Server }

func newWireServer(t *testing.T, reply func(w http.ResponseWriter)) wireServer {
	t.Helper()
	return wireServer{providertest.NewServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		providertest.StartSSE(w)
		reply(w)
	})}
}

// only returns the one request's path and body.
func (ws wireServer) only(t *testing.T) (string, []byte) {
	t.Helper()
	reqs := ws.Requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	return reqs[0].Path, reqs[0].Body
}

// checkStoredReply checks the stored reply is [Text, Image, Text] with the
// given texts and the image's exact bytes.
func checkStoredReply(t *testing.T, s *Store, before, after string, img []byte, by string) {
	t.Helper()
	m := storedLast(t, s)
	if m.Status != StatusDone || len(m.Parts) != 3 {
		t.Fatalf("stored %s %q %#v", m.Status, m.Error, m.Parts)
	}
	got, ok := m.Parts[1].(Image)
	if m.Parts[0] != (Text{Text: before}) || !ok || m.Parts[2] != (Text{Text: after}) {
		t.Fatalf("stored parts %#v", m.Parts)
	}
	if got.Partial || !got.Generated || got.GeneratedBy != by || got.MIME != "image/png" {
		t.Errorf("stored image %#v", got)
	}
	if data, err := s.Blob(got.Blob); err != nil || !bytes.Equal(data, img) {
		t.Errorf("stored blob differs from the image sent (%v)", err)
	}
}

func TestGeminiWireToStore(t *testing.T) {
	img := providertest.GradientPNG(t, 40, 30, 4)
	chunk := func(part string, tail string) string {
		return `{"candidates":[{"content":{"parts":[` + part + `],"role":"model"}` + tail + `,"index":0}]}`
	}
	ws := newWireServer(t, func(w http.ResponseWriter) {
		providertest.Data(w, chunk(`{"text":"Here is "}`, ""))
		providertest.Data(w, chunk(`{"text":"your cat:"}`, ""))
		providertest.Data(w, chunk(`{"inlineData":{"mimeType":"image/png","data":"`+base64.StdEncoding.EncodeToString(img)+`"}}`, ""))
		providertest.Data(w, chunk(`{"text":"Enjoy."}`, ""))
		providertest.Data(w, `{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"STOP","index":0}],`+
			`"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1290,"totalTokenCount":1299}}`)
	})
	p, err := gemini.New(providers.Settings{Name: "gemini", Type: "gemini", APIKey: "test-key", BaseURL: ws.URL})
	if err != nil {
		t.Fatal(err)
	}
	s := openTest(t)
	caps := providers.CapsFor("gemini", "", "gemini-2.5-flash-image")
	turn := &Turn{Store: s, Provider: p, Model: "gemini-2.5-flash-image", Caps: &caps}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("draw a cat")))
	if fe := evs[len(evs)-1]; fe.Err != nil {
		t.Fatalf("turn failed: %v", fe.Err)
	}
	checkStoredReply(t, s, "Here is your cat:", "Enjoy.", img, "gemini/gemini-2.5-flash-image")
	if m := storedLast(t, s); m.Usage != (Usage{InputTokens: 9, OutputTokens: 1290}) {
		t.Errorf("usage %+v", m.Usage)
	}
	path, body := ws.only(t)
	if path != "/v1beta/models/gemini-2.5-flash-image:streamGenerateContent" {
		t.Errorf("path %s", path)
	}
	if !bytes.Contains(body, []byte(`"responseModalities":["TEXT","IMAGE"]`)) {
		t.Errorf("the request did not ask for images: %s", body)
	}
}

func TestOpenAIResponsesWireToStore(t *testing.T) {
	stages := [][]byte{providertest.GradientPNG(t, 16, 16, 1), providertest.GradientPNG(t, 16, 16, 2)}
	img := providertest.GradientPNG(t, 64, 64, 3)
	data := func(typ string, fields string) string {
		return `{"type":"` + typ + `","sequence_number":1,` + fields + `}`
	}
	ws := newWireServer(t, func(w http.ResponseWriter) {
		const resp = `"response":{"id":"resp_1","object":"response","status":"in_progress","output":[],"usage":null}`
		providertest.Event(w, "response.created", data("response.created", resp))
		providertest.Event(w, "response.output_text.delta", data("response.output_text.delta", `"item_id":"msg_0","output_index":0,"content_index":0,"delta":"Here it is:"`))
		for i, st := range stages {
			providertest.Event(w, "response.image_generation_call.partial_image", data("response.image_generation_call.partial_image",
				fmt.Sprintf(`"item_id":"ig_1","output_index":1,"partial_image_index":%d,"output_format":"png","partial_image_b64":%q`,
					i, base64.StdEncoding.EncodeToString(st))))
		}
		providertest.Event(w, "response.output_item.done", data("response.output_item.done",
			`"output_index":1,"item":{"id":"ig_1","type":"image_generation_call","status":"completed","output_format":"png","result":"`+
				base64.StdEncoding.EncodeToString(img)+`"}`))
		providertest.Event(w, "response.output_text.delta", data("response.output_text.delta", `"item_id":"msg_2","output_index":2,"content_index":0,"delta":"Enjoy."`))
		providertest.Event(w, "response.completed", data("response.completed",
			`"response":{"id":"resp_1","object":"response","status":"completed","output":[],"usage":{"input_tokens":20,"output_tokens":300,"total_tokens":320}}`))
	})
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: ws.URL + "/v1"})
	if err != nil {
		t.Fatal(err)
	}
	s := openTest(t)
	// gpt-4.1 with image_output = true in config.
	caps := providers.CapsFor("openai", "", "gpt-4.1").Apply(providers.CapsOverride{ImageOutput: new(true)})
	turn := &Turn{Store: s, Provider: p, Model: "gpt-4.1", Caps: &caps}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("draw a cat")))
	if fe := evs[len(evs)-1]; fe.Err != nil {
		t.Fatalf("turn failed: %v", fe.Err)
	}
	var shown []bool
	for _, im := range imageEvents(evs) {
		shown = append(shown, im.Partial)
	}
	if fmt.Sprint(shown) != "[true true false]" {
		t.Errorf("TurnImage stages (partial?) %v, want two partial then the final", shown)
	}
	checkStoredReply(t, s, "Here it is:", "Enjoy.", img, "openai/gpt-4.1")
	path, body := ws.only(t)
	var req struct {
		Tools []struct {
			Type string `json:"type"`
		} `json:"tools"`
	}
	if path != "/v1/responses" || json.Unmarshal(body, &req) != nil || len(req.Tools) != 1 || req.Tools[0].Type != "image_generation" {
		t.Errorf("request %s %s, want the image_generation tool on /v1/responses", path, body)
	}
	if strings.Contains(string(body), ImageToolName) {
		t.Error("a model that draws itself must not be offered generate_image")
	}
}
