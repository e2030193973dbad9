package gemini

import (
	"context"
	"iter"
	"mime"
	"strconv"
	"strings"

	"google.golang.org/genai"

	"parley/providers"
)

// DefaultSpeechModel speaks when a speech request names no model.
const DefaultSpeechModel = "gemini-2.5-flash-preview-tts"

// DefaultSpeechRate is the rate Gemini TTS models send
// ("audio/L16;codec=pcm;rate=24000") when a part does not say.
const DefaultSpeechRate = 24000

// Speech synthesizes speech with Gemini's TTS models, through the same
// client, retries and error lines as the chat adapter.
type Speech struct {
	p *provider
}

// SpeechChunk is one piece of synthesized audio: signed 16-bit mono PCM
// samples, little-endian, at Rate Hz.
type SpeechChunk struct {
	PCM  []byte
	Rate int
}

// NewSpeech builds a Gemini speech client from s (a key is required).
func NewSpeech(s providers.Settings) (*Speech, error) {
	p, err := newProvider(s, defaultPolicy())
	if err != nil {
		return nil, err
	}
	return &Speech{p: p}, nil
}

// Speak asks model (DefaultSpeechModel when "") to read text in voice (a
// prebuilt voice name; "" = the model's default) and yields the audio as
// it streams in: the reply's inlineData parts. Errors are *providers.Error
// lines without the key; the sequence ends after one.
func (sp *Speech) Speak(ctx context.Context, model, voice, text string) iter.Seq2[SpeechChunk, error] {
	return func(yield func(SpeechChunk, error) bool) {
		if model == "" {
			model = DefaultSpeechModel
		}
		contents := []*genai.Content{genai.NewContentFromText(text, genai.RoleUser)}
		ctx, c := sp.p.newCall(ctx)
		st := &streamState{}
		audio := 0
		for resp, err := range sp.p.client.Models.GenerateContentStream(ctx, model, contents, speechConfig(voice)) {
			if err != nil {
				yield(SpeechChunk{}, sp.p.classifyStream(ctx, c, st, err))
				return
			}
			for _, ch := range audioParts(resp) {
				audio += len(ch.PCM)
				if !yield(ch, nil) {
					return
				}
			}
			if _, refusal := st.observe(resp); refusal != nil {
				yield(SpeechChunk{}, refusal)
				return
			}
		}
		if ctx.Err() != nil {
			yield(SpeechChunk{}, providers.Canceled(ctx.Err()))
		} else if audio == 0 {
			yield(SpeechChunk{}, providers.Errorf(providers.ErrOther, 0, nil,
				"%s replied without audio (is %s a TTS model?)", sp.p.display(), model))
		}
	}
}

// speechConfig asks for audio only, in voice.
func speechConfig(voice string) *genai.GenerateContentConfig {
	cfg := &genai.GenerateContentConfig{ResponseModalities: []string{string(genai.ModalityAudio)}}
	if voice != "" {
		cfg.SpeechConfig = &genai.SpeechConfig{VoiceConfig: &genai.VoiceConfig{
			PrebuiltVoiceConfig: &genai.PrebuiltVoiceConfig{VoiceName: voice},
		}}
	}
	return cfg
}

// audioParts picks the audio out of one streamed response. The parts are
// labelled audio/L16, which by RFC 2586 would be big-endian, but Gemini
// sends little-endian samples (its own examples write them straight into
// a WAV file).
func audioParts(resp *genai.GenerateContentResponse) []SpeechChunk {
	if resp == nil {
		return nil
	}
	var out []SpeechChunk
	for _, cand := range resp.Candidates {
		if cand == nil || cand.Content == nil {
			continue
		}
		for _, part := range cand.Content.Parts {
			if part == nil || part.InlineData == nil || len(part.InlineData.Data) == 0 {
				continue
			}
			if rate, ok := pcmRate(part.InlineData.MIMEType); ok {
				out = append(out, SpeechChunk{PCM: part.InlineData.Data, Rate: rate})
			}
		}
	}
	return out
}

// pcmRate reads the rate of an "audio/L16;codec=pcm;rate=24000" type.
func pcmRate(mimeType string) (int, bool) {
	mt, params, err := mime.ParseMediaType(mimeType)
	if err != nil || !strings.EqualFold(mt, "audio/L16") && !strings.EqualFold(mt, "audio/pcm") {
		return 0, false
	}
	if r, err := strconv.Atoi(params["rate"]); err == nil && r > 0 {
		return r, true
	}
	return DefaultSpeechRate, true
}

// SpeechVoices lists Gemini TTS's prebuilt voices with the style Google
// gives each, as (name, style) pairs: the API has no call to list them.
func SpeechVoices() [][2]string {
	return [][2]string{
		{"Zephyr", "bright"}, {"Puck", "upbeat"}, {"Charon", "informative"}, {"Kore", "firm"},
		{"Fenrir", "excitable"}, {"Leda", "youthful"}, {"Orus", "firm"}, {"Aoede", "breezy"},
		{"Callirrhoe", "easy-going"}, {"Autonoe", "bright"}, {"Enceladus", "breathy"}, {"Iapetus", "clear"},
		{"Umbriel", "easy-going"}, {"Algieba", "smooth"}, {"Despina", "smooth"}, {"Erinome", "clear"},
		{"Algenib", "gravelly"}, {"Rasalgethi", "informative"}, {"Laomedeia", "upbeat"}, {"Achernar", "soft"},
		{"Alnilam", "firm"}, {"Schedar", "even"}, {"Gacrux", "mature"}, {"Pulcherrima", "forward"},
		{"Achird", "friendly"}, {"Zubenelgenubi", "casual"}, {"Vindemiatrix", "gentle"}, {"Sadachbia", "lively"},
		{"Sadaltager", "knowledgeable"}, {"Sulafat", "warm"},
	}
}
