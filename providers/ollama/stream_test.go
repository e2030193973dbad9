package ollama

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// The exact NDJSON of /api/chat (PROVIDERS.md).
func chunk(text string) string {
	return fmt.Sprintf(`{"model":"llava","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":%q},"done":false}`, text) + "\n"
}

const doneLine = `{"model":"llava","created_at":"2023-08-04T08:52:20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":26,"eval_count":282}` + "\n"

// fake is an Ollama server whose n-th request is answered by script[n]
// (the last entry repeats); anything but POST /api/chat gets a 404.
type fake struct {
	srv *providertest.Server
}

func newFake(t *testing.T, script ...http.HandlerFunc) *fake {
	return &fake{srv: providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path != "/api/chat" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		script[min(n, len(script))-1](w, r)
	})}
}

// requests is how many requests the server has received.
func (f *fake) requests() int { return f.srv.Count() }

// ndjson streams lines with a flush after each, as Ollama does.
func ndjson(lines ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { providertest.NDJSON(w, lines...) }
}

func status(code int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		providertest.WriteJSON(w, code, body)
	}
}

// testProvider builds the provider the way main does, with a real
// idle-timeout client, and records retry waits instead of sleeping.
func testProvider(t *testing.T, s providers.Settings) (*Provider, *[]time.Duration) {
	t.Helper()
	if s.Name == "" {
		s.Name = "ollama"
	}
	idle := s.IdleTimeout
	if idle == 0 {
		idle = 5 * time.Second
	}
	s.HTTPClient = providers.NewHTTPClient(time.Second, idle)
	pr, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	p := pr.(*Provider)
	var waits []time.Duration
	p.wait = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return p, &waits
}

func textReq(model string) providers.Request {
	return providers.Request{Model: model, Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "Why is the sky blue?"}}},
	}}
}

func wantKind(t *testing.T, err error, kind providers.ErrorKind, msg string) {
	t.Helper()
	var pe *providers.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *providers.Error", err, err)
	}
	if pe.Kind != kind {
		t.Errorf("kind = %v, want %v (%q)", pe.Kind, kind, pe.Message)
	}
	if msg != "" && pe.Message != msg {
		t.Errorf("message = %q\n          want %q", pe.Message, msg)
	}
	if strings.Contains(pe.Message, "\n") {
		t.Errorf("message is not one line: %q", pe.Message)
	}
}

func TestStreamTextUsageAndRequest(t *testing.T) {
	img := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR fake image bytes \xff\xfe")
	f := newFake(t, ndjson(chunk("The"), chunk(" sky is"), chunk(" blue."), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	req := providers.Request{
		Model: "llava", System: "Be brief.", MaxTokens: 50,
		Messages: []providers.Message{
			{Role: providers.RoleUser, Parts: []providers.Part{
				providers.TextPart{Text: "What is this?"}, providers.ImagePart{MIME: "image/png", Data: img},
			}},
			{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "A picture."}}},
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "Why is the sky blue?"}}},
		},
	}
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Text != "The sky is blue." {
		t.Errorf("text = %q", r.Text)
	}
	if r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 26, OutputTokens: 282}) || r.Finish() != "stop" {
		t.Errorf("usage %+v finish %q", r.Usage, r.Finish())
	}
	if last := r.Kinds()[len(r.Kinds())-1]; last != providers.EventDone {
		t.Errorf("last event %v, want EventDone", last)
	}

	checkChatBody(t, f.srv.Requests()[0].Body, img)
}

// checkChatBody asserts the /api/chat body of the text-usage test: model,
// stream, num_predict, roles in order and the image as raw base64.
func checkChatBody(t *testing.T, body, img []byte) {
	t.Helper()
	var got struct {
		Model    string `json:"model"`
		Stream   *bool  `json:"stream"`
		Messages []struct {
			Role    string   `json:"role"`
			Content string   `json:"content"`
			Images  []string `json:"images"`
		} `json:"messages"`
		Options map[string]any `json:"options"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if got.Model != "llava" || got.Stream == nil || !*got.Stream || got.Options["num_predict"] != float64(50) {
		t.Errorf("request: model %q stream %v options %v", got.Model, got.Stream, got.Options)
	}
	roles := []string{}
	for _, m := range got.Messages {
		roles = append(roles, m.Role)
	}
	if strings.Join(roles, ",") != "system,user,assistant,user" || got.Messages[0].Content != "Be brief." {
		t.Fatalf("messages: %+v", got.Messages)
	}
	u := got.Messages[1]
	if u.Content != "What is this?" || len(u.Images) != 1 {
		t.Fatalf("user message: %+v", u)
	}
	if strings.HasPrefix(u.Images[0], "data:") {
		t.Errorf("image sent as a data URL: %.30s", u.Images[0])
	}
	raw, err := base64.StdEncoding.DecodeString(u.Images[0])
	if err != nil || string(raw) != string(img) {
		t.Errorf("image bytes differ: %v %q", err, raw)
	}
}

func TestStreamThinkingIsReasoning(t *testing.T) {
	think := `{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"Rayleigh"},"done":false}` + "\n"
	f := newFake(t, ndjson(think, chunk("Scattering."), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("qwen3")))
	if r.Err != nil || r.Reasoning != "Rayleigh" || r.Text != "Scattering." {
		t.Fatalf("%+v", r)
	}
	if r.Kinds()[0] != providers.EventReasoning {
		t.Errorf("first event %v", r.Kinds()[0])
	}
}

func TestModelNotFound(t *testing.T) {
	f := newFake(t, status(404, `{"error":"model \"llava\" not found, try pulling it first"}`))
	p, waits := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	wantKind(t, r.Err, providers.ErrBadRequest,
		"model llava not found on Ollama at "+f.srv.URL+": run `ollama pull llava`")
	if f.requests() != 1 || len(*waits) != 0 {
		t.Errorf("404 was retried: %d requests", f.requests())
	}
}

func TestNotAnOllamaServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	p, _ := testProvider(t, providers.Settings{BaseURL: srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	wantKind(t, r.Err, providers.ErrBadRequest, "")
	if !strings.Contains(r.Err.Error(), "is it an Ollama server?") {
		t.Errorf("message %q", r.Err)
	}
}

func TestServerErrorRetriedThenSucceeds(t *testing.T) {
	f := newFake(t,
		status(500, ""), // empty body: the SDK alone would return nil here
		status(502, `{"error":"bad gateway"}`),
		ndjson(chunk("Hello"), chunk(" there"), doneLine))
	p, waits := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	if r.Err != nil || r.Text != "Hello there" {
		t.Fatalf("%+v", r)
	}
	if f.requests() != 3 {
		t.Errorf("requests = %d, want 3", f.requests())
	}
	if fmt.Sprint(*waits) != "[500ms 1s]" {
		t.Errorf("backoff waits = %v, want [500ms 1s]", *waits)
	}
}

func TestServerErrorGivesUp(t *testing.T) {
	f := newFake(t, status(500, `{"error":"llama runner process has terminated: signal: killed"}`))
	p, waits := testProvider(t, providers.Settings{BaseURL: f.srv.URL, MaxRetries: 2})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	wantKind(t, r.Err, providers.ErrServer,
		"Ollama server error (500) after 2 retries: llama runner process has terminated: signal: killed")
	if f.requests() != 3 || len(*waits) != 2 {
		t.Errorf("requests = %d waits = %v, want 3 and 2", f.requests(), *waits)
	}
	if r.Text != "" {
		t.Errorf("text from a failed call: %q", r.Text)
	}
}

func TestRateLimitedHonoursRetryAfter(t *testing.T) {
	f := newFake(t,
		status(429, `{"error":"too many requests"}`, "Retry-After", "7"),
		status(429, `{"error":"too many requests"}`, "Retry-After", "45"),
		ndjson(chunk("ok"), doneLine))
	p, waits := testProvider(t, providers.Settings{BaseURL: f.srv.URL, MaxRetryWait: 30 * time.Second})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	if r.Err != nil || r.Text != "ok" {
		t.Fatalf("%+v", r)
	}
	// 7 s as asked; 45 s (under the cap) bounded by MaxRetryWait.
	if f.requests() != 3 || fmt.Sprint(*waits) != "[7s 30s]" {
		t.Errorf("requests = %d waits = %v, want 3 and [7s 30s]", f.requests(), *waits)
	}
}

func TestRateLimitedGivesUp(t *testing.T) {
	f := newFake(t, status(429, `{"error":"too many requests"}`, "Retry-After", "1"))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	wantKind(t, r.Err, providers.ErrRateLimited, "rate limited, retried 3 times: too many requests")
	if f.requests() != 4 {
		t.Errorf("requests = %d, want 4", f.requests())
	}
}

// The real sleep path: Retry-After 0 retries at once, and a cancelled
// context ends the wait.
func TestRetryRealWait(t *testing.T) {
	f := newFake(t, status(503, `{"error":"busy"}`, "Retry-After", "0"), ndjson(chunk("ok"), doneLine))
	pr, err := New(providers.Settings{BaseURL: f.srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if r := providertest.Collect(t, pr.Stream(context.Background(), textReq("llava"))); r.Err != nil || r.Text != "ok" {
		t.Fatalf("%+v", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleepCtx on a cancelled context = %v", err)
	}
}

func TestConsumerBreaksEarly(t *testing.T) {
	f := newFake(t, ndjson(chunk("a"), chunk("b"), chunk("c"), doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	n := 0
	for _, err := range p.Stream(context.Background(), textReq("llava")) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		break
	}
	if n != 1 {
		t.Errorf("got %d events", n)
	}
}

func TestAudioRefusedBeforeSending(t *testing.T) {
	f := newFake(t, ndjson(doneLine))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	req := textReq("llava")
	req.Messages[0].Parts = append(req.Messages[0].Parts, providers.AudioPart{MIME: "audio/wav", Data: []byte("RIFF")})
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	wantKind(t, r.Err, providers.ErrBadRequest, "Ollama models cannot take audio; it must be transcribed first")
	if f.requests() != 0 {
		t.Errorf("audio request was sent")
	}
}

// The fake's NDJSON is read line by line: a long reply of many lines
// arrives whole and in order.
func TestLongStream(t *testing.T) {
	var lines []string
	var want strings.Builder
	for i := range 2000 {
		w := fmt.Sprintf(" w%d", i)
		lines = append(lines, chunk(w))
		want.WriteString(w)
	}
	f := newFake(t, ndjson(append(lines, doneLine)...))
	p, _ := testProvider(t, providers.Settings{BaseURL: f.srv.URL})
	r := providertest.Collect(t, p.Stream(context.Background(), textReq("llava")))
	if r.Err != nil || r.Text != want.String() {
		t.Fatalf("err %v, text %d bytes want %d", r.Err, len(r.Text), want.Len())
	}
}

// BenchmarkStream measures one 1000-line reply through the SDK and the
// adapter against a local fake (dominated by JSON decoding per line).
func BenchmarkStream(b *testing.B) {
	lines := make([]string, 0, 1001)
	for i := range 1000 {
		lines = append(lines, chunk(fmt.Sprintf(" w%d", i)))
	}
	body := strings.Join(append(lines, doneLine), "")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, body)
	}))
	defer srv.Close()
	pr, err := New(providers.Settings{BaseURL: srv.URL})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		n := 0
		for ev, err := range pr.Stream(context.Background(), textReq("llava")) {
			if err != nil {
				b.Fatal(err)
			}
			if ev.Kind == providers.EventText {
				n++
			}
		}
		if n != 1000 {
			b.Fatalf("%d text events", n)
		}
	}
}
