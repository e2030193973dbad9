// Package transcribe turns a voice note into text through any
// OpenAI-compatible transcription endpoint (OpenAI, Groq, a local whisper
// server): a multipart POST /audio/transcriptions with the recording in
// "file" and the model in "model", answered with {"text":"…"}.
package transcribe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"parley/providers"
	"parley/providers/openai"
)

// DefaultBaseURL is used when the settings give no base URL.
const DefaultBaseURL = openai.DefaultBaseURL

// DefaultModel transcribes when New is given no model.
const DefaultModel = "gpt-4o-mini-transcribe"

// DefaultIdleTimeout replaces providers.DefaultIdleTimeout: a server says
// nothing until it has transcribed the whole note, which for a long note on
// a local CPU whisper server can take minutes.
const DefaultIdleTimeout = 3 * time.Minute

const (
	maxErrorBody = 64 << 10 // bytes of an error reply read for its message
	maxReply     = 16 << 20 // a transcript this long is a broken server
)

// Transcriber turns recorded speech into text.
type Transcriber interface {
	// Transcribe sends audio (encoded bytes of type mime: WAV, MP3, OGG or
	// FLAC) and returns its text, trimmed. Failures are *providers.Error
	// lines; cancelling ctx gives one that wraps context.Canceled.
	Transcribe(ctx context.Context, audio []byte, mime string) (string, error)
}

// client transcribes through one configured endpoint. It is safe for
// concurrent use.
type client struct {
	s       providers.Settings // with defaults applied
	model   string
	baseURL string
	svc     oai.AudioTranscriptionService
}

// New builds a transcriber for the OpenAI-compatible endpoint in s using
// model ("" = DefaultModel). A zero s.IdleTimeout becomes DefaultIdleTimeout.
// An empty API key is allowed: local servers need
// none.
func New(s providers.Settings, model string) (Transcriber, error) {
	if s.IdleTimeout == 0 {
		s.IdleTimeout = DefaultIdleTimeout
	}
	s = s.WithDefaults()
	if s.Name == "" {
		s.Name = "openai"
	}
	if model = strings.TrimSpace(model); model == "" {
		model = DefaultModel
	}
	base, opts, err := openai.ClientOptions(s)
	if err != nil {
		return nil, fmt.Errorf("transcription provider %q: %w", s.Name, err)
	}
	// Built directly, not through oai.NewClient: see openai.ClientOptions.
	svc := oai.NewAudioTranscriptionService(opts...)
	return &client{s: s, model: model, baseURL: base, svc: svc}, nil
}

// Extension returns the file extension transcription servers expect for an
// audio MIME type ("wav" for audio/wav), or "" if they take no such audio.
// Servers pick the decoder by the file name, so it must match the bytes.
func Extension(mimeType string) string {
	mt, _, err := mime.ParseMediaType(mimeType)
	if err != nil {
		return ""
	}
	switch mt {
	case "audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave":
		return "wav"
	case "audio/mpeg", "audio/mp3":
		return "mp3"
	case "audio/ogg", "audio/opus", "application/ogg":
		return "ogg"
	case "audio/flac", "audio/x-flac":
		return "flac"
	case "audio/mp4", "audio/m4a", "audio/x-m4a":
		return "m4a"
	case "audio/webm":
		return "webm"
	}
	return ""
}

// Transcribe sends audio and returns its text; see Transcriber.
func (c *client) Transcribe(ctx context.Context, audio []byte, mimeType string) (string, error) {
	if len(audio) == 0 {
		return "", providers.Errorf(providers.ErrBadRequest, 0, nil, "nothing to transcribe: the recording is empty")
	}
	ext := Extension(mimeType)
	if ext == "" {
		return "", providers.Errorf(providers.ErrBadRequest, 0, nil, "cannot transcribe %q audio (use WAV, MP3, OGG or FLAC)", mimeType)
	}
	mt, _, _ := mime.ParseMediaType(mimeType)
	params := oai.AudioTranscriptionNewParams{
		File:  oai.File(bytes.NewReader(audio), "voice-note."+ext, mt),
		Model: oai.AudioModel(c.model),
	}
	ctx, attempts := providers.WithAttempts(ctx)
	var raw *http.Response
	// The raw response is taken rather than the SDK's decoded one: local
	// servers sometimes answer in text/plain, which the SDK rejects, and a
	// non-OpenAI error body would lose its status inside the SDK.
	if _, err := c.svc.New(ctx, params, option.WithResponseBodyInto(&raw)); err != nil {
		return "", c.requestError(ctx, raw, err, attempts, len(audio))
	}
	defer raw.Body.Close()
	body, err := io.ReadAll(io.LimitReader(raw.Body, maxReply))
	if err != nil {
		return "", c.readError(ctx, err)
	}
	text, err := c.parse(raw.Header.Get("Content-Type"), body)
	if err != nil {
		return "", err
	}
	if text == "" {
		return "", providers.Errorf(providers.ErrOther, 0, nil, "%s heard no speech in the recording", c.display())
	}
	return text, nil
}

// parse reads the transcript from a 2xx reply: {"text":"…"} or, from
// servers set up to answer that way, plain text.
func (c *client) parse(contentType string, body []byte) (string, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		if mt == "text/html" {
			return "", providers.Errorf(providers.ErrOther, 0, nil, "%s answered with a web page, not a transcript (is the base URL right?)", c.display())
		}
		return strings.TrimSpace(string(body)), nil
	}
	var res oai.AudioTranscriptionNewResponseUnion
	if err := json.Unmarshal(body, &res); err != nil {
		return "", providers.Errorf(providers.ErrOther, 0, err, "%s sent an unreadable transcript", c.display())
	}
	if !res.JSON.Text.Valid() {
		if msg := openai.ErrorMessage(body); msg != "" {
			return "", providers.Errorf(providers.ErrOther, 0, nil, "%s: %s", c.display(), providers.OneLine(providers.Redact(msg, c.s.APIKey), 200))
		}
		return "", providers.Errorf(providers.ErrOther, 0, nil, "%s sent no transcript text", c.display())
	}
	return strings.TrimSpace(res.Text), nil
}

// requestError turns a call that got no usable response into one line.
func (c *client) requestError(ctx context.Context, raw *http.Response, err error, a *providers.Attempts, size int) *providers.Error {
	if ctx.Err() != nil {
		return providers.Canceled(ctx.Err())
	}
	if raw != nil && raw.StatusCode >= 400 {
		body, _ := io.ReadAll(io.LimitReader(raw.Body, maxErrorBody))
		raw.Body.Close()
		msg := providers.Redact(openai.ErrorMessage(body), c.s.APIKey)
		if raw.StatusCode == http.StatusRequestEntityTooLarge {
			line := fmt.Sprintf("the recording (%s) is too large for %s (413)", humanSize(size), c.display())
			if msg = providers.OneLine(msg, 120); msg != "" {
				line += ": " + msg
			}
			return providers.Errorf(providers.ErrBadRequest, raw.StatusCode, err, "%s", line)
		}
		return providers.HTTPError(raw.StatusCode, a.Retries(), c.s.KeySource, c.s.Name, msg, err)
	}
	return providers.NoResponse(c.s.Name, c.baseURL, c.s.IdleTimeout, err)
}

// readError classifies a reply body that broke off.
func (c *client) readError(ctx context.Context, err error) *providers.Error {
	return providers.BodyFailure(ctx, c.s.Name, "the transcript", c.s.IdleTimeout, err)
}

// humanSize formats a byte count as "840 KB" or "2.3 MB".
func humanSize(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

func (c *client) display() string { return providers.DisplayName(c.s.Name) }
