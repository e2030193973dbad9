// Command parley is a terminal chat app for multimodal models. main only
// wires: flags, config, the store, the provider registry, then the TUI or
// print mode.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
	"golang.org/x/term"

	"parley/providers"
	"parley/providers/anthropic"
	"parley/providers/gemini"
	"parley/providers/ollama"
	"parley/providers/openai"
	"parley/session"
	"parley/session/catalog"
	"parley/session/config"
	"parley/ui"
	"parley/ui/pipe"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// options are the parsed command line.
type options struct {
	print, cont, noSave, version bool
	models                       bool // the "parley models" subcommand
	model, provider, baseURL     string
	resume, configPath, dataDir  string
	theme                        string
	prompt                       []string
}

const usage = `parley: chat with multimodal models in the terminal.

Usage:
  parley [flags] [PROMPT...]      open the chat (PROMPT, if given, is sent first)
  parley -p [flags] [PROMPT...]   print mode: one reply to stdout, then exit
  ... | parley -p [PROMPT...]     piped stdin is appended to the prompt
  parley models [--provider NAME] list providers, whether each is usable, and
                                  their models with capabilities

Print mode is also used when stdout is not a terminal.

Flags:
  -p, --print            print mode
  -m, --model NAME       PROVIDER/MODEL, or MODEL for the default provider
      --provider NAME    provider to use (openai, anthropic, gemini, ollama or one
                         from the config file)
      --base-url URL     endpoint of the chosen provider (OpenAI-style URLs end in /v1)
  -c, --continue         continue the most recent conversation
  -r, --resume ID        continue conversation ID
      --no-save          keep nothing of this run (print mode)
      --config FILE      config file (default $XDG_CONFIG_HOME/parley/config.toml;
                         also $PARLEY_CONFIG)
      --data-dir DIR     data directory (default $XDG_DATA_HOME/parley;
                         also $PARLEY_DATA_DIR)
      --theme NAME       dark, light or auto
      --version          print the version
  -h, --help             show this help

Keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY (or
GOOGLE_API_KEY), or a provider's api_key_env / api_key_cmd in the config file.
Ollama is found at OLLAMA_HOST (default http://127.0.0.1:11434).
`

// parseFlags parses args; flags may come before, between or after the
// prompt words, and "--" ends the flags.
func parseFlags(args []string, out io.Writer) (*options, error) {
	o := &options{}
	if len(args) > 0 && args[0] == "models" {
		o.models, args = true, args[1:]
	}
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	fs.Usage = func() {}
	for _, name := range []string{"p", "print"} {
		fs.BoolVar(&o.print, name, false, "")
	}
	for _, name := range []string{"c", "continue"} {
		fs.BoolVar(&o.cont, name, false, "")
	}
	for _, name := range []string{"m", "model"} {
		fs.StringVar(&o.model, name, "", "")
	}
	for _, name := range []string{"r", "resume"} {
		fs.StringVar(&o.resume, name, "", "")
	}
	help := false
	for _, name := range []string{"h", "help"} {
		fs.BoolVar(&help, name, false, "")
	}
	fs.StringVar(&o.provider, "provider", "", "")
	fs.StringVar(&o.baseURL, "base-url", "", "")
	fs.StringVar(&o.configPath, "config", "", "")
	fs.StringVar(&o.dataDir, "data-dir", "", "")
	fs.StringVar(&o.theme, "theme", "", "")
	fs.BoolVar(&o.noSave, "no-save", false, "")
	fs.BoolVar(&o.version, "version", false, "")
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help = true
				break
			}
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			o.prompt = append(o.prompt, rest...)
			break
		}
		o.prompt, args = append(o.prompt, rest[0]), rest[1:]
	}
	if help {
		fmt.Fprint(out, usage)
		return nil, flag.ErrHelp
	}
	return o, o.check()
}

// check rejects flag combinations that cannot be meant.
func (o *options) check() error {
	switch {
	case o.models && len(o.prompt) > 0:
		return fmt.Errorf("models takes no arguments, got %q (to send the prompt \"models\", use parley -- models)", o.prompt[0])
	case o.cont && o.resume != "":
		return errors.New("use --continue or --resume, not both")
	case o.theme != "" && o.theme != "dark" && o.theme != "light" && o.theme != "auto":
		return fmt.Errorf("--theme %q: want dark, light or auto", o.theme)
	}
	return nil
}

func main() {
	os.Exit(run(os.Args[1:]))
}

// run is main with an exit code, so deferred cleanups run.
func run(args []string) int {
	o, err := parseFlags(args, os.Stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err != nil:
		fmt.Fprintf(os.Stderr, "parley: %v (see parley --help)\n", err)
		return 2
	case o.version:
		fmt.Printf("parley %s\n", version)
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.models {
		return listModels(ctx, o)
	}
	a, err := setup(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	defer a.close()
	if o.print || !term.IsTerminal(int(os.Stdout.Fd())) {
		return a.printMode(ctx)
	}
	return a.tui(ctx)
}

// app is everything wired for one run.
type app struct {
	o        *options
	cfg      *config.Config
	dataDir  string
	log      *os.File
	store    *session.Store // nil when nothing is read or saved
	conv     *session.Conversation
	model    string // "provider/model"
	hint     string // what to set before the model can be used
	prompt   string
	registry *providers.Registry
}

// setup loads the config, opens the log and the store, reads piped stdin
// and chooses the model.
func setup(o *options) (*app, error) {
	env := config.Env(os.LookupEnv)
	cfg, warns, err := config.Open(o.configPath, env)
	if err != nil {
		return nil, err
	}
	a := &app{o: o, cfg: cfg, registry: newRegistry()}
	if a.dataDir, err = config.DataDir(o.dataDir, env); err != nil {
		return nil, err
	}
	if a.log, err = os.OpenFile(filepath.Join(a.dataDir, "parley.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	log.SetOutput(a.log)
	for _, w := range warns {
		log.Printf("config: %s", w)
		fmt.Fprintf(os.Stderr, "parley: warning: %s\n", w)
	}
	if a.prompt, err = readPrompt(o.prompt); err != nil {
		a.close()
		return nil, err
	}
	if err := a.openStore(); err != nil {
		a.close()
		return nil, err
	}
	cfg.BaseURL = o.baseURL
	prov, model, hint, err := cfg.ResolveModel(o.model, o.provider, probeOllama)
	if err != nil {
		a.close()
		return nil, err
	}
	a.model, a.hint = prov+"/"+model, hint
	return a, nil
}

// newRegistry lists the wire protocols parley speaks.
func newRegistry() *providers.Registry {
	r := providers.NewRegistry()
	r.Register("openai", openai.New)
	r.Register("anthropic", anthropic.New)
	r.Register("gemini", gemini.New)
	r.Register("ollama", ollama.New)
	return r
}

// probeOllama looks for a running Ollama when choosing a model. It runs at
// every start where nothing else is configured, so it must not be felt.
func probeOllama(baseURL string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	return ollama.Probe(ctx, baseURL, nil)
}

// listModels is `parley models`: every provider, whether it is usable and
// its models. It exits 0 when at least one provider is usable.
func listModels(ctx context.Context, o *options) int {
	cfg, warns, err := config.Open(o.configPath, config.Env(os.LookupEnv))
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	for _, w := range warns {
		fmt.Fprintf(os.Stderr, "parley: warning: %s\n", w)
	}
	if o.baseURL != "" { // --base-url applies to the provider a chat would use
		cfg.BaseURL = o.baseURL
		if _, _, _, err := cfg.ResolveModel(o.model, o.provider, nil); err != nil {
			fmt.Fprintf(os.Stderr, "parley: %v\n", err)
			return 1
		}
	}
	list, err := catalog.List(ctx, cfg, newRegistry(), catalog.Options{Only: o.provider})
	if err == nil {
		err = catalog.Write(os.Stdout, list)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	if !catalog.AnyUsable(list) {
		return 1
	}
	return 0
}

// readPrompt joins the prompt words and appends piped stdin.
func readPrompt(words []string) (string, error) {
	prompt := strings.Join(words, " ")
	if term.IsTerminal(int(os.Stdin.Fd())) {
		return prompt, nil
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	piped := strings.TrimRight(string(in), "\n")
	switch {
	case piped == "":
		return prompt, nil
	case prompt == "":
		return piped, nil
	}
	return prompt + "\n\n" + piped, nil
}

// openStore opens the store, unless --no-save leaves nothing to read, and
// loads the conversation to continue.
func (a *app) openStore() error {
	if a.o.noSave && !a.o.cont && a.o.resume == "" {
		return nil
	}
	var err error
	if a.store, err = session.Open(a.dataDir); err != nil {
		return err
	}
	switch {
	case a.o.cont:
		a.conv, err = a.store.LatestConversation()
		if errors.Is(err, session.ErrNotFound) {
			return errors.New("--continue: there is no conversation yet")
		}
	case a.o.resume != "":
		id, perr := strconv.ParseInt(a.o.resume, 10, 64)
		if perr != nil || id <= 0 {
			return fmt.Errorf("--resume %q: want a conversation ID (a number)", a.o.resume)
		}
		a.conv, err = a.store.Conversation(id)
		if errors.Is(err, session.ErrNotFound) {
			return fmt.Errorf("--resume %d: no such conversation", id)
		}
	}
	return err
}

// turns is the TurnFactory: "provider/model" to a ready Turn, or an error
// saying what to set.
func (a *app) turns(name string) (*session.Turn, error) {
	prov, model, ok := strings.Cut(name, "/")
	if !ok || prov == "" || model == "" {
		return nil, fmt.Errorf("model %q: want PROVIDER/MODEL", name)
	}
	s, err := a.cfg.Settings(prov)
	if err != nil {
		return nil, err
	}
	p, err := a.registry.New(s)
	if err != nil {
		return nil, err
	}
	t := &session.Turn{Store: a.store, Provider: p, Model: model}
	if a.o.noSave {
		t.Store = nil
	}
	return t, nil
}

// printMode runs one turn to stdout.
func (a *app) printMode(ctx context.Context) int {
	if a.hint != "" {
		fmt.Fprintf(os.Stderr, "parley: %s\n", a.hint)
		return 1
	}
	t, err := a.turns(a.model)
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	return pipe.Run(ctx, pipe.Options{Turn: t, Conversation: a.conv, Prompt: a.prompt}, os.Stdout, os.Stderr)
}

// tui runs the chat. Its stderr goes to the log while it runs: libraries
// (audio backends, SDK loggers) must not write over the screen.
func (a *app) tui(ctx context.Context) int {
	if a.hint == "" {
		// Read the key now, while the terminal is still ours: an
		// api_key_cmd may ask for a passphrase, and a failure is best shown
		// as the setup hint.
		if _, err := a.turns(a.model); err != nil {
			a.hint = err.Error()
		}
	}
	restore, err := redirectStderr(a.log)
	if err != nil {
		log.Printf("stderr stays on the terminal: %v", err)
	}
	theme := a.o.theme
	if theme == "" {
		theme = a.cfg.Theme
	}
	if theme == "auto" {
		theme = ""
	}
	err = ui.Run(ctx, ui.Options{
		Store: a.store, Turns: a.turns, Model: a.model, SetupHint: a.hint,
		Conversation: a.conv, Prompt: a.prompt, Theme: theme, Version: version,
		Models: func(ctx context.Context) ([]catalog.Provider, error) {
			return catalog.List(ctx, a.cfg, a.registry, catalog.Options{})
		},
		Caps: func(model string) providers.Caps { return catalog.CapsOf(a.cfg, model) },
	})
	if restore != nil {
		restore()
	}
	if err != nil {
		log.Printf("ui: %v", err)
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	return 0
}

// redirectStderr points fd 2 at f and returns a function that puts the
// original back.
func redirectStderr(f *os.File) (restore func(), err error) {
	saved, err := unix.Dup(2)
	if err != nil {
		return nil, err
	}
	if err := unix.Dup2(int(f.Fd()), 2); err != nil {
		unix.Close(saved)
		return nil, err
	}
	return func() {
		unix.Dup2(saved, 2)
		unix.Close(saved)
	}, nil
}

// close releases the store and the log.
func (a *app) close() {
	if a.store != nil {
		a.store.Close()
	}
	if a.log != nil {
		log.SetOutput(os.Stderr)
		a.log.Close()
	}
}
