package speech

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	oai "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"parley/providers"
	"parley/providers/openai"
)

// DefaultOpenAIModel and DefaultOpenAIVoice speak when the config names none.
const (
	DefaultOpenAIModel = "gpt-4o-mini-tts"
	DefaultOpenAIVoice = "alloy"
)

// openAIVoices lists the built-in voices of OpenAI's speech model: the
// tts-1 models take nine of gpt-4o-mini-tts's thirteen.
func openAIVoices(model string) []string {
	all := []string{"alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "ballad", "verse", "marin", "cedar"}
	if strings.HasPrefix(model, "tts-1") {
		return all[:9]
	}
	return all
}

// maxErrorBody bounds how much of an error reply is read for its message.
const maxErrorBody = 64 << 10

// openAISpeech speaks through POST /audio/speech.
type openAISpeech struct {
	s       providers.Settings
	o       Options
	base    string
	hosted  bool // api.openai.com: models and voices are known
	svc     oai.AudioSpeechService
	reqOpts []option.RequestOption
}

func newOpenAI(s providers.Settings, o Options) (*openAISpeech, error) {
	s = s.WithDefaults()
	if s.Name == "" {
		s.Name = "openai"
	}
	base, opts, err := openai.ClientOptions(s)
	if err != nil {
		return nil, fmt.Errorf("speech provider %q: %w", s.Name, err)
	}
	sp := &openAISpeech{s: s, base: base, hosted: isOpenAIHost(base), reqOpts: opts}
	if sp.o, err = sp.check(o); err != nil {
		return nil, err
	}
	// Built directly, not through oai.NewClient: see openai.ClientOptions.
	sp.svc = oai.NewAudioSpeechService(opts...)
	return sp, nil
}

// check fills in defaults and refuses what the hosted models cannot do.
func (sp *openAISpeech) check(o Options) (Options, error) {
	o.Model = cmpOr(o.Model, DefaultOpenAIModel)
	o.Voice = cmpOr(o.Voice, DefaultOpenAIVoice)
	o.Format = cmpOr(strings.ToLower(o.Format), "pcm")
	if o.Format != "pcm" && o.Format != "wav" {
		return o, fmt.Errorf("speech.format: %q is not pcm or wav", o.Format)
	}
	if o.Speed != 0 && (o.Speed < 0.25 || o.Speed > 4) {
		return o, fmt.Errorf("speech.speed: %g is not between 0.25 and 4", o.Speed)
	}
	if !sp.hosted {
		return o, nil // a local server: its models and voices are its own
	}
	tts1 := strings.HasPrefix(o.Model, "tts-1")
	if tts1 && o.Instructions != "" {
		return o, fmt.Errorf("speech.instructions: %s does not take instructions (gpt-4o-mini-tts does)", o.Model)
	}
	voices := openAIVoices(o.Model)
	if !slices.Contains(voices, strings.ToLower(o.Voice)) {
		return o, fmt.Errorf("speech.voice: %s has no voice %q (it has %s)", o.Model, o.Voice, strings.Join(voices, ", "))
	}
	return o, nil
}

// Describe names the backend, model and voice.
func (sp *openAISpeech) Describe() string { return describe(sp.s.Name, sp.o.Model, sp.o.Voice) }

// Synthesize posts text and streams the reply body.
func (sp *openAISpeech) Synthesize(ctx context.Context, text string) (*Audio, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	params := oai.AudioSpeechNewParams{
		Input:          text,
		Model:          sp.o.Model,
		Voice:          oai.AudioSpeechNewParamsVoiceUnion{OfString: oai.String(sp.o.Voice)},
		ResponseFormat: oai.AudioSpeechNewParamsResponseFormat(sp.o.Format),
	}
	if sp.o.Instructions != "" {
		params.Instructions = oai.String(sp.o.Instructions)
	}
	if sp.o.Speed != 0 {
		params.Speed = oai.Float(sp.o.Speed)
	}
	ctx, attempts := providers.WithAttempts(ctx)
	resp, err := sp.svc.New(ctx, params)
	if err != nil {
		return nil, sp.requestError(ctx, err, attempts)
	}
	if err := sp.checkReply(resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	body := resp.Body
	fail := func(err error) error { return sp.readError(ctx, err) }
	if sp.o.Format == "wav" {
		return wavAudio(body, fail, sp.display())
	}
	return readerAudio(body, func() { body.Close() }, 24000, 1, fail), nil
}

// checkReply refuses a 2xx reply that is not audio: a JSON error or an HTML
// page from a proxy or a wrong base URL.
func (sp *openAISpeech) checkReply(resp *http.Response) error {
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		msg := providers.OneLine(providers.Redact(openai.ErrorMessage(body), sp.s.APIKey), 200)
		if msg == "" {
			msg = "sent JSON instead of audio"
		}
		return providers.Errorf(providers.ErrOther, resp.StatusCode, nil, "%s: %s", sp.display(), msg)
	case mt == "text/html":
		return providers.Errorf(providers.ErrOther, resp.StatusCode, nil, "%s answered with a web page, not audio (is the base URL right?)", sp.display())
	}
	return nil
}

// requestError turns a call that got no audio into one line.
func (sp *openAISpeech) requestError(ctx context.Context, err error, a *providers.Attempts) *providers.Error {
	if ctx.Err() != nil {
		return providers.Canceled(ctx.Err())
	}
	var ae *oai.Error
	if errors.As(err, &ae) {
		msg := providers.Redact(openai.ErrorMessage([]byte(ae.RawJSON())), sp.s.APIKey)
		return providers.HTTPError(ae.StatusCode, a.Retries(), sp.s.KeySource, sp.s.Name, msg, err)
	}
	return providers.NoResponse(sp.s.Name, sp.base, sp.s.IdleTimeout, err)
}

// readError classifies audio that broke off.
func (sp *openAISpeech) readError(ctx context.Context, err error) error {
	return providers.BodyFailure(ctx, sp.s.Name, "the audio", sp.s.IdleTimeout, err)
}

func (sp *openAISpeech) display() string { return providers.DisplayName(sp.s.Name) }

// Voices lists the hosted model's voices, or asks a compatible server
// (GET /audio/voices, as Kokoro-FastAPI and others answer).
func (sp *openAISpeech) Voices(ctx context.Context) ([]Voice, error) {
	if sp.hosted {
		voices := openAIVoices(sp.o.Model)
		out := make([]Voice, len(voices))
		for i, v := range voices {
			out[i] = Voice{Name: v}
		}
		return out, nil
	}
	return sp.serverVoices(ctx)
}

// isOpenAIHost reports whether base is OpenAI's own API.
func isOpenAIHost(base string) bool {
	u, err := url.Parse(base)
	return err == nil && strings.EqualFold(u.Hostname(), "api.openai.com")
}

func cmpOr(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return strings.TrimSpace(v)
}
