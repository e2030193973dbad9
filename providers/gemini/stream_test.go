package gemini

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

// setJunkEnv sets every variable the genai SDK reads to values that would
// break the test if the SDK used any of them over our settings.
func setJunkEnv(t *testing.T, elsewhere string) {
	t.Setenv("GOOGLE_API_KEY", "env-google-key")
	t.Setenv("GEMINI_API_KEY", "env-gemini-key")
	t.Setenv("GOOGLE_GEMINI_BASE_URL", elsewhere)
	t.Setenv("GOOGLE_VERTEX_BASE_URL", elsewhere)
	t.Setenv("GOOGLE_GENAI_USE_VERTEXAI", "true")
	t.Setenv("GOOGLE_GENAI_USE_ENTERPRISE", "true")
	t.Setenv("GOOGLE_CLOUD_PROJECT", "env-project")
	t.Setenv("GOOGLE_CLOUD_LOCATION", "europe-west4")
	t.Setenv("GOOGLE_CLOUD_REGION", "europe-west4")
}

func TestStreamTextUsageAndRequest(t *testing.T) {
	wrong := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		t.Errorf("request went to the env var's base URL: %s", r.URL)
	})
	setJunkEnv(t, wrong.srv.URL)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Here is"), textChunk(" the answer."), finishChunk("STOP", 9, 12))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	req := providers.Request{
		Model:     "gemini-2.5-flash",
		System:    "Be brief.",
		MaxTokens: 256,
		Messages: []providers.Message{
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "Hi"}}},
			{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "Hello!"}}},
			{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "Answer?"}}},
		},
	}
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	if r.Text != "Here is the answer." {
		t.Errorf("text = %q", r.Text)
	}
	if last := r.Last(); last.Kind != providers.EventDone || last.FinishReason != "stop" {
		t.Errorf("last event = %+v, want done/stop", last)
	}
	var usage providers.Usage
	for _, ev := range r.Events {
		if ev.Kind == providers.EventUsage {
			usage = ev.Usage
		}
	}
	if usage != (providers.Usage{InputTokens: 9, OutputTokens: 12}) {
		t.Errorf("usage = %+v, want 9 in / 12 out", usage)
	}

	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	checkTextRequest(t, reqs[0])
}

// checkTextRequest asserts the wire request of TestStreamTextUsageAndRequest.
func checkTextRequest(t *testing.T, got seen) {
	t.Helper()
	if got.Method != "POST" || got.Path != "/v1beta/models/gemini-2.5-flash:streamGenerateContent" || got.Query != "alt=sse" {
		t.Errorf("request = %s %s?%s", got.Method, got.Path, got.Query)
	}
	if got.Key != testKey {
		t.Errorf("x-goog-api-key = %q, want the configured key (not the env's)", got.Key)
	}
	contents, _ := got.Body["contents"].([]any)
	var roles []string
	for _, c := range contents {
		roles = append(roles, fmt.Sprint(c.(map[string]any)["role"]))
	}
	if strings.Join(roles, ",") != "user,model,user" {
		t.Errorf("roles = %v, want user,model,user", roles)
	}
	if s := dig(got.Body, "systemInstruction", "parts", 0, "text"); s != "Be brief." {
		t.Errorf("systemInstruction text = %v", s)
	}
	if m := dig(got.Body, "generationConfig", "maxOutputTokens"); m != float64(256) {
		t.Errorf("maxOutputTokens = %v, want 256", m)
	}
	if _, ok := got.Body["generationConfig"].(map[string]any)["responseModalities"]; ok {
		t.Errorf("responseModalities sent to a text model: %v", got.Body["generationConfig"])
	}
}

// dig walks decoded JSON by keys and indexes; nil when a step is missing.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestImageAndAudioPartsAreInlineBase64(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("A cat."), finishChunk("STOP", 300, 3))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes \x00\xff")
	wav := []byte("RIFF\x24\x00\x00\x00WAVEfmt fake audio \x00\x01")
	req := providers.Request{Model: "gemini-2.5-flash", Messages: []providers.Message{{
		Role: providers.RoleUser,
		Parts: []providers.Part{
			providers.TextPart{Text: "What is this?"},
			providers.ImagePart{MIME: "image/png", Data: png},
			providers.AudioPart{MIME: "audio/wav", Data: wav},
		},
	}}}
	if r := providertest.Collect(t, p.Stream(context.Background(), req)); r.Err != nil || r.Text != "A cat." {
		t.Fatalf("stream: text %q err %v", r.Text, r.Err)
	}
	body := f.requests()[0].Body
	for i, want := range []struct {
		mime string
		data []byte
	}{{"image/png", png}, {"audio/wav", wav}} {
		part := dig(body, "contents", 0, "parts", i+1, "inlineData")
		if part == nil {
			t.Fatalf("part %d has no inlineData: %v", i+1, dig(body, "contents", 0, "parts"))
		}
		if m := dig(part, "mimeType"); m != want.mime {
			t.Errorf("part %d mimeType = %v, want %s", i+1, m, want.mime)
		}
		b64, _ := dig(part, "data").(string)
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || !bytes.Equal(data, want.data) {
			t.Errorf("part %d data = %q (%v), want base64 of the exact bytes", i+1, b64, err)
		}
	}
}

func TestReplyImagesAndReasoning(t *testing.T) {
	img1 := []byte("\x89PNG\r\n\x1a\nfirst generated image")
	img2 := []byte("\xff\xd8\xff\xe0 second jpeg")
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w,
			`{"candidates":[{"content":{"parts":[{"text":"Thinking about cats","thought":true}],"role":"model"},"index":0}]}`,
			textChunk("Here is"),
			fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":%q}}],"role":"model"},"index":0}]}`,
				base64.StdEncoding.EncodeToString(img1)),
			fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"text":" and"},{"inlineData":{"mimeType":"image/jpeg","data":%q}}],"role":"model"},"index":0}]}`,
				base64.StdEncoding.EncodeToString(img2)),
			finishChunk("STOP", 9, 1300))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	req := simpleReq("Draw a cat")
	req.Model = "gemini-2.5-flash-image"
	r := providertest.Collect(t, p.Stream(context.Background(), req))
	if r.Err != nil {
		t.Fatalf("stream error: %v", r.Err)
	}
	if r.Text != "Here is and" || r.Reasoning != "Thinking about cats" {
		t.Errorf("text %q reasoning %q", r.Text, r.Reasoning)
	}
	var imgs []*providers.Image
	for _, ev := range r.Events {
		if ev.Kind == providers.EventImage {
			imgs = append(imgs, ev.Image)
		}
	}
	if len(imgs) != 2 {
		t.Fatalf("%d images, want 2", len(imgs))
	}
	if imgs[0].MIME != "image/png" || !bytes.Equal(imgs[0].Data, img1) || imgs[0].Index != 0 {
		t.Errorf("image 0 = %s %q #%d", imgs[0].MIME, imgs[0].Data, imgs[0].Index)
	}
	if imgs[1].MIME != "image/jpeg" || !bytes.Equal(imgs[1].Data, img2) || imgs[1].Index != 1 {
		t.Errorf("image 1 = %s %q #%d", imgs[1].MIME, imgs[1].Data, imgs[1].Index)
	}
	mods := dig(f.requests()[0].Body, "generationConfig", "responseModalities")
	if fmt.Sprint(mods) != "[TEXT IMAGE]" {
		t.Errorf("responseModalities = %v, want [TEXT IMAGE] for an image model", mods)
	}
}

func TestMaxTokensFinishIsDone(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("Cut"), finishChunk("MAX_TOKENS", 9, 1))
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi")))
	if r.Err != nil || r.Last().Kind != providers.EventDone || r.Last().FinishReason != "length" {
		t.Fatalf("err %v last %+v, want done/length", r.Err, r.Last())
	}
}

func TestModelsListsGenerativeModels(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Method != "GET" || r.URL.Path != "/v1beta/models" {
			t.Errorf("models request = %s %s", r.Method, r.URL.Path)
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("pageToken") == "" {
			fmt.Fprint(w, `{"models":[
				{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,"supportedGenerationMethods":["generateContent","countTokens"]},
				{"name":"models/text-embedding-004","supportedGenerationMethods":["embedContent"]}],
				"nextPageToken":"p2"}`)
			return
		}
		fmt.Fprint(w, `{"models":[{"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"]}]}`)
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	ms, err := p.Models(context.Background())
	if err != nil {
		t.Fatalf("Models: %v", err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if strings.Join(ids, ",") != "gemini-2.5-flash,gemini-2.5-pro" {
		t.Errorf("ids = %v, want the two generative models across both pages", ids)
	}
	if k := f.requests()[0].Key; k != testKey {
		t.Errorf("models request key = %q", k)
	}
}

func TestModelsAuthError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		apiErr(w, 403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")
	})
	p, _ := newTestProvider(t, f.srv.URL, func(s *providers.Settings) { s.KeySource = "GOOGLE_API_KEY" })
	_, err := p.Models(context.Background())
	wantErr(t, err, providers.ErrAuth, 403, "GOOGLE_API_KEY was rejected (403)")
}

func TestNewSettings(t *testing.T) {
	setJunkEnv(t, "http://127.0.0.1:1")
	for _, base := range []string{"", DefaultBaseURL + "v1beta"} {
		_, err := New(providers.Settings{Name: "g", BaseURL: base})
		if err == nil || !strings.Contains(err.Error(), "set GEMINI_API_KEY or GOOGLE_API_KEY") {
			t.Errorf("empty key for %q: err = %v, want one naming both variables (env keys must not fill in)", base, err)
		}
	}
	if _, err := New(providers.Settings{APIKey: testKey, BaseURL: "ftp://host/"}); err == nil || strings.Contains(err.Error(), testKey) {
		t.Errorf("bad base URL: err = %v", err)
	}
	for in, want := range map[string][2]string{
		"":                              {DefaultBaseURL, "v1beta"},
		"http://h:8080":                 {"http://h:8080/", "v1beta"},
		"https://proxy.example/gemini/": {"https://proxy.example/gemini/", "v1beta"},
		"https://h/v1beta":              {"https://h/", "v1beta"},
		"https://h/api/v1/":             {"https://h/api/", "v1"},
	} {
		base, ver, err := splitBaseURL(in)
		if err != nil || base != want[0] || ver != want[1] {
			t.Errorf("splitBaseURL(%q) = %q %q %v, want %q %q", in, base, ver, err, want[0], want[1])
		}
	}
}

func TestBaseURLWithVersionSuffix(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, textChunk("ok"), finishChunk("STOP", 1, 1))
	})
	p, _ := newTestProvider(t, f.srv.URL+"/v1beta/", nil)
	if r := providertest.Collect(t, p.Stream(context.Background(), simpleReq("hi"))); r.Err != nil {
		t.Fatalf("stream: %v", r.Err)
	}
	if path := f.requests()[0].Path; path != "/v1beta/models/gemini-2.5-flash:streamGenerateContent" {
		t.Errorf("path = %s", path)
	}
}

func TestBadRequestsAreNotSent(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		t.Errorf("request sent for invalid input")
	})
	p, _ := newTestProvider(t, f.srv.URL, nil)
	for name, req := range map[string]providers.Request{
		"no model":    {Messages: simpleReq("x").Messages},
		"empty":       {Model: "m"},
		"bad role":    {Model: "m", Messages: []providers.Message{{Role: "system", Parts: []providers.Part{providers.TextPart{Text: "x"}}}}},
		"image mime":  {Model: "m", Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.ImagePart{MIME: "text/plain", Data: []byte("x")}}}}},
		"empty audio": {Model: "m", Messages: []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.AudioPart{MIME: "audio/wav"}}}}},
	} {
		r := providertest.Collect(t, p.Stream(context.Background(), req))
		if providers.KindOf(r.Err) != providers.ErrBadRequest || len(r.Events) != 0 {
			t.Errorf("%s: err %v events %d, want a bad-request error and nothing else", name, r.Err, len(r.Events))
		}
	}
}

func BenchmarkStream(b *testing.B) {
	chunks := make([]string, 0, 201)
	for i := range 200 {
		chunks = append(chunks, textChunk(fmt.Sprintf("token %d ", i)))
	}
	chunks = append(chunks, finishChunk("STOP", 9, 200))
	f := newFake(b, func(w http.ResponseWriter, r *http.Request, n int) { sse(w, chunks...) })
	p, _ := newTestProvider(b, f.srv.URL, nil)
	req := simpleReq("go")
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for ev, err := range p.Stream(context.Background(), req) {
			if err != nil {
				b.Fatal(err)
			}
			if ev.Kind == providers.EventText {
				n++
			}
		}
		if n != 200 {
			b.Fatalf("%d text events", n)
		}
	}
}
