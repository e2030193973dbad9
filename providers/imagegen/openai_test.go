package imagegen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

func TestOpenAIStreamPartialsThenFinal(t *testing.T) {
	for _, withType := range []bool{true, false} {
		t.Run(fmt.Sprintf("type-in-data=%v", withType), func(t *testing.T) {
			p0, p1, final := providertest.GradientPNG(t, 16, 16, 1), providertest.GradientPNG(t, 32, 32, 2), providertest.GradientPNG(t, 64, 48, 3)
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
				providertest.StartSSE(w)
				providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p0, 0, withType))
				providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p1, 1, withType))
				providertest.Event(w, providertest.ImagesCompletedEvent, providertest.ImagesCompleted(final, withType))
			})
			g := newGen(t, openaiSettings(f))
			evs, err := providertest.Drain(t, g.Generate(context.Background(), Request{Model: "gpt-image-1", Prompt: "a red fox", Size: "1024x1024", Partials: 2}))
			if err != nil {
				t.Fatal(err)
			}
			if k := kinds(evs); k != "partial0 partial1 final0" {
				t.Fatalf("events = %q, want partial0 partial1 final0", k)
			}
			for i, want := range [][]byte{p0, p1, final} {
				if !bytes.Equal(evs[i].Image.Data, want) {
					t.Errorf("event %d: image bytes differ from what the server encoded", i)
				}
				if evs[i].Image.MIME != "image/png" {
					t.Errorf("event %d: MIME = %q", i, evs[i].Image.MIME)
				}
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(evs[2].Image.Data))
			if err != nil || cfg.Width != 64 || cfg.Height != 48 {
				t.Errorf("final is not the 64x48 PNG: %v %+v", err, cfg)
			}
			checkGenerationRequest(t, f.requests(), 2)
		})
	}
}

// checkGenerationRequest asserts the one request carried the streaming
// Images API body and our key.
func checkGenerationRequest(t *testing.T, reqs []got, partials int) {
	t.Helper()
	if len(reqs) != 1 {
		t.Fatalf("server got %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/v1/images/generations" {
		t.Errorf("request = %s %s", r.Method, r.Path)
	}
	if r.Auth != "Bearer "+testKey {
		t.Errorf("Authorization = %q", r.Auth)
	}
	var body map[string]any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("body is not JSON: %v", err)
	}
	want := map[string]any{"model": "gpt-image-1", "prompt": "a red fox", "size": "1024x1024",
		"stream": true, "partial_images": float64(partials), "output_format": "png"}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%q] = %#v, want %#v", k, body[k], v)
		}
	}
}

func TestOpenAINonStreamingServer(t *testing.T) {
	final := providertest.GradientPNG(t, 20, 10, 9)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprintf(w, `{"created":1735000000,"data":[{"b64_json":%q,"revised_prompt":"a small red fox"}],"output_format":"png"}`, b64(final))
	})
	evs, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Model: "gpt-image-1", Prompt: "a red fox", Size: "1024x1024", Partials: 2}))
	if err != nil {
		t.Fatal(err)
	}
	if k := kinds(evs); k != "revised0 final0" {
		t.Fatalf("events = %q", k)
	}
	if evs[0].Text != "a small red fox" {
		t.Errorf("revised prompt = %q", evs[0].Text)
	}
	if !bytes.Equal(evs[1].Image.Data, final) || evs[1].Image.MIME != "image/png" {
		t.Error("final image differs from what the server sent")
	}
}

func TestOpenAIDallEAsksForBase64WithoutStreaming(t *testing.T) {
	final := providertest.GradientPNG(t, 8, 8, 4)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"created":1,"data":[{"b64_json":%q}]}`, b64(final))
	})
	evs, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Model: "dall-e-3", Prompt: "a fox", Partials: 2}))
	if err != nil || kinds(evs) != "final0" {
		t.Fatalf("events %q, err %v", kinds(evs), err)
	}
	var body map[string]any
	_ = json.Unmarshal(f.requests()[0].Body, &body)
	if body["response_format"] != "b64_json" || body["stream"] != nil || body["partial_images"] != nil {
		t.Errorf("DALL·E request body = %v", body)
	}
}

func TestOpenAIRefusalKeepsTheReason(t *testing.T) {
	const reason = "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system."
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		openaiErr(w, 400, "image_generation_user_error", "moderation_blocked", reason)
	})
	_, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Prompt: "something refused"}))
	pe := wantKind(t, err, providers.ErrBadRequest)
	if pe.Status != 400 || !strings.Contains(pe.Message, "rejected as a result of our safety system") || !strings.Contains(pe.Message, "refused") {
		t.Errorf("message = %q (status %d)", pe.Message, pe.Status)
	}
	if strings.Contains(pe.Message, "\n") {
		t.Errorf("message is not one line: %q", pe.Message)
	}
}

func TestOpenAIUnauthorizedNamesKeySource(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		openaiErr(w, 401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided: "+testKey+".")
	})
	_, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Prompt: "a fox"}))
	pe := wantKind(t, err, providers.ErrAuth)
	if !strings.Contains(pe.Message, "OPENAI_API_KEY") || pe.Status != 401 {
		t.Errorf("message = %q", pe.Message)
	}
}

func TestOpenAIRateLimitRetriesThenReports(t *testing.T) {
	final := providertest.GradientPNG(t, 8, 8, 5)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "45") // under the cap: bounded to MaxRetryWait
			openaiErr(w, 429, "rate_limit_error", "rate_limit_exceeded", "slow down")
			return
		}
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesCompletedEvent, providertest.ImagesCompleted(final, true))
	})
	s := openaiSettings(f)
	s.MaxRetries = 2
	evs, err := providertest.Drain(t, newGen(t, s).Generate(context.Background(), Request{Prompt: "a fox"}))
	if err != nil || kinds(evs) != "final0" || !bytes.Equal(evs[0].Image.Data, final) {
		t.Fatalf("after a 429 retry: events %q, err %v", kinds(evs), err)
	}

	always := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		openaiErr(w, 429, "rate_limit_error", "rate_limit_exceeded", "slow down")
	})
	s = openaiSettings(always)
	s.MaxRetries = 2
	_, err = providertest.Drain(t, newGen(t, s).Generate(context.Background(), Request{Prompt: "a fox"}))
	pe := wantKind(t, err, providers.ErrRateLimited)
	if len(always.requests()) != 3 || !strings.Contains(pe.Message, "retried 2 times") {
		t.Errorf("%d requests, message %q", len(always.requests()), pe.Message)
	}
}

func TestOpenAIServerError(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		io.WriteString(w, "<html><body>Bad gateway</body></html>")
	})
	_, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Prompt: "a fox"}))
	pe := wantKind(t, err, providers.ErrServer)
	if !strings.Contains(pe.Message, "502") || strings.Contains(pe.Message, "<html>") {
		t.Errorf("message = %q", pe.Message)
	}
}

func TestOpenAICancelMidStream(t *testing.T) {
	p0 := providertest.GradientPNG(t, 8, 8, 6)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p0, 0, true))
		providertest.Hold(r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var evs []Event
	var err error
	for ev, e := range newGen(t, openaiSettings(f)).Generate(ctx, Request{Prompt: "a fox", Partials: 1}) {
		if e != nil {
			err = e
			break
		}
		evs = append(evs, ev)
		cancel() // Esc after the first preview
	}
	if kinds(evs) != "partial0" {
		t.Fatalf("events before cancel = %q", kinds(evs))
	}
	wantKind(t, err, providers.ErrCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error does not wrap context.Canceled: %v", err)
	}
}

func TestOpenAIStallAndCutStream(t *testing.T) {
	p0 := providertest.GradientPNG(t, 8, 8, 7)
	stall := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p0, 0, true))
		providertest.Hold(r)
	})
	s := openaiSettings(stall)
	s.IdleTimeout = 150 * time.Millisecond
	evs, err := providertest.Drain(t, newGen(t, s).Generate(context.Background(), Request{Prompt: "a fox", Partials: 1}))
	pe := wantKind(t, err, providers.ErrStalled)
	if kinds(evs) != "partial0" || !strings.Contains(pe.Message, "after 1 partial image") {
		t.Errorf("events %q, message %q", kinds(evs), pe.Message)
	}

	cut := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p0, 0, true))
		// The server ends the response without the completed event.
	})
	_, err = providertest.Drain(t, newGen(t, openaiSettings(cut)).Generate(context.Background(), Request{Prompt: "a fox", Partials: 1}))
	pe = wantKind(t, err, providers.ErrIncomplete)
	if !strings.Contains(pe.Message, "before the final image") {
		t.Errorf("message = %q", pe.Message)
	}
}

func TestOpenAIErrorEventMidStream(t *testing.T) {
	p0 := providertest.GradientPNG(t, 8, 8, 8)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesPartialEvent, providertest.ImagesPartial(p0, 0, true))
		providertest.Event(w, "error", `{"type":"error","error":{"type":"image_generation_user_error","code":"moderation_blocked","message":"Generated image was flagged by the safety system."}}`)
	})
	evs, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), Request{Prompt: "a fox", Partials: 1}))
	pe := wantKind(t, err, providers.ErrBadRequest)
	if kinds(evs) != "partial0" || !strings.Contains(pe.Message, "flagged by the safety system") {
		t.Errorf("events %q, message %q", kinds(evs), pe.Message)
	}
}

func TestOpenAIEditSendsInputImages(t *testing.T) {
	input, final := providertest.GradientPNG(t, 12, 12, 10), providertest.GradientPNG(t, 12, 12, 11)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, "image_edit.completed", strings.Replace(providertest.ImagesCompleted(final, false), `{`, `{"type":"image_edit.completed",`, 1))
	})
	req := Request{Model: "gpt-image-1", Prompt: "make it blue", Input: []providers.ImagePart{{MIME: "image/png", Data: input}}}
	evs, err := providertest.Drain(t, newGen(t, openaiSettings(f)).Generate(context.Background(), req))
	if err != nil || kinds(evs) != "final0" || !bytes.Equal(evs[0].Image.Data, final) {
		t.Fatalf("events %q, err %v", kinds(evs), err)
	}
	r := f.requests()[0]
	if r.Path != "/v1/images/edits" {
		t.Fatalf("path = %s", r.Path)
	}
	fields, files := readMultipart(t, r)
	if fields["prompt"] != "make it blue" || fields["stream"] != "true" || fields["model"] != "gpt-image-1" {
		t.Errorf("fields = %v", fields)
	}
	if !bytes.Equal(files["image"], input) {
		t.Errorf("image field does not carry the input bytes (files: %d)", len(files))
	}
}

// readMultipart parses a recorded multipart request.
func readMultipart(t *testing.T, r got) (fields map[string]string, files map[string][]byte) {
	t.Helper()
	_, params, err := mime.ParseMediaType(r.ContentType)
	if err != nil {
		t.Fatalf("content type %q: %v", r.ContentType, err)
	}
	fields, files = map[string]string{}, map[string][]byte{}
	mr := multipart.NewReader(bytes.NewReader(r.Body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return fields, files
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if p.FileName() != "" {
			files[p.FormName()] = b
		} else {
			fields[p.FormName()] = string(b)
		}
	}
}

func TestRequestChecks(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) { t.Error("no request should be sent") })
	g := newGen(t, openaiSettings(f))
	for _, req := range []Request{{Prompt: "  "}, {Prompt: "x", Partials: 4}, {Prompt: "x", Input: []providers.ImagePart{{MIME: "image/png"}}}} {
		_, err := providertest.Drain(t, g.Generate(context.Background(), req))
		wantKind(t, err, providers.ErrBadRequest)
	}
	if _, err := New(providers.Settings{Name: "a", Type: "anthropic"}); err == nil || !strings.Contains(err.Error(), "openai or gemini") {
		t.Errorf("anthropic: %v", err)
	}
	if _, err := New(providers.Settings{Type: "openai", BaseURL: "ftp://x"}); err == nil {
		t.Error("ftp base URL accepted")
	}
}
