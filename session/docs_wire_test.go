package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	_ "image/png" // DecodeConfig of page images
	"net/http"
	"strings"
	"testing"

	"parley/media/pdf/pdftest"
	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/gemini"
	"parley/providers/ollama"
	"parley/providers/openai"

	"parley/providers/providertest"
)

// These tests attach real files, run a Turn on the real adapters against
// fake servers, and check the exact part that arrives on the wire.

func anthropicReply(w http.ResponseWriter) {
	for _, e := range [][2]string{
		{"message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}`},
		{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`},
		{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}`},
		{"content_block_stop", `{"type":"content_block_stop","index":0}`},
		{"message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}}`},
		{"message_stop", `{"type":"message_stop"}`},
	} {
		providertest.Event(w, e[0], e[1])
	}
}

func openAIReply(w http.ResponseWriter) {
	providertest.Data(w, `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"ok"},"finish_reason":null}]}`)
	providertest.Data(w, `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`)
	providertest.Data(w, `[DONE]`)
}

func geminiReply(w http.ResponseWriter) {
	providertest.Data(w, `{"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP","index":0}]}`)
}

func ollamaReply(w http.ResponseWriter) {
	w.Write([]byte(`{"model":"m","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":"ok"},"done":false}` + "\n"))
	w.Write([]byte(`{"model":"m","created_at":"2023-08-04T08:52:20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}` + "\n"))
}

// sendDoc attaches data as name, sends it with a question through p and
// returns the request body the server saw.
func sendDoc(t *testing.T, ws wireServer, p providers.Provider, model string, caps providers.Caps, data []byte, name string, opt AttachOptions) []byte {
	t.Helper()
	s, d := openTest(t), docTools(t)
	part, err := s.Attach(context.Background(), data, name, d, opt)
	if err != nil {
		t.Fatal(err)
	}
	turn := &Turn{Store: s, Provider: p, Model: model, Caps: &caps, Docs: d}
	return runParts(t, ws, turn, []Part{Text{Text: "what is this?"}, part})
}

// runParts runs turn with parts and returns the one request body the
// server saw.
func runParts(t *testing.T, ws wireServer, turn *Turn, parts []Part) []byte {
	t.Helper()
	evs := collect(t, turn.Run(context.Background(), 0, nil, parts))
	if fe := evs[len(evs)-1]; fe.Err != nil || fe.Message.Text() != "ok" {
		t.Fatalf("turn: %v", fe.Err)
	}
	// Ollama may first ask /api/show for the model's context length (to
	// size num_ctx for a request of many page images): the chat request is
	// the one that matters here.
	var bodies [][]byte
	for _, r := range ws.Requests() {
		if r.Path != "/api/show" {
			bodies = append(bodies, r.Body)
		}
	}
	if len(bodies) != 1 {
		t.Fatalf("server saw %d chat requests, want 1", len(bodies))
	}
	return bodies[0]
}

// geminiPart is a part of a Gemini request as the server reads it.
type geminiPart struct {
	Text       string `json:"text"`
	InlineData struct {
		MIMEType string `json:"mimeType"`
		Data     []byte `json:"data"`
	} `json:"inlineData"`
}

// geminiParts are the parts of the first content of a Gemini request.
func geminiParts(t *testing.T, body []byte) []geminiPart {
	t.Helper()
	var req struct {
		Contents []struct {
			Parts []geminiPart `json:"parts"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Contents) == 0 {
		t.Fatalf("gemini request %.300s: %v", body, err)
	}
	return req.Contents[0].Parts
}

func TestPDFToAnthropicAsDocument(t *testing.T) {
	ws := newWireServer(t, anthropicReply)
	p, err := anthropic.New(providers.Settings{Name: "anthropic", Type: "anthropic", APIKey: "k", BaseURL: ws.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	pdfData := pdftest.Pages(3)
	body := sendDoc(t, ws, p, "claude-sonnet-4-5", providers.LookupCaps("anthropic", "claude-sonnet-4-5"), pdfData, "spec.pdf", AttachOptions{})
	var req struct {
		Messages []struct {
			Content []struct {
				Type  string `json:"type"`
				Title string `json:"title"`
			} `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	c := req.Messages[0].Content
	if len(c) != 2 || c[1].Type != "document" || c[1].Title != "spec.pdf" {
		t.Fatalf("content %s", body)
	}
	got, _ := base64.StdEncoding.DecodeString(jsonField(t, body, "data"))
	if !bytes.Equal(got, pdfData) || !strings.Contains(string(body), `"media_type":"application/pdf"`) || !strings.Contains(string(body), `"type":"base64"`) {
		t.Fatalf("document source is not the PDF: %.300s", body)
	}
}

// jsonField finds the first string value of key anywhere in body.
func jsonField(t *testing.T, body []byte, key string) string {
	t.Helper()
	var walk func(v any) (string, bool)
	walk = func(v any) (string, bool) {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v[key].(string); ok {
				return s, true
			}
			for _, e := range v {
				if s, ok := walk(e); ok {
					return s, true
				}
			}
		case []any:
			for _, e := range v {
				if s, ok := walk(e); ok {
					return s, true
				}
			}
		}
		return "", false
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	s, _ := walk(v)
	return s
}

func TestPDFToOpenAIAsFilePart(t *testing.T) {
	ws := newWireServer(t, openAIReply)
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: ws.URL + "/v1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	pdfData := pdftest.Pages(5)
	body := sendDoc(t, ws, p, "gpt-4o", providers.LookupCaps("openai", "gpt-4o"), pdfData, "spec.pdf", AttachOptions{Pages: "2-3"})
	req := providertest.ParseChatRequest(t, body)
	c := req.Messages[0].Content
	if len(c) != 3 || c[1].Text != "[spec.pdf: pages 2–3 of 5, as a PDF of those pages]" || c[2].Type != "file" || c[2].File.Filename != "spec.pdf" {
		t.Fatalf("content %s", body)
	}
	b64, ok := strings.CutPrefix(c[2].File.FileData, "data:application/pdf;base64,")
	sub, _ := base64.StdEncoding.DecodeString(b64)
	if !ok || !bytes.HasPrefix(sub, []byte("%PDF-")) {
		t.Fatalf("file_data %.60s", c[2].File.FileData)
	}
	// The PDF sent holds exactly pages 2 and 3.
	doc, err := docTools(t).PDF.Open(context.Background(), sub)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	first, _ := doc.Text(0)
	if doc.Pages != 2 || first != "Page 2 of 5" {
		t.Fatalf("sent %d pages, first %q", doc.Pages, first)
	}
}

func TestPDFToGeminiInline(t *testing.T) {
	ws := newWireServer(t, geminiReply)
	p, err := gemini.New(providers.Settings{Name: "gemini", Type: "gemini", APIKey: "k", BaseURL: ws.URL})
	if err != nil {
		t.Fatal(err)
	}
	pdfData := pdftest.Text("hello gemini")
	body := sendDoc(t, ws, p, "gemini-2.5-flash", providers.LookupCaps("gemini", "gemini-2.5-flash"), pdfData, "a.pdf", AttachOptions{})
	parts := geminiParts(t, body)
	if len(parts) != 2 || parts[1].InlineData.MIMEType != "application/pdf" || !bytes.Equal(parts[1].InlineData.Data, pdfData) {
		t.Fatalf("parts %.400s", body)
	}
}

func TestPDFToOllamaAsPageImages(t *testing.T) {
	ws := newWireServer(t, ollamaReply)
	p, err := ollama.New(providers.Settings{Name: "ollama", Type: "ollama", BaseURL: ws.URL})
	if err != nil {
		t.Fatal(err)
	}
	// LLaVA works at 672² pixels: three Letter pages (rendered at 2 px
	// per point, 1224×1584) become 590×764 images.
	caps := providers.LookupCaps("ollama", "llava")
	body := sendDoc(t, ws, p, "llava", caps, pdftest.Pages(3), "deck.pdf", AttachOptions{})
	var req struct {
		Messages []struct {
			Content string   `json:"content"`
			Images  [][]byte `json:"images"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	m := req.Messages[0]
	if len(m.Images) != 3 {
		t.Fatalf("%d images, want 3 pages", len(m.Images))
	}
	for i, img := range m.Images {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(img))
		if err != nil || cfg.Width != 590 || cfg.Height != 764 {
			t.Fatalf("page %d: %dx%d %v, want 590×764", i+1, cfg.Width, cfg.Height, err)
		}
	}
	for _, want := range []string{"[deck.pdf: pages 1–3 of 3, as page images, then their text layer]", "--- page 2 ---\nPage 2 of 3"} {
		if !strings.Contains(m.Content, want) {
			t.Fatalf("content lacks %q:\n%s", want, m.Content)
		}
	}
}

func TestScannedPDFToOllamaIsImagesOnly(t *testing.T) {
	ws := newWireServer(t, ollamaReply)
	p, _ := ollama.New(providers.Settings{Name: "ollama", Type: "ollama", BaseURL: ws.URL})
	caps := providers.Caps{Images: true, ImageFormats: []string{"image/png"}}
	body := sendDoc(t, ws, p, "llava", caps, pdftest.Scanned(), "scan.pdf", AttachOptions{})
	if n := strings.Count(string(body), `"images":[`); n != 1 || strings.Contains(string(body), "text layer") {
		t.Fatalf("body %.300s", body)
	}
}

func TestPDFTextLayerToTextOnlyModel(t *testing.T) {
	ws := newWireServer(t, openAIReply)
	p, _ := openai.New(providers.Settings{Name: "local", Type: "openai", BaseURL: ws.URL + "/v1", MaxRetries: -1})
	body := sendDoc(t, ws, p, "qwen3", providers.Caps{}, pdftest.Text("The answer is 42"), "notes.pdf", AttachOptions{})
	if !strings.Contains(string(body), `[notes.pdf: page 1 of 1, as its text layer]\n\n--- page 1 ---\nThe answer is 42`) {
		t.Fatalf("body %s", body)
	}
}

func TestTextFileArrivesFenced(t *testing.T) {
	ws := newWireServer(t, openAIReply)
	p, _ := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk", BaseURL: ws.URL + "/v1", MaxRetries: -1})
	src := "package main\n\nfunc main() { println(\"hi\") }\n"
	body := sendDoc(t, ws, p, "gpt-4o", providers.LookupCaps("openai", "gpt-4o"), []byte(src), "main.go", AttachOptions{})
	want, _ := json.Marshal("main.go:\n```go\n" + strings.TrimRight(src, "\n") + "\n```")
	if !bytes.Contains(body, want) {
		t.Fatalf("body %s\nwant %s", body, want)
	}
}
