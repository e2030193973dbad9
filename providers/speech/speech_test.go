package speech

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/speech/speechtest"
)

const testKey = "sk-test-SECRETSECRETSECRET"

func openAISettings(srv *speechtest.Server) providers.Settings {
	return providers.Settings{Name: "local", Type: "openai", BaseURL: srv.URL + "/v1", APIKey: testKey,
		KeySource: "LOCAL_KEY", MaxRetries: -1, IdleTimeout: 5 * time.Second}
}

func geminiSettings(srv *speechtest.Server) providers.Settings {
	return providers.Settings{Name: "gemini", Type: "gemini", BaseURL: srv.URL, APIKey: testKey,
		KeySource: "GEMINI_API_KEY", MaxRetries: -1, IdleTimeout: 5 * time.Second}
}

func synth(t *testing.T, sy Synthesizer, text string) ([]int16, int) {
	t.Helper()
	a, err := sy.Synthesize(context.Background(), text)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	pcm, err := ReadAll(a)
	if err != nil {
		t.Fatal(err)
	}
	return pcm, a.Rate
}

func TestOpenAIStreamsPCM(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	srv.Chunk = 1001 // odd: samples split across chunks
	sy, err := New(openAISettings(srv), Options{Model: "kokoro", Voice: "af_bella", Speed: 1.25, Instructions: "calm"})
	if err != nil {
		t.Fatal(err)
	}
	pcm, rate := synth(t, sy, "Hello there.")
	if rate != 24000 || !slices.Equal(pcm, speechtest.PCMFor("Hello there.")) {
		t.Fatalf("got %d samples at %d Hz, not the audio sent", len(pcm), rate)
	}
	r := srv.Requests()[0]
	if r.Path != "/v1/audio/speech" || r.Text != "Hello there." || r.Model != "kokoro" || r.Voice != "af_bella" ||
		r.Format != "pcm" || r.Speed != 1.25 || r.Instructions != "calm" {
		t.Errorf("request %+v", r)
	}
	if r.Header.Get("Authorization") != "Bearer "+testKey {
		t.Errorf("Authorization %q", r.Header.Get("Authorization"))
	}
	if got := sy.Describe(); got != "local kokoro, voice af_bella" {
		t.Errorf("Describe = %q", got)
	}
}

func TestOpenAIWAVFormat(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sy, err := New(openAISettings(srv), Options{Format: "wav"})
	if err != nil {
		t.Fatal(err)
	}
	pcm, rate := synth(t, sy, "A sentence.")
	if rate != 24000 || !slices.Equal(pcm, speechtest.PCMFor("A sentence.")) {
		t.Fatalf("wav: %d samples at %d Hz", len(pcm), rate)
	}
	if r := srv.Requests()[0]; r.Format != "wav" || r.Model != DefaultOpenAIModel || r.Voice != DefaultOpenAIVoice {
		t.Errorf("request %+v", r)
	}
}

func TestGeminiStreamsAudioParts(t *testing.T) {
	srv := speechtest.NewGemini(t)
	sy, err := New(geminiSettings(srv), Options{Voice: "Puck", Instructions: "Say cheerfully"})
	if err != nil {
		t.Fatal(err)
	}
	pcm, rate := synth(t, sy, "Good morning.")
	if rate != 24000 || !slices.Equal(pcm, speechtest.PCMFor("Say cheerfully: Good morning.")) {
		t.Fatalf("got %d samples at %d Hz, not the audio sent", len(pcm), rate)
	}
	r := srv.Requests()[0]
	if r.Model != "gemini-2.5-flash-preview-tts" || r.Voice != "Puck" || !slices.Equal(r.Modalities, []string{"AUDIO"}) ||
		r.Text != "Say cheerfully: Good morning." {
		t.Errorf("request %+v", r)
	}
	if r.Header.Get("x-goog-api-key") != testKey {
		t.Error("key not sent in x-goog-api-key")
	}
}

// TestErrorsNameTheProblemWithoutTheKey: HTTP failures become one line,
// and a server echoing the key back cannot make it show.
func TestErrorsNameTheProblemWithoutTheKey(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   string
	}{
		{401, `{"error":{"message":"bad key ` + testKey + `"}}`, "LOCAL_KEY was rejected (401)"},
		{400, `{"error":{"message":"voice nope for ` + testKey + ` is unknown"}}`, "voice nope for"},
		{500, `{"error":{"message":"boom"}}`, "server error (500)"},
	}
	for _, tc := range cases {
		srv := speechtest.NewOpenAI(t)
		srv.Fail = func(w http.ResponseWriter, _ int, _ speechtest.Request) bool {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			fmt.Fprint(w, tc.body)
			return true
		}
		sy, _ := New(openAISettings(srv), Options{})
		_, err := sy.Synthesize(context.Background(), "Hi.")
		var pe *providers.Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), testKey) {
			t.Errorf("%d: error %v, want one containing %q and no key", tc.status, err, tc.want)
		}
	}
}

func TestGeminiErrorWithoutTheKey(t *testing.T) {
	srv := speechtest.NewGemini(t)
	srv.Fail = func(w http.ResponseWriter, _ int, _ speechtest.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		fmt.Fprintf(w, `{"error":{"code":429,"message":"quota for %s","status":"RESOURCE_EXHAUSTED"}}`, testKey)
		return true
	}
	sy, _ := New(geminiSettings(srv), Options{})
	_, err := sy.Synthesize(context.Background(), "Hi.")
	if err == nil || !strings.Contains(err.Error(), "rate limited") || strings.Contains(err.Error(), testKey) {
		t.Errorf("error %v", err)
	}
}

// TestAudioCutMidStream: a connection that drops after some audio gives
// the audio that came and then a connection error.
func TestAudioCutMidStream(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	srv.Fail = func(w http.ResponseWriter, _ int, _ speechtest.Request) bool {
		w.Header().Set("Content-Type", "audio/pcm")
		w.Header().Set("Content-Length", "100000")
		w.Write(make([]byte, 4000))
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return true
	}
	sy, _ := New(openAISettings(srv), Options{})
	a, err := sy.Synthesize(context.Background(), "Hi.")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	pcm, err := ReadAll(a)
	var pe *providers.Error
	if len(pcm) != 2000 || !errors.As(err, &pe) || pe.Kind != providers.ErrConnection {
		t.Errorf("got %d samples and %v", len(pcm), err)
	}
}

func TestNonAudioReplyIsAnError(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	srv.Fail = func(w http.ResponseWriter, _ int, _ speechtest.Request) bool {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html>login</html>")
		return true
	}
	sy, _ := New(openAISettings(srv), Options{})
	if _, err := sy.Synthesize(context.Background(), "Hi."); err == nil || !strings.Contains(err.Error(), "web page") {
		t.Errorf("error %v", err)
	}
}

func TestOptionsAreChecked(t *testing.T) {
	hosted := providers.Settings{Name: "openai", Type: "openai", APIKey: "k"}
	gem := providers.Settings{Name: "gemini", Type: "gemini", APIKey: "k"}
	cases := []struct {
		s    providers.Settings
		o    Options
		want string
	}{
		{hosted, Options{Model: "tts-1", Instructions: "calm"}, "speech.instructions: tts-1 does not take instructions"},
		{hosted, Options{Model: "tts-1", Voice: "marin"}, `speech.voice: tts-1 has no voice "marin"`},
		{hosted, Options{Speed: 9}, "speech.speed: 9 is not between 0.25 and 4"},
		{hosted, Options{Format: "ogg"}, `speech.format: "ogg" is not pcm or wav`},
		{gem, Options{Speed: 1.5}, "speech.speed: Gemini TTS has no speed setting"},
		{gem, Options{Voice: "alloy"}, `speech.voice: Gemini TTS has no voice "alloy"`},
		{providers.Settings{Name: "claude", Type: "anthropic"}, Options{}, "has no speech endpoint"},
	}
	for _, tc := range cases {
		if _, err := New(tc.s, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%s, %+v) = %v, want %q", tc.s.Type, tc.o, err, tc.want)
		}
	}
	if _, err := New(hosted, Options{Model: "gpt-4o-mini-tts", Voice: "marin", Instructions: "warm"}); err != nil {
		t.Errorf("a valid hosted config was refused: %v", err)
	}
}

func TestVoices(t *testing.T) {
	sy, _ := New(providers.Settings{Name: "openai", Type: "openai", APIKey: "k"}, Options{Model: "tts-1"})
	v, err := sy.Voices(context.Background())
	if err != nil || len(v) != 9 || v[0].Name != "alloy" {
		t.Errorf("tts-1 voices %v %v", v, err)
	}
	g, _ := New(providers.Settings{Name: "gemini", Type: "gemini", APIKey: "k"}, Options{})
	if v, _ := g.Voices(context.Background()); len(v) != 30 || v[3] != (Voice{"Kore", "firm"}) {
		t.Errorf("gemini voices %v", v)
	}
	srv := speechtest.NewOpenAI(t)
	srv.Fail = func(w http.ResponseWriter, _ int, r speechtest.Request) bool {
		if r.Path == "/v1/audio/voices" {
			fmt.Fprint(w, `{"voices":["af_bella",{"id":"am_adam","name":"Adam"}]}`)
			return true
		}
		return false
	}
	local, _ := New(openAISettings(srv), Options{})
	v, err = local.Voices(context.Background())
	if err != nil || len(v) != 2 || v[0].Name != "af_bella" || v[1] != (Voice{"am_adam", "Adam"}) {
		t.Errorf("server voices %v %v", v, err)
	}
	plain := speechtest.NewOpenAI(t) // answers 404 for /audio/voices
	none, _ := New(openAISettings(plain), Options{})
	if _, err := none.Voices(context.Background()); err == nil || !strings.Contains(err.Error(), "does not list its voices") {
		t.Errorf("a server without a voice list: %v", err)
	}
}
