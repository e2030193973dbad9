package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/term"

	"parley/media/audio"
	"parley/media/files"
	"parley/media/sanitize"
	speechapi "parley/providers/speech"
	"parley/session"
	"parley/session/app"
	"parley/session/catalog"
	"parley/session/config"
	"parley/session/speak"
	"parley/ui"
	"parley/ui/graphics"
	"parley/ui/printmode"
	uispeech "parley/ui/speech"
)

// appOptions is what the composition root needs of the command line.
func (c *commands) appOptions(tui bool) app.Options {
	return app.Options{ConfigPath: c.o.configPath, DataDir: c.o.dataDir, BaseURL: c.o.baseURL,
		Model: c.o.model, Provider: c.o.provider, Continue: c.o.cont, Resume: c.o.resume,
		NoSave: c.o.noSave, TUI: tui, Size: c.o.size, Warnings: c.stderr,
		System: c.o.system, Persona: c.o.persona}
}

// open runs the composition root, then reads the prompt: the words and
// piped stdin (unless -a - reads stdin's bytes).
func (c *commands) open(ctx context.Context, o app.Options, words []string) (*app.App, string, error) {
	a, err := c.deps.Open(o)
	if err != nil {
		return nil, "", err
	}
	prompt, err := printmode.ReadPrompt(ctx, words, c.deps.Stdin, slices.ContainsFunc(c.o.attach, files.IsStdin))
	if err != nil {
		a.Close()
		return nil, "", err
	}
	return a, prompt, nil
}

// chat is the root command: the TUI when stdout is a terminal (and none of
// -p, --record, --speak, --speak-to asks for print mode), else print mode.
func (c *commands) chat(ctx context.Context, words []string) int {
	tui := !c.o.print && !c.o.record.set && !c.o.speak && c.o.speakTo == "" && term.IsTerminal(int(c.deps.Stdout.Fd()))
	a, prompt, err := c.open(ctx, c.appOptions(tui), words)
	if err != nil {
		return fail(c.stderr, err)
	}
	defer a.Close()
	if !tui {
		return c.printMode(ctx, a, prompt)
	}
	return c.tui(ctx, a, prompt)
}

// printMode runs one turn to stdout, with the -a files and the --record
// voice note.
func (c *commands) printMode(ctx context.Context, a *app.App, prompt string) int {
	if a.ResumeReason != "" {
		fmt.Fprintf(c.stderr, "parley: %s\n", a.ResumeReason)
	}
	if a.Hint != "" {
		return fail(c.stderr, errors.New(a.Hint))
	}
	t, err := a.Turns(a.Model)
	if err != nil {
		return fail(c.stderr, err)
	}
	files, err := printmode.ReadFiles(ctx, c.o.attach, c.deps.Stdin)
	if err == nil && c.o.record.set {
		var note printmode.File
		note, err = record(ctx, a.Config, c.o.record.d, os.Getenv, c.stderr)
		files = append(files, note)
	}
	if err != nil {
		return fail(c.stderr, err)
	}
	// Print mode shows TurnNotice, so the context may be fitted.
	t.FitContext, t.ImageTiles = true, c.o.imageTiles.value
	opts := printmode.Options{Turn: t, Conversation: a.Conversation, Prompt: prompt, Files: files,
		Pages: c.o.pages, Tail: c.o.tail}
	if !c.o.speak && c.o.speakTo == "" {
		return printmode.Run(ctx, opts, c.deps.Stdout, c.stderr)
	}
	// The speech backend and sink are checked before anything is sent:
	// a missing key or a refused .mp3 must not cost a reply.
	sp, err := startSpeech(ctx, a.Config, c.o.speakTo)
	if err != nil {
		return fail(c.stderr, err)
	}
	opts.OnText = sp.reader.Write
	code := printmode.Run(ctx, opts, c.deps.Stdout, c.stderr)
	if err := sp.end(code != 0); err != nil && code == 0 {
		return fail(c.stderr, err)
	}
	return code
}

// tui runs the chat. Its stderr goes to the log while it runs: libraries
// (audio backends, SDK loggers) must not write over the screen.
func (c *commands) tui(ctx context.Context, a *app.App, prompt string) int {
	hint := a.Hint
	if a.ResumeReason != "" {
		log.Printf("resume: %s", a.ResumeReason) // the terminal is about to be the TUI's
	}
	if hint == "" {
		// Read the key now, while the terminal is still ours: an
		// api_key_cmd may ask for a passphrase, and a failure is best shown
		// as the setup hint.
		if _, err := a.Turns(a.Model); err != nil {
			hint = err.Error()
		}
	}
	attach, cleanup, err := attachPaths(ctx, c.o.attach, c.deps.Stdin)
	if err != nil {
		return fail(c.stderr, err)
	}
	defer cleanup()
	backends, err := app.AudioBackends(os.Getenv(app.AudioBackendEnv))
	if err != nil {
		return fail(c.stderr, err)
	}
	cfg := a.Config
	protocol, _ := graphics.ParseProtocol(cmp.Or(c.o.imageProtocol.value, cfg.ImageProtocol, "auto"))
	restore, err := redirectStderr(a.Log)
	if err != nil {
		log.Printf("stderr stays on the terminal: %v", err)
	}
	theme := cmp.Or(c.o.theme.value, cfg.Theme)
	if theme == "auto" {
		theme = ""
	}
	err = ui.Run(ctx, ui.Options{
		Store: a.Store, Turns: chatTurns(a.Turns), Model: a.Model, SetupHint: hint,
		Conversation: a.Conversation, Outline: a.Outline, Prompt: prompt, Theme: theme, Version: c.deps.Version,
		ThemeDir: themeDir(cfg.Path), ColorFGBG: os.Getenv("COLORFGBG"),
		Models: a.Models, Caps: a.Caps,
		Attachments: attach, Docs: a.Docs, ImageProtocol: protocol, ImageMaxRows: cfg.ImageMaxRows,
		Images: a.Images, ConfigPath: cfg.Path, MaxTextBytes: maxTextBytes(a.Docs),
		System: a.System, Persona: a.Persona, Personas: cfg, Price: cfg.Price,
		ResumeModel: a.ResumeModel, ResumeNotice: a.ResumeReason,
		Audio: ui.AudioOptions{Backends: backends, InputDevice: cfg.Audio.InputDevice,
			OutputDevice: cfg.Audio.OutputDevice, MaxDuration: cfg.MaxRecord()},
		// The backend is built when something is read: its error is the
		// line saying what to set.
		Speech: uispeech.Backend{Synth: func() (speechapi.Synthesizer, error) { return speak.Backend(cfg) },
			VAD: cfg.VAD(audio.SampleRate), BargeIn: cfg.BargeIn()},
		AutoSpeak: cfg.AutoSpeak(),
	})
	if restore != nil {
		restore()
	}
	if err != nil {
		log.Printf("ui: %v", err)
		return fail(c.stderr, err)
	}
	return 0
}

// image is `parley image`: the picture is kept in the history unless
// --no-save, and written to -o.
func (c *commands) image(ctx context.Context, words []string) int {
	o := c.appOptions(false)
	o.Image = true
	a, prompt, err := c.open(ctx, o, words)
	if err != nil {
		return fail(c.stderr, err)
	}
	defer a.Close()
	b, err := a.ImageBackend()
	if err != nil {
		return fail(c.stderr, err)
	}
	inputs, err := printmode.ReadFiles(ctx, c.o.attach, c.deps.Stdin)
	if err != nil {
		return fail(c.stderr, err)
	}
	return image(ctx, imageOptions{Store: a.Store, Backend: *b, Prompt: prompt,
		Inputs: inputs, Output: c.o.output}, c.deps.Stdout, c.stderr)
}

// models is `parley models`: exit 0 when at least one provider is usable.
// With --caps it prints one model's capability entry instead.
func (c *commands) models(ctx context.Context) int {
	req := app.ModelsRequest{ConfigPath: c.o.configPath,
		BaseURL: c.o.baseURL, Model: c.o.model, Provider: c.o.provider, Warnings: c.stderr}
	if c.o.caps != "" {
		text, err := app.DescribeCaps(req, c.o.caps)
		if err != nil {
			return fail(c.stderr, err)
		}
		fmt.Fprint(c.deps.Stdout, sanitize.String(text))
		return 0
	}
	list, err := app.ListProviders(ctx, req)
	if err == nil {
		err = catalog.Write(c.deps.Stdout, list)
	}
	switch {
	case err != nil:
		return fail(c.stderr, err)
	case !catalog.AnyUsable(list):
		return 1
	}
	return 0
}

// tool runs `parley devices` or `parley doctor`, which need no config:
// the audio backend comes from PARLEY_AUDIO_BACKEND.
func (c *commands) tool(ctx context.Context, name string) int {
	backends, err := app.AudioBackends(os.Getenv(app.AudioBackendEnv))
	if err == nil {
		if name == "devices" {
			err = devices(c.deps.Stdout, backends)
		} else {
			err = doctor(ctx, os.Getenv, backends)
		}
	}
	if err != nil {
		return fail(c.stderr, err)
	}
	return 0
}

// store runs `parley history` and `parley export`, which need only the
// store (and the config, for prices). Nothing found, or a delete not
// confirmed, is exit 1, its line already written.
func (c *commands) store(name string, args []string) int {
	dir, err := config.DataDir(c.o.dataDir, config.Env(os.LookupEnv))
	if err == nil {
		err = runStoreCommand(dir, storeCommand{Command: name, Args: args,
			Limit: c.o.limit, Format: c.o.format, Output: c.o.output, AllBranches: c.o.allBranches,
			Delete: c.o.delete, Rename: c.o.rename, Yes: c.o.yes, Ask: c.confirmer(), Price: c.prices()},
			c.deps.Stdout, c.stderr)
	}
	switch {
	case errors.Is(err, errNothingFound), errors.Is(err, errNotConfirmed):
		return 1
	case err != nil:
		return fail(c.stderr, err)
	}
	return 0
}

// confirmer asks on the terminal, or is nil when stdin is not one (a
// script must then say --yes).
func (c *commands) confirmer() confirmer {
	if c.deps.Stdin == nil || !term.IsTerminal(int(c.deps.Stdin.Fd())) {
		return nil
	}
	return askOn(c.deps.Stdin, c.stderr)
}

// prices is the config's price table for costs in history and exports; a
// config that cannot be read shows no costs and says why once.
func (c *commands) prices() session.PriceFunc {
	cfg, _, err := config.Open(c.o.configPath, config.Env(os.LookupEnv))
	if err != nil {
		fmt.Fprintf(c.stderr, "parley: warning: costs not shown: %v\n", err)
		return nil
	}
	return cfg.Price
}

// chatTurns are the chat's turns: a text-heavy screenshot whose text would
// shrink below a readable size goes as tiles, since the chip's inspect
// dialog shows both options with their cost and sends one whole on request
// (print mode asks for tiles with --image-tiles auto).
func chatTurns(f ui.TurnFactory) ui.TurnFactory {
	return func(model string) (*session.Turn, error) {
		t, err := f(model)
		if t != nil {
			t.ImageTiles = session.TilesAuto
		}
		return t, err
	}
}

// maxTextBytes is the largest text sent whole (files.max_text_size), for
// the chat's large pastes; 0 leaves the default to the UI.
func maxTextBytes(d *session.DocTools) int64 {
	if d == nil {
		return 0
	}
	return d.MaxTextBytes
}

// themeDir is the directory user theme files are looked up in (its
// themes/ folder): the config file's.
func themeDir(configPath string) string {
	if configPath == "" {
		return ""
	}
	return filepath.Dir(configPath)
}
