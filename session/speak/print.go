package speak

import (
	"context"

	"parley/providers/speech"
	"parley/session/config"
)

// Backend builds the speech backend [speech] configures. Without one that
// has a key, the error is the line saying what to set.
func Backend(c *config.Config) (speech.Synthesizer, error) {
	s, o, err := c.SpeechBackend()
	if err != nil {
		return nil, err
	}
	return speech.New(s, o)
}

// Say reads text (markdown, whole) aloud through sink and waits until it
// has played: `parley say TEXT`, and replaying a message that has no stored
// audio yet. Canceling ctx stops it.
func Say(ctx context.Context, synth speech.Synthesizer, sink Sink, text string, opts Options) Result {
	r := Start(ctx, synth, sink, opts)
	r.Write(text)
	r.Close()
	return r.Result()
}

// SayToFile writes the speech of text into a WAV file at path (`parley say
// --speak-to FILE`); no sound device is needed. The file is left only when
// every sentence was written.
func SayToFile(ctx context.Context, synth speech.Synthesizer, text, path string) (Result, error) {
	f, err := CreateFile(path)
	if err != nil {
		return Result{}, err
	}
	res := Say(ctx, synth, f, text, Options{MaxKeep: -1})
	ok := res.Err == nil && !res.Stopped && len(res.Sentences) > 0
	if err := f.Close(ok); err != nil {
		return res, err
	}
	return res, res.Err
}
