package app

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"parley/providers"
	"parley/session"
	"parley/session/catalog"
	"parley/session/config"
)

// MaxLogSize is the size past which parley.log is moved to parley.log.1
// at start, so the log cannot grow without bound.
const MaxLogSize = 5 << 20

// Options are the command line's choices the wiring depends on.
type Options struct {
	ConfigPath string // --config ("" = $PARLEY_CONFIG, else the XDG default)
	DataDir    string // --data-dir ("" = $PARLEY_DATA_DIR, else the XDG default)
	BaseURL    string // --base-url, for the chosen provider
	Model      string // -m: PROVIDER/MODEL or MODEL
	Provider   string // --provider
	Continue   bool   // -c: load the latest conversation
	Resume     string // -r: load this conversation
	NoSave     bool   // --no-save: Turns keep nothing
	System     string // --system: the system prompt of a new conversation
	Persona    string // --persona: a [personas.NAME] of the config
	// TUI says the chat will run: it keeps its log even with --no-save,
	// since a TUI has no other place to report what went wrong.
	TUI bool
	// Image chooses the image backend of `parley image` instead of a chat
	// model; Size overrides [images] size.
	Image bool
	Size  string
	// Warnings gets one "parley: warning: …" line per config warning.
	Warnings io.Writer
	// LookupEnv reads the environment (nil: os.LookupEnv).
	LookupEnv func(string) (string, bool)
}

// App is everything wired for one run of the chat, print mode or
// `parley image`. Close releases it.
type App struct {
	Config       *config.Config
	Registry     *providers.Registry
	Log          *os.File              // nil when nothing is kept
	Store        *session.Store        // nil when nothing is read or saved
	Conversation *session.Conversation // the one -c or -r named, or nil
	// Outline is that conversation opened lazily, for the TUI (then
	// Conversation is its row and headers, without Messages); nil
	// outside the TUI, which gets Conversation whole.
	Outline *session.Outline
	Model   string // "provider/model" chosen for the chat
	Hint    string // what to set before Model can be used
	// ResumeReason says, in one line, why the conversation being resumed
	// does not continue on the model it last used ("" when it does).
	ResumeReason string
	// System and Persona are what every Turn sends (see chooseSystem).
	System, Persona string
	// Docs read PDFs and videos (-a report.pdf, clip.mp4), shared by every
	// Turn of the run; Close releases them.
	Docs   *session.DocTools
	images config.ImageModel // parley image: the backend chosen
	noSave bool
	// configPath and env read the config again (ResumeModel).
	configPath string
	env        config.Env
}

// Open loads the config, opens the log and the store, and chooses the model
// (the image model with o.Image). Outside the TUI, --no-save (without -c
// or -r, which read the history) keeps nothing: no data directory, no log.
func Open(o Options) (*App, error) {
	env := envOf(o.LookupEnv)
	cfg, warns, err := config.Open(o.ConfigPath, env)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Registry: Registry(), noSave: o.NoSave, configPath: o.ConfigPath, env: env}
	keepNothing := o.NoSave && !o.TUI && !o.Continue && o.Resume == ""
	dataDir := ""
	if keepNothing {
		log.SetOutput(io.Discard)
	} else {
		if dataDir, err = config.DataDir(o.DataDir, env); err != nil {
			return nil, err
		}
		if a.Log, err = OpenLog(filepath.Join(dataDir, "parley.log"), MaxLogSize); err != nil {
			return nil, err
		}
		log.SetOutput(a.Log)
	}
	a.Docs = newDocTools(cfg, dataDir)
	for _, w := range warns {
		log.Printf("config: %s", w)
		if o.Warnings != nil {
			fmt.Fprintf(o.Warnings, "parley: warning: %s\n", w)
		}
	}
	if err := a.resolve(o, dataDir); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// resolve opens the store (not with --no-save, unless -c or -r reads it) and
// chooses the model, or the image model for parley image.
func (a *App) resolve(o Options, dataDir string) (err error) {
	if !o.NoSave || o.Continue || o.Resume != "" {
		if a.Store, a.Conversation, a.Outline, err = OpenStore(dataDir, o.Continue, o.Resume, o.TUI); err != nil {
			return err
		}
	}
	a.Config.BaseURL = o.BaseURL
	if o.Image {
		a.images, err = a.Config.ResolveImageModel(o.Model, o.Provider)
		a.images.Size = cmp.Or(o.Size, a.images.Size)
		return err
	}
	flagModel, err := a.chooseSystem(o)
	if err != nil {
		return err
	}
	var prov, model, hint string
	if c := a.Conversation; c != nil {
		prov, model, a.ResumeReason, hint, err = a.Config.ResumeModel(c.Provider, c.Model, flagModel, o.Provider, ProbeOllama)
	} else {
		prov, model, hint, err = a.Config.ResolveModel(flagModel, o.Provider, ProbeOllama)
	}
	a.Model, a.Hint = prov+"/"+model, hint
	return err
}

// chooseSystem sets the system prompt and persona: --system and --persona
// (see config.ChooseSystem) win; without them a resumed conversation keeps
// its own, and a new one gets system_prompt. It returns the model to
// resolve: -m, else the persona's model.
func (a *App) chooseSystem(o Options) (model string, err error) {
	choice, err := a.Config.ChooseSystem(o.System, o.Persona)
	if err != nil {
		return "", err
	}
	a.System, a.Persona = choice.System, choice.Persona
	if c := a.Conversation; c != nil && o.System == "" && o.Persona == "" {
		a.System, a.Persona = c.System, c.Persona
	}
	return cmp.Or(o.Model, choice.Model), nil
}

// Turns is the chat's TurnFactory: "provider/model" to a ready Turn, or an
// error saying what to set. The Turn knows the model's capabilities (with
// config overrides), the transcription service (nil without a key: voice
// notes then go only to models that take audio) and the [images] backend.
func (a *App) Turns(name string) (*session.Turn, error) {
	prov, model, ok := strings.Cut(name, "/")
	if !ok || prov == "" || model == "" {
		return nil, fmt.Errorf("model %q: want PROVIDER/MODEL", name)
	}
	s, err := a.Config.Settings(prov)
	if err != nil {
		return nil, err
	}
	p, err := a.Registry.New(s)
	if err != nil {
		return nil, err
	}
	caps := a.Caps(name)
	t := &session.Turn{Store: a.Store, Provider: p, Model: model, Caps: &caps,
		System: a.System, Persona: a.Persona, Docs: a.Docs}
	if a.noSave {
		t.Store = nil
	}
	if t.Transcriber, t.Images, err = Services(a.Config); err != nil {
		log.Printf("[images]: %v", err) // the chat works without it
	}
	return t, nil
}

// Caps is a model's capabilities: the built-in table with the config's
// [models] overrides.
func (a *App) Caps(model string) providers.Caps { return catalog.CapsOf(a.Config, model) }

// Models lists every provider and its models, for the chat's model picker.
func (a *App) Models(ctx context.Context) ([]catalog.Provider, error) {
	return catalog.List(ctx, a.Config, a.Registry, catalog.Options{})
}

// ImageBackend is the backend `parley image` draws with (Open with
// o.Image chose it).
func (a *App) ImageBackend() (*session.ImageBackend, error) {
	return ImageBackend(a.Config, a.images)
}

// Images is what the chat's /image wants: the [images] backend, built when
// asked (nil when [images] names none); the error says why a configured
// backend cannot be used, e.g. its missing key.
func (a *App) Images() (*session.ImageBackend, error) {
	m, ok := a.Config.ConfiguredImages()
	if !ok {
		return nil, nil
	}
	return ImageBackend(a.Config, m)
}

// newDocTools makes the document tools with the [files] limits; PDFium's
// compiled code is cached in the data directory ("" with --no-save: the
// run keeps nothing, and pays the compile when a PDF comes).
func newDocTools(cfg *config.Config, dataDir string) *session.DocTools {
	cache := ""
	if dataDir != "" {
		cache = session.PDFCacheDir(dataDir)
	}
	d := session.NewDocTools(cache)
	d.MaxTextBytes, d.MaxPages, d.Frames = cfg.MaxTextBytes(), cfg.Files.MaxPages, cfg.Files.VideoFrames
	return d
}

// Close releases the store, the document tools and the log.
func (a *App) Close() {
	a.Docs.Close()
	if a.Store != nil {
		a.Store.Close()
	}
	if a.Log != nil {
		log.SetOutput(os.Stderr)
		a.Log.Close()
	}
}

// ModelsRequest is what `parley models` was given on the command line.
type ModelsRequest struct {
	ConfigPath string // --config
	BaseURL    string // --base-url: applies to the provider a chat would use
	Model      string // -m, to choose that provider
	Provider   string // --provider: list only this one
	Warnings   io.Writer
	LookupEnv  func(string) (string, bool) // nil: os.LookupEnv
}

// ListProviders is what `parley models` shows: every provider (or only
// the one named), whether it is usable, and its models, each provider
// asked concurrently.
func ListProviders(ctx context.Context, r ModelsRequest) ([]catalog.Provider, error) {
	cfg, warns, err := config.Open(r.ConfigPath, envOf(r.LookupEnv))
	if err != nil {
		return nil, err
	}
	for _, w := range warns {
		if r.Warnings != nil {
			fmt.Fprintf(r.Warnings, "parley: warning: %s\n", w)
		}
	}
	if r.BaseURL != "" {
		cfg.BaseURL = r.BaseURL
		if _, _, _, err := cfg.ResolveModel(r.Model, r.Provider, nil); err != nil {
			return nil, err
		}
	}
	return catalog.List(ctx, cfg, Registry(), catalog.Options{Only: r.Provider})
}

// DescribeCaps is `parley models --caps PROVIDER/MODEL`: the built-in
// capability entry the model matches, with its source and the day it was
// checked, and the config's [models."PROVIDER/MODEL"] override, if any. An
// unknown provider is an error saying how to add it.
func DescribeCaps(r ModelsRequest, name string) (string, error) {
	prov, model, ok := strings.Cut(name, "/")
	if !ok || prov == "" || model == "" {
		return "", fmt.Errorf("--caps %q: want PROVIDER/MODEL", name)
	}
	cfg, _, err := config.Open(r.ConfigPath, envOf(r.LookupEnv))
	if err != nil {
		return "", err
	}
	cfg.BaseURL = r.BaseURL
	info, err := cfg.Describe(prov)
	if err != nil {
		return "", err
	}
	var o *providers.CapsOverride
	if mo, ok := cfg.ModelOverride(prov, model); ok {
		o = &mo.CapsOverride
	}
	return providers.DescribeCaps(prov, info.Type, info.BaseURL, model, o), nil
}

// envOf is the config's view of the environment: lookup, or the process's.
func envOf(lookup func(string) (string, bool)) config.Env {
	if lookup == nil {
		return config.Env(os.LookupEnv)
	}
	return config.Env(lookup)
}

// ResumeModel is the model to continue conversation c on when it is
// opened from the history: the one it last used when still configured,
// else the default and, in reason, which model is used instead and why
// (config.ResumeModel). An error is given as the reason with model "":
// the current model stays. It reads the config afresh and may probe a
// local Ollama, so call it from a Cmd; the chat's own config (and the
// provider --base-url applies to) is not touched.
func (a *App) ResumeModel(c *session.Conversation) (model, reason string) {
	cfg, _, err := config.Open(a.configPath, a.env)
	if err == nil {
		var prov, m string
		prov, m, reason, _, err = cfg.ResumeModel(c.Provider, c.Model, "", "", ProbeOllama)
		if err == nil {
			return prov + "/" + m, reason
		}
	}
	return "", "cannot restore this conversation's model: " + err.Error()
}
