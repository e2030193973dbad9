package session

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"parley/providers/providertest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"parley/media/audioconv"
	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/openai"
)

// fakeClaude is an Anthropic Messages server that enforces Claude's image
// rules as the API does: the 5 MB limit on each image's base64 text, and
// 2000×2000 per image once a request carries more than 20 images. It
// records every image it was sent.
type fakeClaude struct {
	*httptest.Server
	mu     sync.Mutex
	images [][]byte // decoded image bytes of the last request
}

func newFakeClaude(t *testing.T) *fakeClaude {
	t.Helper()
	f := &fakeClaude{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Messages []struct {
				Content []struct {
					Type   string `json:"type"`
					Source struct {
						Data string `json:"data"`
					} `json:"source"`
				} `json:"content"`
			} `json:"messages"`
		}
		if err := json.Unmarshal(body, &req); err != nil {
			claudeError(w, fmt.Sprintf("bad JSON: %v", err))
			return
		}
		var imgs [][]byte
		for _, m := range req.Messages {
			for _, c := range m.Content {
				if c.Type != "image" {
					continue
				}
				if n := len(c.Source.Data); n > 5<<20 {
					claudeError(w, fmt.Sprintf("image exceeds 5 MB maximum: %d bytes > 5242880 bytes", n))
					return
				}
				raw, _ := base64.StdEncoding.DecodeString(c.Source.Data)
				imgs = append(imgs, raw)
			}
		}
		if len(imgs) > 20 {
			for _, raw := range imgs {
				if cfg, _, err := image.DecodeConfig(bytes.NewReader(raw)); err != nil || cfg.Width > 2000 || cfg.Height > 2000 {
					claudeError(w, "image dimensions exceed max allowed size for many-image requests: 2000 pixels")
					return
				}
			}
		}
		f.mu.Lock()
		f.images = imgs
		f.mu.Unlock()
		w.Header().Set("Content-Type", "text/event-stream")
		for _, e := range [][2]string{
			{"message_start", `{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":10,"output_tokens":1}}}`},
			{"content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`},
			{"content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"seen"}}`},
			{"content_block_stop", `{"type":"content_block_stop","index":0}`},
			{"message_delta", `{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}`},
			{"message_stop", `{"type":"message_stop"}`},
		} {
			providertest.Event(w, e[0], e[1])
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func claudeError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, `{"type":"error","error":{"type":"invalid_request_error","message":%q}}`, msg)
}

func (f *fakeClaude) sent() [][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.images
}

// prepareAndRun asks for the notices of history plus parts, as the UI does
// before sending, then runs the turn; it fails the test on any error.
func prepareAndRun(t *testing.T, turn *Turn, history []Message, parts []Part) []Notice {
	t.Helper()
	notices, err := turn.PrepareNotices(context.Background(), history, parts)
	if err != nil {
		t.Fatal(err)
	}
	evs := collect(t, turn.Run(context.Background(), 0, history, parts))
	if fin := evs[len(evs)-1]; fin.Err != nil {
		t.Fatalf("turn failed: %v", fin.Err)
	}
	return notices
}

func claudeTurn(t *testing.T, s *Store, url, model string) *Turn {
	t.Helper()
	p, err := anthropic.New(providers.Settings{Name: "anthropic", Type: "anthropic", APIKey: "sk-ant-test", BaseURL: url, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.CapsFor("anthropic", "", model)
	return &Turn{Store: s, Provider: p, Model: model, Caps: &caps}
}

// noisyRGBA is a w×h PNG of random, partly transparent pixels: it barely
// compresses, so its raw size is about w·h·4 bytes, and its alpha keeps it
// a PNG when fitted.
func noisyRGBA(t testing.TB, w, h int) []byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 9))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = uint8(rng.UintN(256))
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 128 + img.Pix[i]/2
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A 1380×866 RGBA screenshot of over 3.75 MB fits Claude's size limits but
// not its 5 MB base64 limit: parley must shrink it until the encoded text
// fits, and say so.
func TestClaudeBase64LimitAcceptsFittedScreenshot(t *testing.T) {
	raw := noisyRGBA(t, 1380, 866)
	if n := len(raw); n <= 3_932_160 || n > 5<<20 {
		t.Fatalf("precondition: raw PNG is %d bytes; want between 3.75 and 5 MB (under 5 MB raw, over it as base64)", n)
	}
	f := newFakeClaude(t)
	s := openTest(t)
	img, err := s.AddImage(raw, "screen.png")
	if err != nil {
		t.Fatal(err)
	}
	turn := claudeTurn(t, s, f.URL, "claude-opus-4-7")
	notices := prepareAndRun(t, turn, nil, []Part{Text{Text: "what is this?"}, img})
	sent := f.sent()
	if len(sent) != 1 || base64.StdEncoding.EncodedLen(len(sent[0])) > 5<<20 {
		t.Fatalf("sent %d images", len(sent))
	}
	if len(notices) != 1 || notices[0].Kind != "scaled" || notices[0].Part != 1 ||
		!strings.HasPrefix(notices[0].Text, "scaled down from 1380×866 to ") {
		t.Errorf("notices %+v", notices)
	}
	if line := notices[0].Line(); !strings.HasPrefix(line, "parley: screen.png: scaled down from 1380×866") {
		t.Errorf("line %q", line)
	}
}

// Claude takes at most 2000×2000 per image once a request carries more
// than 20: a long screenshot conversation must keep working, older images
// refit (and said so), none breaking the request.
func TestClaudeManyImagesEachWithin2000(t *testing.T) {
	f := newFakeClaude(t)
	s := openTest(t)
	turn := claudeTurn(t, s, f.URL, "claude-opus-4-7")
	add := func(i int) Image {
		img, err := s.AddImage(providertest.ScreenshotPNG(t, 2010+i, 120), fmt.Sprintf("shot%02d.png", i))
		if err != nil {
			t.Fatal(err)
		}
		return img
	}
	var history []Message
	for i := range 20 {
		history = append(history,
			Message{Role: RoleUser, Status: StatusDone, Parts: []Part{Text{Text: "look"}, add(i)}},
			Message{Role: RoleAssistant, Status: StatusDone, Parts: []Part{Text{Text: "seen"}}})
	}
	// Twenty images: under the rule, each keeps Opus 4.7's 2576-px edge.
	notices, err := turn.PrepareNotices(context.Background(), history[:len(history)-2], []Part{add(19)})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notices {
		if n.History {
			t.Errorf("20 images already refit history: %+v", n)
		}
	}
	var parts []Part
	for i := 20; i < 25; i++ {
		parts = append(parts, add(i))
	}
	notices = prepareAndRun(t, turn, history, parts)
	sent := f.sent()
	if len(sent) != 25 {
		t.Fatalf("sent %d images", len(sent))
	}
	for i, raw := range sent {
		if w, h, _ := providertest.ImageSize(t, raw); w > 2000 || h > 2000 {
			t.Errorf("image %d sent at %d×%d", i, w, h)
		}
	}
	refit := 0
	for _, n := range notices {
		if n.History {
			refit++
			if !strings.Contains(n.Text, "this request carries 25 images, over 20 each must fit 2000×2000") {
				t.Errorf("history notice %q", n.Text)
			}
		}
	}
	if refit != 20 {
		t.Errorf("%d older images said they were refit, want 20", refit)
	}
}

// Ogg and FLAC voice notes to an OpenAI audio model (input_audio takes wav
// and mp3) arrive as WAV audio, not as a transcript.
func TestOggAndFLACToOpenAIAudioArriveAsWAV(t *testing.T) {
	ws := newWireServer(t, func(w http.ResponseWriter) {
		providertest.Data(w, `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"heard"},"finish_reason":null}]}`)
		providertest.Data(w, `{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`)
		providertest.Data(w, `[DONE]`)
	})
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: ws.URL + "/v1"})
	if err != nil {
		t.Fatal(err)
	}
	s := openTest(t)
	var parts []Part
	for _, name := range []string{"tone.ogg", "tone24.flac"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "audio", name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.AddAudio(data, name)
		if err != nil {
			t.Fatal(err)
		}
		if a.Duration < 400e6 {
			t.Errorf("%s: duration %v not measured", name, a.Duration)
		}
		parts = append(parts, a)
	}
	caps := providers.CapsFor("openai", "", "gpt-4o-audio-preview")
	turn := &Turn{Store: s, Provider: p, Model: "gpt-4o-audio-preview", Caps: &caps,
		Transcriber: &providertest.Transcriber{Text: "must not be used"}}
	notices := prepareAndRun(t, turn, nil, parts)
	_, body := ws.only(t)
	req := providertest.ParseChatRequest(t, body)
	var got []string
	for _, m := range req.Messages {
		for _, c := range m.Content {
			if c.Type != "input_audio" {
				t.Errorf("sent a %s part: %q", c.Type, c.Text)
				continue
			}
			wav, _ := base64.StdEncoding.DecodeString(c.InputAudio.Data)
			pcm, rate, ch, err := audioconv.DecodeWAV(wav)
			if c.InputAudio.Format != "wav" || err != nil || rate != 44100 || ch != 2 || len(pcm) < 40000 {
				t.Errorf("audio part: format %q, %v, %d Hz ×%d", c.InputAudio.Format, err, rate, ch)
			}
			got = append(got, c.InputAudio.Format)
		}
	}
	if len(got) != 2 {
		t.Errorf("sent %d audio parts", len(got))
	}
	var texts []string
	for _, n := range notices {
		texts = append(texts, n.Line())
	}
	want := "parley: tone.ogg: converted Ogg Vorbis to WAV|parley: tone24.flac: converted FLAC to WAV|" +
		"parley: tone24.flac: 24-bit samples reduced to 16-bit"
	if strings.Join(texts, "|") != want {
		t.Errorf("notices:\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.ReplaceAll(want, "|", "\n"))
	}
	// Converted once, then read from the derived table, notices and all.
	if n := count(t, s, `SELECT COUNT(*) FROM derived WHERE spec LIKE 'audio1;%'`); n != 2 {
		t.Errorf("%d cached conversions, want 2", n)
	}
	again, err := turn.PrepareNotices(context.Background(), nil, parts)
	if err != nil || len(again) != len(notices) {
		t.Errorf("cached conversion notices: %v %+v", err, again)
	}
}

// A voice note to a model that cannot hear goes as its transcript, and the
// notice says so; Opus to Gemini (which reads Ogg Vorbis only) is
// converted to the 16 kHz mono Gemini works at.
func TestAudioNoticesTranscriptAndOpus(t *testing.T) {
	s := openTest(t)
	opusData, err := os.ReadFile(filepath.Join("..", "testdata", "audio", "tone.opus"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.AddAudio(opusData, "note.opus")
	if err != nil {
		t.Fatal(err)
	}
	claude := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: &claude, Transcriber: &providertest.Transcriber{Text: "hello"}}
	notices, err := turn.PrepareNotices(context.Background(), nil, []Part{a})
	if err != nil || len(notices) != 1 || notices[0].Line() != "parley: note.opus: claude-sonnet-4-5 cannot take audio: sending the transcript" {
		t.Errorf("claude: %v %+v", err, notices)
	}
	gem := providers.CapsFor("gemini", "", "gemini-2.5-flash")
	turn = &Turn{Store: s, Provider: fp, Model: "gemini-2.5-flash", Caps: &gem}
	evs := collect(t, turn.Run(context.Background(), 0, nil, []Part{a}))
	if fin := evs[len(evs)-1]; fin.Err != nil {
		t.Fatal(fin.Err)
	}
	ap, ok := fp.LastRequest().Messages[0].Parts[0].(providers.AudioPart)
	if !ok || ap.MIME != "audio/wav" {
		t.Fatalf("gemini got %#v", fp.LastRequest().Messages[0].Parts[0])
	}
	if _, rate, ch, err := audioconv.DecodeWAV(ap.Data); err != nil || rate != 16000 || ch != 1 {
		t.Errorf("gemini WAV: %v %d Hz ×%d", err, rate, ch)
	}
}

// Image notices name the lossy changes of the new message's images.
func TestImageNoticesOnPrepare(t *testing.T) {
	s := openTest(t)
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(1, 1, color.NRGBA{A: 0})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	a, err := s.AddImage(buf.Bytes(), "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.Caps{Images: true, ImageFormats: []string{"image/jpeg"}, MaxImageEdge: 32}
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: okScript()}, Model: "m", Caps: &caps}
	for range 2 { // the second run reads the cached fit: same notices
		notices, err := turn.PrepareNotices(context.Background(), nil, []Part{Text{Text: "hi"}, a})
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, n := range notices {
			lines = append(lines, n.Line())
		}
		want := "parley: logo.png: converted PNG to JPEG|parley: logo.png: transparency flattened on white|" +
			"parley: logo.png: scaled down from 64×64 to 32×32"
		if strings.Join(lines, "|") != want {
			t.Errorf("notices %q", lines)
		}
	}
}
