package speak

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"parley/media/audio"
	"parley/providers/speech"
	"parley/providers/speech/speechtest"
	"parley/session/config"
)

// fakeSink records what is played. gate, when set, holds every Write
// until it is closed.
type fakeSink struct {
	mu      sync.Mutex
	pcm     []int16
	cleared bool
	wrote   chan struct{} // signalled after each Write
	gate    chan struct{}
}

func newSink() *fakeSink { return &fakeSink{wrote: make(chan struct{}, 1)} }

func (s *fakeSink) Write(ctx context.Context, pcm []int16) error {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	s.mu.Lock()
	s.pcm = append(s.pcm, pcm...)
	s.mu.Unlock()
	select {
	case s.wrote <- struct{}{}:
	default:
	}
	return nil
}

func (s *fakeSink) Drain(context.Context) error { return nil }
func (s *fakeSink) Clear()                      { s.mu.Lock(); s.cleared = true; s.mu.Unlock() }
func (s *fakeSink) Rate() int                   { return audio.SpeechRate }

func (s *fakeSink) samples() []int16 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.pcm)
}

// waitFor waits (bounded) until cond holds, re-checking after each write.
func (s *fakeSink) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for !cond() {
		select {
		case <-s.wrote:
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// backend builds the synthesizer the way the app does: from a config file.
func backend(t *testing.T, toml string) speech.Synthesizer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Env = func(string) (string, bool) { return "", false }
	sy, err := Backend(c)
	if err != nil {
		t.Fatal(err)
	}
	return sy
}

func openAIBackend(t *testing.T, srv *speechtest.Server) speech.Synthesizer {
	return backend(t, fmt.Sprintf(`[speech]
provider = "tts"
model = "tts-model-x"
voice = "voice-y"
[providers.tts]
base_url = %q
api_key = "k"
`, srv.URL+"/v1"))
}

const reply = "# Plan\n\nFirst, **read** the [docs](https://go.dev/doc). Then run:\n\n```sh\ngo test ./...\ngo vet ./...\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThat's *all*! Questions?"

var replySentences = []string{"Plan", "First, read the docs.", "Then run:", "sh code block, 2 lines", "table, 1 row", "That's all!", "Questions?"}

// feed writes text in small deltas, as a model streams it.
func feed(r *Reader, text string) {
	for i := 0; i < len(text); i += 3 {
		r.Write(text[i:min(i+3, len(text))])
	}
	r.Close()
}

func concatPCM(texts []string) []int16 {
	var out []int16
	for _, s := range texts {
		out = append(out, speechtest.PCMFor(s)...)
	}
	return out
}

func checkReading(t *testing.T, srv *speechtest.Server, sink *fakeSink, res Result, model, voice string) {
	t.Helper()
	if res.Err != nil || res.Stopped {
		t.Fatalf("result: err %v stopped %v", res.Err, res.Stopped)
	}
	if got := srv.Texts(); !slices.Equal(got, replySentences) {
		t.Errorf("texts sent:\n got %q\nwant %q", got, replySentences)
	}
	for i, r := range srv.Requests() {
		if r.Model != model || r.Voice != voice {
			t.Errorf("request %d: model %q voice %q, want %q %q", i, r.Model, r.Voice, model, voice)
		}
	}
	want := concatPCM(replySentences)
	if !slices.Equal(sink.samples(), want) {
		t.Errorf("sink got %d samples, want the %d sent, in order", len(sink.samples()), len(want))
	}
	pcm, rate, _, err := audio.DecodeWAV(res.WAV())
	if err != nil || rate != audio.SpeechRate || !slices.Equal(pcm, want) {
		t.Errorf("stored WAV: %d samples at %d Hz (%v)", len(pcm), rate, err)
	}
}

func TestReadsOpenAIReplySentenceBySentence(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sink := newSink()
	r := Start(context.Background(), openAIBackend(t, srv), sink, Options{})
	feed(r, reply)
	res := r.Result()
	checkReading(t, srv, sink, res, "tts-model-x", "voice-y")
	if p := r.Progress(); p.Spoken != len(replySentences) || p.Known != len(replySentences) || !p.TextDone {
		t.Errorf("progress %+v", p)
	}
}

func TestReadsGeminiReplySentenceBySentence(t *testing.T) {
	srv := speechtest.NewGemini(t)
	sy := backend(t, fmt.Sprintf(`[speech]
provider = "gemini"
voice = "Charon"
model = "gemini-2.5-pro-preview-tts"
[providers.gemini]
base_url = %q
api_key = "k"
`, srv.URL))
	sink := newSink()
	r := Start(context.Background(), sy, sink, Options{})
	feed(r, reply)
	checkReading(t, srv, sink, r.Result(), "gemini-2.5-pro-preview-tts", "Charon")
}

// TestFirstAudioAfterFirstSentence: the first sentence is spoken while the
// rest of the reply has not even arrived.
func TestFirstAudioAfterFirstSentence(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sink := newSink()
	r := Start(context.Background(), openAIBackend(t, srv), sink, Options{})
	r.Write("Hello there. How")
	first := speechtest.PCMFor("Hello there.")
	sink.waitFor(t, "the first sentence's audio", func() bool { return len(sink.samples()) >= len(first) })
	r.Write(" are you?")
	r.Close()
	if res := r.Result(); res.Err != nil || !slices.Equal(srv.Texts(), []string{"Hello there.", "How are you?"}) {
		t.Errorf("err %v texts %q", res.Err, srv.Texts())
	}
}

// TestFailedRequestEndsSpeechNotText: the second request fails; speech
// ends with the provider's line, the first sentence was played whole, no
// further request is made, and feeding more text neither blocks nor fails.
func TestFailedRequestEndsSpeechNotText(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	srv.Fail = func(w http.ResponseWriter, n int, _ speechtest.Request) bool {
		if n != 2 {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest) // not retried
		fmt.Fprint(w, `{"error":{"message":"input rejected by the voice model"}}`)
		return true
	}
	sy := openAIBackend(t, srv)
	sink := newSink()
	r := Start(context.Background(), sy, sink, Options{})
	r.Write("One. Two. Three. ")
	<-r.Done()
	r.Write("Four. Five.") // the reply goes on
	r.Close()
	res := r.Result()
	if res.Err == nil || res.Err.Error() != "input rejected by the voice model (400)" {
		t.Fatalf("Err = %v", res.Err)
	}
	if !slices.Equal(sink.samples(), speechtest.PCMFor("One.")) {
		t.Errorf("played %d samples, want the first sentence whole", len(sink.samples()))
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests after the failure, want 2", n)
	}
}

func TestStopDropsQueuedAudio(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sink := newSink()
	sink.gate = make(chan struct{}) // the device never takes anything
	r := Start(context.Background(), openAIBackend(t, srv), sink, Options{})
	feed(r, reply)
	r.Stop()
	res := r.Result()
	if !res.Stopped || res.Err != nil || !sink.cleared {
		t.Errorf("stopped %v err %v cleared %v", res.Stopped, res.Err, sink.cleared)
	}
}

// countingSynth is a fake backend that tracks how many responses are open.
type countingSynth struct {
	mu        sync.Mutex
	open, max int
}

func (c *countingSynth) Synthesize(_ context.Context, text string) (*speech.Audio, error) {
	c.mu.Lock()
	c.open++
	c.max = max(c.max, c.open)
	c.mu.Unlock()
	srvAudio := speechtest.PCMFor(text)
	return speech.FromPCM(srvAudio, audio.SpeechRate, func() {
		c.mu.Lock()
		c.open--
		c.mu.Unlock()
	}), nil
}
func (c *countingSynth) Voices(context.Context) ([]speech.Voice, error) { return nil, nil }
func (c *countingSynth) Describe() string                               { return "counting" }

// TestAtMostOneSentenceAhead: however long the reply, the reader holds
// the response playing and one requested ahead, no more.
func TestAtMostOneSentenceAhead(t *testing.T) {
	sy := &countingSynth{}
	sink := newSink()
	res := Say(context.Background(), sy, sink, strings.Repeat("A sentence here. ", 40), Options{MaxKeep: time.Second})
	if res.Err != nil || len(res.Sentences) != 40 {
		t.Fatalf("err %v, %d sentences", res.Err, len(res.Sentences))
	}
	if sy.max > 2 || sy.open != 0 {
		t.Errorf("max %d responses open at once (want ≤ 2), %d left open", sy.max, sy.open)
	}
	if !res.Truncated || res.PCM != nil {
		t.Errorf("40 sentences exceed MaxKeep 1s: truncated %v, %d samples kept", res.Truncated, len(res.PCM))
	}
}

func TestSayToFile(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sy := openAIBackend(t, srv)
	dir := t.TempDir()
	path := filepath.Join(dir, "out.wav")
	if _, err := SayToFile(context.Background(), sy, "Hi there. Bye now.", path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	pcm, rate, _, err := audio.DecodeWAV(data)
	if err != nil || rate != audio.SpeechRate || !slices.Equal(pcm, concatPCM([]string{"Hi there.", "Bye now."})) {
		t.Errorf("file: %d samples at %d Hz (%v)", len(pcm), rate, err)
	}
	if _, err := SayToFile(context.Background(), sy, "x", filepath.Join(dir, "out.mp3")); err == nil || !strings.Contains(err.Error(), "cannot write MP3") {
		t.Errorf("mp3: %v", err)
	}
	if _, err := SayToFile(context.Background(), sy, "x", filepath.Join(dir, "out.ogg")); err == nil || !strings.Contains(err.Error(), "name a .wav file") {
		t.Errorf("ogg: %v", err)
	}
	srv.Fail = func(w http.ResponseWriter, _ int, _ speechtest.Request) bool {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"message":"bad input"}}`)
		return true
	}
	failed := filepath.Join(dir, "failed.wav")
	if _, err := SayToFile(context.Background(), sy, "Hi.", failed); err == nil {
		t.Error("a failed request wrote no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed run left files: %v", entries)
	}
}

type memBlobs map[string][]byte

func (m memBlobs) PutBlob(b []byte) (string, error) {
	sha := fmt.Sprintf("blob%d", len(m))
	m[sha] = b
	return sha, nil
}

func TestStoreKeepsTheReading(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	res := Say(context.Background(), openAIBackend(t, srv), newSink(), "One. Two.", Options{})
	blobs := memBlobs{}
	sp, ok, err := Store(blobs, res)
	if err != nil || !ok || sp.MIME != "audio/wav" || sp.Duration != res.Duration() || len(sp.Waveform) != waveformBuckets {
		t.Fatalf("Store = %+v %v %v", sp, ok, err)
	}
	pcm, _, _, err := audio.DecodeWAV(blobs[sp.SHA])
	if err != nil || !slices.Equal(pcm, concatPCM([]string{"One.", "Two."})) {
		t.Errorf("stored blob: %d samples, %v", len(pcm), err)
	}
	if _, ok, _ := Store(blobs, Result{Truncated: true, Rate: audio.SpeechRate}); ok {
		t.Error("a truncated reading was stored")
	}
}

func TestListVoicesSaysWhatToSet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	c, _, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Env = func(string) (string, bool) { return "", false }
	if _, _, err := ListVoices(context.Background(), c); err == nil || !strings.Contains(err.Error(), "OPENAI_API_KEY") {
		t.Errorf("no key: %v", err)
	}
	c.Env = func(k string) (string, bool) { return "sk-x", k == "OPENAI_API_KEY" }
	desc, v, err := ListVoices(context.Background(), c)
	if err != nil || desc != "OpenAI gpt-4o-mini-tts, voice alloy" || len(v) != 13 {
		t.Errorf("ListVoices = %q, %d voices, %v", desc, len(v), err)
	}
}

// rateSynth is a backend that answers at another rate than the sink's.
type rateSynth struct{ rate int }

func (r rateSynth) Synthesize(_ context.Context, text string) (*speech.Audio, error) {
	return speech.FromPCM(make([]int16, r.rate/2), r.rate, nil), nil // 0.5 s
}
func (rateSynth) Voices(context.Context) ([]speech.Voice, error) { return nil, nil }
func (rateSynth) Describe() string                               { return "rate" }

func TestOtherRatesAreResampled(t *testing.T) {
	sink := newSink()
	res := Say(context.Background(), rateSynth{22050}, sink, "One. Two.", Options{})
	if got, want := len(sink.samples()), audio.SpeechRate; res.Err != nil || got < want-4 || got > want+4 {
		t.Errorf("1 s of 22.05 kHz speech gave %d samples at 24 kHz (err %v)", got, res.Err)
	}
}

// lostSink is a device that goes away after the first write.
type lostSink struct{ fakeSink }

func (s *lostSink) Write(ctx context.Context, pcm []int16) error {
	if len(s.samples()) > 0 {
		return audio.ErrOutputLost
	}
	return s.fakeSink.Write(ctx, pcm)
}

func TestLostDeviceEndsSpeech(t *testing.T) {
	sink := &lostSink{fakeSink{wrote: make(chan struct{}, 1)}}
	res := Say(context.Background(), rateSynth{audio.SpeechRate}, sink, strings.Repeat("Words here. ", 5), Options{})
	if !errors.Is(res.Err, audio.ErrOutputLost) || res.Stopped {
		t.Errorf("err %v stopped %v", res.Err, res.Stopped)
	}
}
