// Command parley is a terminal chat app for multimodal models. main only
// wires: flags, config, the store, the provider registry, then the TUI or
// print mode.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"parley/providers"
	"parley/session"
	"parley/session/catalog"
	"parley/session/config"
	"parley/ui"
	"parley/ui/cli"
	"parley/ui/graphics"
	"parley/ui/printmode"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// options are the parsed command line.
type options struct {
	print, cont, noSave, version bool
	command                      string // "", or a subcommand: models, devices, doctor, image
	model, provider, baseURL     string
	resume, configPath, dataDir  string
	theme, imageProtocol         string
	attach                       []string      // -a, in order
	record                       time.Duration // --record; recording says it was given
	recording                    bool
	output, size, format         string // parley image, export
	limit                        int    // parley history
	prompt                       []string
}

// isSubcommand reports whether word, as the first positional argument,
// names a command instead of starting a prompt.
func isSubcommand(word string) bool {
	switch word {
	case "models", "devices", "doctor", "image", "history", "export":
		return true
	}
	return false
}

// parseFlags parses args; flags may come before, between or after the
// prompt words, and "--" ends the flags.
func parseFlags(args []string, out io.Writer) (*options, error) {
	o := &options{}
	help := false
	fs := o.flags(&help)
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
		// A subcommand is the first positional word, wherever the flags
		// (and their values, which the FlagSet has consumed) put it;
		// parley -- models sends the prompt "models".
		if o.command == "" && len(o.prompt) == 0 && isSubcommand(rest[0]) {
			o.command, args = rest[0], rest[1:]
			continue
		}
		o.prompt, args = append(o.prompt, rest[0]), rest[1:]
	}
	if help {
		fmt.Fprint(out, cli.Usage)
		return nil, flag.ErrHelp
	}
	return o, o.check()
}

// flags declares every flag, each spelling bound to the same field.
func (o *options) flags(help *bool) *flag.FlagSet {
	fs := flag.NewFlagSet("parley", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by main
	fs.Usage = func() {}
	boolFlag := func(v *bool, names ...string) {
		for _, n := range names {
			fs.BoolVar(v, n, false, "")
		}
	}
	strFlag := func(v *string, names ...string) {
		for _, n := range names {
			fs.StringVar(v, n, "", "")
		}
	}
	boolFlag(help, "h", "help")
	boolFlag(&o.print, "p", "print")
	boolFlag(&o.cont, "c", "continue")
	boolFlag(&o.noSave, "no-save")
	boolFlag(&o.version, "version")
	strFlag(&o.model, "m", "model")
	strFlag(&o.resume, "r", "resume")
	strFlag(&o.output, "o", "output")
	strFlag(&o.provider, "provider")
	strFlag(&o.baseURL, "base-url")
	strFlag(&o.configPath, "config")
	strFlag(&o.dataDir, "data-dir")
	strFlag(&o.theme, "theme")
	strFlag(&o.imageProtocol, "image-protocol")
	strFlag(&o.size, "size")
	strFlag(&o.format, "format")
	fs.IntVar(&o.limit, "limit", 0, "")
	attach := func(p string) error { o.attach = append(o.attach, p); return nil }
	fs.Func("a", "", attach)
	fs.Func("attach", "", attach)
	fs.Func("record", "", o.setRecord)
	return fs
}

// setRecord parses --record DURATION ("5s"; 0 = until Enter).
func (o *options) setRecord(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 5s, or 0 to stop with Enter")
	}
	o.record, o.recording = d, true
	return nil
}

// check rejects flag combinations that cannot be meant.
func (o *options) check() error {
	image, export := o.command == "image", o.command == "export"
	switch {
	case o.command != "" && !image && !export && o.command != "history" && len(o.prompt) > 0:
		return fmt.Errorf("%s takes no arguments, got %q (to send the prompt %q, use parley -- %s)", o.command, o.prompt[0], o.command, o.command)
	case image && len(o.prompt) == 0:
		return errors.New("image needs a PROMPT: parley image \"a red fox\" -o fox.png")
	case export && len(o.prompt) > 1:
		return errors.New("export takes one conversation ID: parley export 12 --format json -o chat.json")
	case !image && (o.output != "" && !export || o.size != ""):
		return errors.New("-o and --size are for parley image (-o also for export)")
	case (o.format != "" && !export) || (o.limit != 0 && o.command != "history"):
		return errors.New("--format is for parley export, --limit for parley history")
	case image && (o.recording || o.cont || o.resume != ""):
		return errors.New("parley image takes no --record, --continue or --resume")
	case o.cont && o.resume != "":
		return errors.New("use --continue or --resume, not both")
	case o.theme != "" && o.theme != "dark" && o.theme != "light" && o.theme != "auto":
		return fmt.Errorf("--theme %q: want dark, light or auto", o.theme)
	}
	if o.imageProtocol != "" {
		if _, err := graphics.ParseProtocol(o.imageProtocol); err != nil {
			return fmt.Errorf("--image-protocol: %w", err)
		}
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
	switch o.command {
	case "models":
		return listModels(ctx, o)
	case "devices", "doctor":
		return exitCode(cli.Tools(ctx, o.command, os.Getenv, os.Stdout))
	case "history", "export":
		return storeCommand(o)
	}
	tui := o.command == "" && !o.print && !o.recording && term.IsTerminal(int(os.Stdout.Fd()))
	a, err := setup(o, tui)
	if err != nil {
		return exitCode(err)
	}
	defer a.close()
	switch {
	case o.command == "image":
		return a.image(ctx)
	case !tui:
		return a.printMode(ctx)
	}
	return a.tui(ctx)
}

// storeCommand runs `parley history` and `parley export`, which need only
// the store. Nothing found is exit 1, its line already written.
func storeCommand(o *options) int {
	dir, err := config.DataDir(o.dataDir, config.Env(os.LookupEnv))
	if err == nil {
		err = cli.RunStoreCommand(dir, cli.StoreCommand{Command: o.command, Args: o.prompt,
			Limit: o.limit, Format: o.format, Output: o.output}, os.Stdout, os.Stderr)
	}
	if errors.Is(err, cli.ErrNothingFound) {
		return 1
	}
	return exitCode(err)
}

// exitCode prints err as parley's one-line error and returns the exit code.
func exitCode(err error) int {
	if err != nil {
		fmt.Fprintf(os.Stderr, "parley: %v\n", err)
		return 1
	}
	return 0
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
	images   config.ImageModel // parley image: the backend chosen
}

// maxLogSize is the size past which parley.log is moved to parley.log.1
// at start, so the log cannot grow without bound.
const maxLogSize = 5 << 20

// setup loads the config, opens the log and the store, reads piped stdin
// and chooses the model. Outside the TUI, --no-save (without -c or -r,
// which read the history) keeps nothing: no data directory, no log.
func setup(o *options, tui bool) (*app, error) {
	env := config.Env(os.LookupEnv)
	cfg, warns, err := config.Open(o.configPath, env)
	if err != nil {
		return nil, err
	}
	a := &app{o: o, cfg: cfg, registry: cli.Registry()}
	if o.noSave && !tui && !o.cont && o.resume == "" {
		log.SetOutput(io.Discard)
	} else {
		if a.dataDir, err = config.DataDir(o.dataDir, env); err != nil {
			return nil, err
		}
		if a.log, err = cli.OpenLog(filepath.Join(a.dataDir, "parley.log"), maxLogSize); err != nil {
			return nil, err
		}
		log.SetOutput(a.log)
	}
	for _, w := range warns {
		log.Printf("config: %s", w)
		fmt.Fprintf(os.Stderr, "parley: warning: %s\n", w)
	}
	if err := a.resolve(); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// resolve reads the prompt, opens the store and chooses the model (the
// image model for parley image).
func (a *app) resolve() (err error) {
	if a.prompt, err = printmode.ReadPrompt(a.o.prompt, os.Stdin, slices.Contains(a.o.attach, "-")); err != nil {
		return err
	}
	if err := a.openStore(); err != nil {
		return err
	}
	a.cfg.BaseURL = a.o.baseURL
	if a.o.command == "image" {
		a.images, err = a.cfg.ResolveImageModel(a.o.model, a.o.provider)
		a.images.Size = cmp.Or(a.o.size, a.images.Size)
		return err
	}
	prov, model, hint, err := a.cfg.ResolveModel(a.o.model, a.o.provider, cli.ProbeOllama)
	a.model, a.hint = prov+"/"+model, hint
	return err
}

// listModels is `parley models`: exit 0 when at least one provider is
// usable.
func listModels(ctx context.Context, o *options) int {
	usable, err := cli.ListModels(ctx, cli.ModelsRequest{ConfigPath: o.configPath,
		BaseURL: o.baseURL, Model: o.model, Provider: o.provider}, os.Stdout, os.Stderr)
	if err != nil || !usable {
		return max(exitCode(err), 1)
	}
	return 0
}

// openStore opens the store, unless --no-save leaves nothing to read, and
// loads the conversation to continue.
func (a *app) openStore() (err error) {
	if a.o.noSave && !a.o.cont && a.o.resume == "" {
		return nil
	}
	a.store, a.conv, err = cli.OpenStore(a.dataDir, a.o.cont, a.o.resume)
	return err
}

// turns is the TurnFactory: "provider/model" to a ready Turn, or an error
// saying what to set. The Turn knows the model's capabilities (with config
// overrides), the transcription service (nil without a key: voice notes
// then go only to models that take audio) and the [images] backend.
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
	caps := catalog.CapsOf(a.cfg, name)
	t := &session.Turn{Store: a.store, Provider: p, Model: model, Caps: &caps}
	if a.o.noSave {
		t.Store = nil
	}
	if t.Transcriber, t.Images, err = cli.Services(a.cfg); err != nil {
		log.Printf("[images]: %v", err) // the chat works without it
	}
	return t, nil
}

// printMode runs one turn to stdout, with the -a files and the --record
// voice note.
func (a *app) printMode(ctx context.Context) int {
	if a.hint != "" {
		return exitCode(errors.New(a.hint))
	}
	t, err := a.turns(a.model)
	if err != nil {
		return exitCode(err)
	}
	files, err := printmode.ReadFiles(a.o.attach, os.Stdin)
	if err == nil && a.o.recording {
		var note printmode.File
		note, err = cli.Record(ctx, a.cfg, a.o.record, os.Getenv)
		files = append(files, note)
	}
	if err != nil {
		return exitCode(err)
	}
	return printmode.Run(ctx, printmode.Options{Turn: t, Conversation: a.conv, Prompt: a.prompt, Files: files}, os.Stdout, os.Stderr)
}

// image is `parley image`: the picture is kept in the history unless
// --no-save, and written to -o.
func (a *app) image(ctx context.Context) int {
	b, err := cli.ImageBackend(a.cfg, a.images)
	if err != nil {
		return exitCode(err)
	}
	inputs, err := printmode.ReadFiles(a.o.attach, os.Stdin)
	if err != nil {
		return exitCode(err)
	}
	return cli.Image(ctx, cli.ImageOptions{Store: a.store, Backend: *b, Prompt: a.prompt,
		Inputs: inputs, Output: a.o.output}, os.Stdout, os.Stderr)
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
	attach, cleanup, err := cli.AttachPaths(a.o.attach, os.Stdin)
	if err != nil {
		return exitCode(err)
	}
	defer cleanup()
	backends, err := cli.AudioBackends(os.Getenv(cli.AudioBackendEnv))
	if err != nil {
		return exitCode(err)
	}
	protocol, _ := graphics.ParseProtocol(cmp.Or(a.o.imageProtocol, a.cfg.ImageProtocol, "auto"))
	restore, err := cli.RedirectStderr(a.log)
	if err != nil {
		log.Printf("stderr stays on the terminal: %v", err)
	}
	theme := cmp.Or(a.o.theme, a.cfg.Theme)
	if theme == "auto" {
		theme = ""
	}
	err = ui.Run(ctx, ui.Options{
		Store: a.store, Turns: a.turns, Model: a.model, SetupHint: a.hint,
		Conversation: a.conv, Prompt: a.prompt, Theme: theme, Version: version,
		Models: func(ctx context.Context) ([]catalog.Provider, error) {
			return catalog.List(ctx, a.cfg, a.registry, catalog.Options{})
		},
		Caps:        func(model string) providers.Caps { return catalog.CapsOf(a.cfg, model) },
		Attachments: attach, ImageProtocol: protocol, ImageMaxRows: a.cfg.ImageMaxRows,
		Images: cli.TUIImages(a.cfg), ConfigPath: a.cfg.Path,
		Audio: ui.AudioOptions{Backends: backends, InputDevice: a.cfg.Audio.InputDevice,
			OutputDevice: a.cfg.Audio.OutputDevice, MaxDuration: a.cfg.MaxRecord()},
	})
	if restore != nil {
		restore()
	}
	if err != nil {
		log.Printf("ui: %v", err)
		return exitCode(err)
	}
	return 0
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
