package imagegen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

const geminiKey = "AIzaSyIMAGEGEN-test-key-0123456789"

func geminiSettings(f *fakeServer) providers.Settings {
	return providers.Settings{Name: "gemini", Type: "gemini", BaseURL: f.srv.URL, APIKey: geminiKey, KeySource: "GEMINI_API_KEY", MaxRetries: -1}
}

// geminiSSE writes Gemini's stream: `data:` lines only, no [DONE].
func geminiSSE(w http.ResponseWriter, chunks ...string) {
	providertest.StartSSE(w)
	providertest.Data(w, chunks...)
}

func geminiText(s string) string {
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"text":%q}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash-image"}`, s)
}

func geminiImage(img []byte) string {
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":%q}}],"role":"model"},"index":0}],"modelVersion":"gemini-2.5-flash-image"}`, b64(img))
}

func geminiFinish(reason string) string {
	return fmt.Sprintf(`{"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":%q,"index":0}],"usageMetadata":{"promptTokenCount":9,"candidatesTokenCount":1290,"totalTokenCount":1299}}`, reason)
}

func TestGeminiTextAndImagesInOrder(t *testing.T) {
	img1, img2 := providertest.GradientPNG(t, 24, 24, 20), providertest.GradientPNG(t, 30, 20, 21)
	input := providertest.GradientPNG(t, 10, 10, 22)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		geminiSSE(w, geminiText("Here is a fox."), geminiImage(img1), geminiText(" And a second one:"), geminiImage(img2), geminiFinish("STOP"))
	})
	req := Request{Model: "gemini-2.5-flash-image", Prompt: "draw a fox", Input: []providers.ImagePart{{MIME: "image/png", Data: input}}}
	evs, err := providertest.Drain(t, newGen(t, geminiSettings(f)).Generate(context.Background(), req))
	if err != nil {
		t.Fatal(err)
	}
	if k := kinds(evs); k != "text0 final0 text0 final1" {
		t.Fatalf("events = %q", k)
	}
	if evs[0].Text != "Here is a fox." || evs[2].Text != " And a second one:" {
		t.Errorf("texts = %q, %q", evs[0].Text, evs[2].Text)
	}
	if !bytes.Equal(evs[1].Image.Data, img1) || !bytes.Equal(evs[3].Image.Data, img2) || evs[1].Image.MIME != "image/png" {
		t.Error("image bytes differ from what the server sent")
	}
	r := f.requests()[0]
	if !strings.HasSuffix(r.Path, "/models/gemini-2.5-flash-image:streamGenerateContent") {
		t.Errorf("path = %s", r.Path)
	}
	var body struct {
		Contents []struct {
			Parts []struct {
				Text       string `json:"text"`
				InlineData *struct {
					MIMEType string `json:"mimeType"`
					Data     []byte `json:"data"`
				} `json:"inlineData"`
			} `json:"parts"`
		} `json:"contents"`
		GenerationConfig struct {
			ResponseModalities []string `json:"responseModalities"`
		} `json:"generationConfig"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	if m := body.GenerationConfig.ResponseModalities; len(m) != 2 || m[0] != "TEXT" || m[1] != "IMAGE" {
		t.Errorf("responseModalities = %v", m)
	}
	parts := body.Contents[0].Parts
	if len(parts) != 2 || parts[0].InlineData == nil || !bytes.Equal(parts[0].InlineData.Data, input) || parts[1].Text != "draw a fox" {
		t.Errorf("request parts are not [input image, prompt]: %s", r.Body)
	}
}

func TestGeminiSafetyRefusal(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		geminiSSE(w, geminiText("I can't draw that."), geminiFinish("IMAGE_SAFETY"))
	})
	evs, err := providertest.Drain(t, newGen(t, geminiSettings(f)).Generate(context.Background(), Request{Model: "gemini-2.5-flash-image", Prompt: "something refused"}))
	pe := wantKind(t, err, providers.ErrBadRequest)
	if !strings.Contains(pe.Message, "IMAGE_SAFETY") || kinds(evs) != "text0" {
		t.Errorf("events %q, message %q", kinds(evs), pe.Message)
	}
}

func TestGeminiReplyWithoutImage(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		geminiSSE(w, geminiText("I would rather describe it."), geminiFinish("STOP"))
	})
	evs, err := providertest.Drain(t, newGen(t, geminiSettings(f)).Generate(context.Background(), Request{Model: "gemini-2.5-flash-image", Prompt: "a fox"}))
	pe := wantKind(t, err, providers.ErrBadRequest)
	if kinds(evs) != "text0" || !strings.Contains(pe.Message, "without an image") {
		t.Errorf("events %q, message %q", kinds(evs), pe.Message)
	}
}

func TestGeminiErrorsAndModelCheck(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		fmt.Fprint(w, `{"error":{"code":403,"message":"Permission denied","status":"PERMISSION_DENIED"}}`)
	})
	g := newGen(t, geminiSettings(f))
	_, err := providertest.Drain(t, g.Generate(context.Background(), Request{Model: "gemini-2.5-flash-image", Prompt: "a fox"}))
	pe := wantKind(t, err, providers.ErrAuth)
	if !strings.Contains(pe.Message, "GEMINI_API_KEY") || strings.Contains(pe.Message, geminiKey) {
		t.Errorf("message = %q", pe.Message)
	}
	_, err = providertest.Drain(t, g.Generate(context.Background(), Request{Model: "gemini-2.5-flash", Prompt: "a fox"}))
	pe = wantKind(t, err, providers.ErrBadRequest)
	if !strings.Contains(pe.Message, "not a Gemini image model") || len(f.requests()) != 1 {
		t.Errorf("message %q after %d requests", pe.Message, len(f.requests()))
	}
}
