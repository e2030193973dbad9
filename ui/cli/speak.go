package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"parley/media/audio"
	"parley/media/sanitize"
	speechapi "parley/providers/speech"
	"parley/session/app"
	"parley/session/config"
	"parley/session/speak"
	"parley/ui/printmode"
)

// speech is one reading aloud of print mode (--speak, --speak-to) or
// parley say: the reader fed with text, and how to finish its sink.
type speech struct {
	reader *speak.Reader
	// finish ends the sink once the reading is over: it drains and closes
	// the sound device, or keeps the file (only when keep, else removes it).
	finish func(keep bool) error
}

// startSpeech opens the [speech] backend and the sink (the file to, else
// the output device audio.output_device names) and starts a reading. The
// errors are the lines to show: what to set for a backend without a key,
// a refused file name (MP3), no speaker.
func startSpeech(ctx context.Context, cfg *config.Config, to string) (*speech, error) {
	synth, err := speak.Backend(cfg)
	if err != nil {
		return nil, err
	}
	var sink speak.Sink
	var finish func(bool) error
	if to != "" {
		f, err := speak.CreateFile(to)
		if err != nil {
			return nil, fmt.Errorf("--speak-to %w", err)
		}
		sink, finish = f, f.Close
	} else {
		backends, err := app.AudioBackends(os.Getenv(app.AudioBackendEnv))
		if err != nil {
			return nil, err
		}
		s, err := audio.OpenStream(audio.Options{Backends: backends, DeviceName: cfg.Audio.OutputDevice}, audio.SpeechRate)
		if err != nil {
			return nil, err
		}
		sink, finish = s, func(bool) error { s.Close(); return nil }
	}
	return &speech{reader: speak.Start(ctx, synth, sink, speak.Options{MaxKeep: -1}), finish: finish}, nil
}

// end waits for the reading (stopping it first with stop, as when the
// reply failed), finishes the sink and returns why speech failed, if it
// did; a file is kept only when every sentence was written to it.
func (s *speech) end(stop bool) error {
	if stop {
		s.reader.Stop()
	}
	s.reader.Close()
	res := s.reader.Result()
	ok := res.Err == nil && !res.Stopped && len(res.Sentences) > 0
	err := s.finish(ok)
	switch {
	case res.Err != nil:
		return fmt.Errorf("speech stopped: %w", res.Err)
	case err != nil:
		return err
	case !stop && len(res.Sentences) == 0:
		return errors.New("speech: the reply had nothing to read aloud")
	}
	return nil
}

// say is `parley say TEXT`: the text read aloud (or written to
// --speak-to FILE), without a model. Piped stdin is appended.
func (c *commands) say(ctx context.Context, words []string) int {
	cfg, warns, err := config.Open(c.o.configPath, config.Env(os.LookupEnv))
	if err != nil {
		return fail(c.stderr, err)
	}
	for _, w := range warns {
		fmt.Fprintf(c.stderr, "parley: warning: %s\n", w)
	}
	text, err := readSayText(ctx, words, c.deps.Stdin)
	if err != nil {
		return fail(c.stderr, err)
	}
	sp, err := startSpeech(ctx, cfg, c.o.speakTo)
	if err != nil {
		return fail(c.stderr, err)
	}
	sp.reader.Write(text)
	if err := sp.end(false); err != nil {
		return fail(c.stderr, err)
	}
	if c.o.speakTo != "" {
		fmt.Fprintln(c.deps.Stdout, sanitize.String(c.o.speakTo))
	}
	return 0
}

// readSayText is say's text: the words, then piped stdin.
func readSayText(ctx context.Context, words []string, stdin *os.File) (string, error) {
	text, err := printmode.ReadPrompt(ctx, words, stdin, false)
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(text) == "" {
		return "", errors.New(`say needs TEXT: parley say "hello there" (or pipe it on stdin)`)
	}
	return text, nil
}

// voices is `parley voices`: the [speech] backend and the voices it offers.
func (c *commands) voices(ctx context.Context) int {
	cfg, _, err := config.Open(c.o.configPath, config.Env(os.LookupEnv))
	if err != nil {
		return fail(c.stderr, err)
	}
	desc, list, err := speak.ListVoices(ctx, cfg)
	if err != nil {
		return fail(c.stderr, err)
	}
	writeVoices(c.deps.Stdout, desc, list)
	return 0
}

// writeVoices prints the backend, then one voice a line with its
// description; every name comes from a server and is sanitized.
func writeVoices(w io.Writer, desc string, list []speechapi.Voice) {
	fmt.Fprintln(w, sanitize.String(desc))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, v := range list {
		fmt.Fprintf(tw, "  %s\t%s\n", listLine(v.Name, 40), listLine(v.Description, 80))
	}
	tw.Flush()
}
