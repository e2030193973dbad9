package main

// End-to-end print-mode runs, one per wire protocol: the built binary (see
// TestMain) against a fake server speaking that provider's exact stream from
// PROVIDERS.md, then the store opened to check what was kept.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"parley/session"
)

// e2eQuestion is the prompt every run sends, given as four words (not starting with "say": that is a command).
func e2eQuestion() []string { return []string{"please", "say", "hello", "wörld"} }

// e2eReply is the reply every fake streams, in pieces. Its usage reports
// 10 input tokens and one output token per piece.
func e2eReply() []string { return []string{"Hello", ", wörld!", "\n\n- *one*", " `two`"} }

// wireRequest is one request as a fake provider server received it.
type wireRequest struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// wireCase is one provider's protocol: how its fake answers, and what a run
// against it must send and print.
type wireCase struct {
	provider, model string
	keyEnv, key     string // no keyEnv: the provider needs no key (Ollama)
	root            string // appended to the server URL for --base-url
	path            string // the path the request must reach
	serve           func(c *wireCase, w http.ResponseWriter, r *http.Request, body []byte)
	checkAuth       func(t *testing.T, c *wireCase, req wireRequest)
	// sent extracts the model and the last user message's text.
	sent func(req wireRequest) (model, question string, err error)
	// The failure run uses failKey (a rejected key) or failModel (a model
	// the server lacks), and its one stderr line must contain wantErr.
	failKey, failModel, wantErr string
}

// wireFake is an httptest server that records every request and answers
// with its case's protocol.
type wireFake struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []wireRequest
}

func newWireFake(t *testing.T, c *wireCase) *wireFake {
	f := &wireFake{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		f.reqs = append(f.reqs, wireRequest{Method: r.Method, Path: r.URL.Path,
			Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		f.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.serve(c, w, r, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// only returns the single request the server got.
func (f *wireFake) only(t *testing.T) wireRequest {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.reqs) != 1 {
		t.Fatalf("the server got %d requests, want 1", len(f.reqs))
	}
	return f.reqs[0]
}

func providerCases() []*wireCase {
	return []*wireCase{{
		provider: "openai", model: "gpt-e2e", keyEnv: "OPENAI_API_KEY", key: "sk-e2e-openai-0123456789",
		root: "/v1", path: "/v1/chat/completions", serve: serveOpenAI, checkAuth: bearerAuth,
		sent: chatSent, failKey: "sk-wrong-openai-secret-987654", wantErr: "OPENAI_API_KEY was rejected (401)",
	}, {
		provider: "anthropic", model: "claude-e2e", keyEnv: "ANTHROPIC_API_KEY", key: "sk-ant-e2e-0123456789",
		path: "/v1/messages", serve: serveAnthropic, checkAuth: anthropicAuth,
		sent: chatSent, failKey: "sk-ant-wrong-secret-987654", wantErr: "ANTHROPIC_API_KEY was rejected (401)",
	}, {
		provider: "gemini", model: "gemini-e2e", keyEnv: "GEMINI_API_KEY", key: "AIzaE2E-gemini-key-0123456789",
		path: "/v1beta/models/gemini-e2e:streamGenerateContent", serve: serveGemini, checkAuth: geminiAuth,
		// Gemini answers a bad key with 400 INVALID_ARGUMENT, never 401.
		sent: geminiSent, failKey: "AIzaWRONG-gemini-secret-987654", wantErr: "GEMINI_API_KEY was rejected (400)",
	}, {
		provider: "ollama", model: "llava-e2e", path: "/api/chat", serve: serveOllama, checkAuth: noAuth,
		sent: chatSent, failModel: "missing-e2e", wantErr: "run `ollama pull missing-e2e`",
	}}
}

func TestPrintModePerProvider(t *testing.T) {
	for _, c := range providerCases() {
		t.Run(c.provider, func(t *testing.T) {
			t.Run("reply", func(t *testing.T) { checkProviderReply(t, c) })
			t.Run("failure", func(t *testing.T) { checkProviderFailure(t, c) })
		})
	}
}

// keyEnvVar is the environment entry holding key, if the provider takes one.
func (c *wireCase) keyEnvVar(key string) []string {
	if c.keyEnv == "" {
		return nil
	}
	return []string{c.keyEnv + "=" + key}
}

// args is the print-mode command line for model against f.
func (c *wireCase) args(f *wireFake, dataDir, model string) []string {
	return append([]string{"-p", "-m", c.provider + "/" + model,
		"--base-url", f.srv.URL + c.root, "--data-dir", dataDir}, e2eQuestion()...)
}

func checkProviderReply(t *testing.T, c *wireCase) {
	f := newWireFake(t, c)
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env(c.keyEnvVar(c.key)...), "", c.args(f, sb.data, c.model)...)
	want := strings.Join(e2eReply(), "")
	if code != 0 || out != want+"\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errOut, want+"\n")
	}
	req := f.only(t)
	if req.Method != http.MethodPost || req.Path != c.path {
		t.Errorf("request %s %s, want POST %s", req.Method, req.Path, c.path)
	}
	c.checkAuth(t, c, req)
	model, question, err := c.sent(req)
	if err != nil {
		t.Fatalf("request body %s: %v", req.Body, err)
	}
	if model != c.model || question != strings.Join(e2eQuestion(), " ") {
		t.Errorf("the server got model %q question %q", model, question)
	}

	conv := latest(t, sb.data)
	if len(conv.Messages) != 2 {
		t.Fatalf("stored %d messages, want 2: %+v", len(conv.Messages), conv.Messages)
	}
	u, a := conv.Messages[0], conv.Messages[1]
	if u.Role != session.RoleUser || u.Text() != question {
		t.Errorf("stored user message %s %q", u.Role, u.Text())
	}
	if a.Role != session.RoleAssistant || a.Status != session.StatusDone || a.Text() != want ||
		a.Provider != c.provider || a.Model != c.model || a.Error != "" {
		t.Errorf("stored assistant message: role %s status %s provider %q model %q error %q text %q",
			a.Role, a.Status, a.Provider, a.Model, a.Error, a.Text())
	}
	if wantUsage := (session.Usage{InputTokens: 10, OutputTokens: len(e2eReply())}); a.Usage != wantUsage {
		t.Errorf("stored usage %+v, want %+v", a.Usage, wantUsage)
	}
}

func checkProviderFailure(t *testing.T, c *wireCase) {
	f := newWireFake(t, c)
	sb := newSandbox(t)
	key, model := c.key, c.model
	if c.failKey != "" {
		key = c.failKey
	}
	if c.failModel != "" {
		model = c.failModel
	}
	code, out, errOut := runPrint(t, sb.env(c.keyEnvVar(key)...), "", c.args(f, sb.data, model)...)
	if code == 0 {
		t.Fatalf("exit 0; stdout %q stderr %q", out, errOut)
	}
	if !strings.HasPrefix(errOut, "parley: ") || strings.Count(errOut, "\n") != 1 ||
		!strings.HasSuffix(errOut, "\n") || !strings.Contains(errOut, c.wantErr) {
		t.Errorf("stderr %q: want one line `parley: …%s…`", errOut, c.wantErr)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	f.only(t) // reached the server once: a 401/404 is not retried
	if c.keyEnv != "" && strings.Contains(out+errOut, key) {
		t.Errorf("the key leaked: stdout %q stderr %q", out, errOut)
	}
	if c.keyEnv != "" {
		noFileHolds(t, sb.home, key)
	}
	conv := latest(t, sb.data)
	if n := len(conv.Messages); n != 2 || conv.Messages[1].Status != session.StatusError ||
		conv.Messages[1].Error == "" {
		t.Errorf("stored conversation after the failure: %+v", conv.Messages)
	}
}

// noFileHolds fails if any file under dir (database, log) contains secret.
func noFileHolds(t *testing.T, dir, secret string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(secret)) {
				t.Errorf("%q was kept in %s", secret, path)
			}
		}
		return nil
	})
}

// Auth checks.

func bearerAuth(t *testing.T, c *wireCase, req wireRequest) {
	if got := req.Header.Get("Authorization"); got != "Bearer "+c.key {
		t.Errorf("Authorization %q, want Bearer and the key", got)
	}
}

// anthropicAuth: SDK v2 sends the key as a Bearer token with its API
// version, and no longer X-Api-Key (PROVIDERS.md).
func anthropicAuth(t *testing.T, c *wireCase, req wireRequest) {
	bearerAuth(t, c, req)
	if v := req.Header.Get("Anthropic-Version"); v != "2026-10-21" {
		t.Errorf("anthropic-version %q, want 2026-10-21", v)
	}
	if req.Header.Get("X-Api-Key") != "" {
		t.Error("X-Api-Key sent beside the Bearer token")
	}
}

func geminiAuth(t *testing.T, c *wireCase, req wireRequest) {
	if got := req.Header.Get("X-Goog-Api-Key"); got != c.key {
		t.Errorf("x-goog-api-key %q, want the key", got)
	}
	if req.Header.Get("Authorization") != "" || strings.Contains(req.Query, c.key) {
		t.Errorf("the key travelled elsewhere too: Authorization %q, query %q", req.Header.Get("Authorization"), req.Query)
	}
	if !strings.Contains("&"+req.Query+"&", "&alt=sse&") {
		t.Errorf("query %q lacks alt=sse", req.Query)
	}
}

func noAuth(t *testing.T, _ *wireCase, req wireRequest) {
	for _, h := range []string{"Authorization", "X-Api-Key", "X-Goog-Api-Key"} {
		if v := req.Header.Get(h); v != "" {
			t.Errorf("%s: %q sent to Ollama", h, v)
		}
	}
}

// Request bodies.

// chatSent reads the OpenAI, Anthropic and Ollama bodies: a model and
// messages whose content is a string or a list of text blocks.
func chatSent(req wireRequest) (model, question string, err error) {
	var b struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(req.Body, &b); err != nil {
		return "", "", err
	}
	if len(b.Messages) == 0 || b.Messages[len(b.Messages)-1].Role != "user" {
		return b.Model, "", fmt.Errorf("the last message is not the user's")
	}
	content := b.Messages[len(b.Messages)-1].Content
	if json.Unmarshal(content, &question) == nil {
		return b.Model, question, nil
	}
	var blocks []struct{ Type, Text string }
	if err := json.Unmarshal(content, &blocks); err != nil {
		return b.Model, "", err
	}
	var s strings.Builder
	for _, p := range blocks {
		s.WriteString(p.Text)
	}
	return b.Model, s.String(), nil
}

// geminiSent reads a generateContent body; the model is in the path.
func geminiSent(req wireRequest) (model, question string, err error) {
	var b struct {
		Contents []struct {
			Role  string `json:"role"`
			Parts []struct {
				Text string `json:"text"`
			} `json:"parts"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(req.Body, &b); err != nil {
		return "", "", err
	}
	model = strings.TrimSuffix(strings.TrimPrefix(req.Path, "/v1beta/models/"), ":streamGenerateContent")
	if len(b.Contents) == 0 || b.Contents[len(b.Contents)-1].Role != "user" {
		return model, "", fmt.Errorf("the last content is not the user's")
	}
	var s strings.Builder
	for _, p := range b.Contents[len(b.Contents)-1].Parts {
		s.WriteString(p.Text)
	}
	return model, s.String(), nil
}

// The fakes.

// serveOpenAI is main_test.go's chat-completions fake: it checks the
// Bearer key (answering 401 with the key echoed, as OpenAI does) and
// streams chunks, the usage chunk and [DONE].
func serveOpenAI(c *wireCase, w http.ResponseWriter, r *http.Request, _ []byte) {
	(&fakeOpenAI{key: c.key, reply: e2eReply()}).serve(w, r)
}

func serveAnthropic(c *wireCase, w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Method != http.MethodPost || r.URL.Path != c.path {
		http.NotFound(w, r)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+c.key {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		// The key is echoed so the test sees parley not repeating it.
		fmt.Fprintf(w, `{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key %s"},"request_id":"req_e2e"}`,
			strings.TrimPrefix(got, "Bearer "))
		return
	}
	var req struct{ Model string }
	json.Unmarshal(body, &req)
	w.Header().Set("Content-Type", "text/event-stream")
	event := func(name, data string) {
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
		w.(http.Flusher).Flush()
	}
	event("message_start", fmt.Sprintf(`{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":%q,"content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}`, req.Model))
	event("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)
	event("ping", `{"type":"ping"}`)
	for _, p := range e2eReply() {
		q, _ := json.Marshal(p)
		event("content_block_delta", fmt.Sprintf(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":%s}}`, q))
	}
	event("content_block_stop", `{"type":"content_block_stop","index":0}`)
	event("message_delta", fmt.Sprintf(`{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":%d}}`, len(e2eReply())))
	event("message_stop", `{"type":"message_stop"}`)
}

func serveGemini(c *wireCase, w http.ResponseWriter, r *http.Request, _ []byte) {
	if r.Method != http.MethodPost || r.URL.Path != c.path {
		http.NotFound(w, r)
		return
	}
	if r.Header.Get("X-Goog-Api-Key") != c.key {
		// Gemini's real answer to a bad key.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",`+
			`"details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com",`+
			`"metadata":{"service":"generativelanguage.googleapis.com"}}]}}`)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for _, p := range e2eReply() {
		q, _ := json.Marshal(p)
		fmt.Fprintf(w, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":%s}],\"role\":\"model\"},\"index\":0}]}\n\n", q)
		w.(http.Flusher).Flush()
	}
	n := len(e2eReply())
	fmt.Fprintf(w, "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"+
		"\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":%d,\"totalTokenCount\":%d}}\n\n", n, 10+n)
}

func serveOllama(c *wireCase, w http.ResponseWriter, r *http.Request, body []byte) {
	if r.Method != http.MethodPost || r.URL.Path != c.path {
		http.NotFound(w, r)
		return
	}
	var req struct{ Model string }
	json.Unmarshal(body, &req)
	if req.Model != c.model {
		// What Ollama answers for a model that was never pulled.
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"error":"model '%s' not found"}`, req.Model)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	line := func(v map[string]any) {
		v["model"], v["created_at"] = req.Model, "2023-08-04T08:52:19Z"
		b, _ := json.Marshal(v)
		w.Write(append(b, '\n'))
		w.(http.Flusher).Flush()
	}
	for _, p := range e2eReply() {
		line(map[string]any{"message": map[string]string{"role": "assistant", "content": p}, "done": false})
	}
	line(map[string]any{"message": map[string]string{"role": "assistant", "content": ""}, "done": true,
		"done_reason": "stop", "prompt_eval_count": 10, "eval_count": len(e2eReply())})
}
