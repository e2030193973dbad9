// Package config reads parley's TOML configuration: providers and how their
// keys are found, per-model capability overrides, the default model and the
// theme. It resolves a provider name into providers.Settings and chooses the
// model to use when the user did not say. Keys are read at the moment they
// are needed and are never written anywhere.
package config

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"parley/media/files"
	"parley/providers"
)

// Config is the parsed configuration file, with defaults for what it omits.
type Config struct {
	// Path is the file this was read from (it may not exist).
	Path string `toml:"-"`

	// DefaultModel is "PROVIDER/MODEL", used when -m is not given.
	DefaultModel string `toml:"default_model"`
	// Providers are the configured providers by name. The built-in names
	// (openai, anthropic, gemini, ollama) are usable without an entry.
	Providers map[string]Provider `toml:"providers"`
	// Models override capabilities per "provider/model".
	Models map[string]ModelOverride `toml:"models"`
	// Theme is "dark", "light", "auto", "" (auto) or the name of a user
	// theme file (themes/NAME.toml beside the config file).
	Theme string `toml:"theme"`
	// SystemPrompt is sent with every new conversation that names no
	// persona ("" = none); see personas.go.
	SystemPrompt string `toml:"system_prompt"`
	// Personas are named system prompts, each optionally with its model
	// ([personas.NAME]).
	Personas map[string]Persona `toml:"personas"`

	// ImageProtocol forces how inline images are drawn: auto, kitty,
	// sixel, iterm2, blocks or none ("" = auto).
	ImageProtocol string `toml:"image_protocol"`
	// ImageMaxRows bounds an inline image's height in rows (0 = 20).
	ImageMaxRows int `toml:"image_max_rows"`
	// Audio, Transcription and Images configure voice notes and image
	// generation (see media.go).
	Audio         Audio         `toml:"audio"`
	Transcription Transcription `toml:"transcription"`
	Images        ImageGen      `toml:"images"`
	// Speech and Voice configure reading replies aloud and voice mode
	// (see speech.go).
	Speech Speech `toml:"speech"`
	Voice  Voice  `toml:"voice"`
	// Files configures documents, text files and video (see files.go).
	Files Files `toml:"files"`

	// BaseURL, when set (the --base-url flag), replaces the base URL of the
	// provider chosen by ResolveModel, and that provider then needs no key:
	// local servers usually take none.
	BaseURL string `toml:"-"`
	// Env looks up environment variables; Load sets os.LookupEnv.
	Env Env `toml:"-"`
	// KeyCmdTimeout bounds an api_key_cmd whose provider sets no
	// api_key_cmd_timeout; 0 means 30 seconds.
	KeyCmdTimeout time.Duration `toml:"-"`

	// order lists the providers in the order the file names them.
	order []string
	// chosen is the provider the last ResolveModel picked; BaseURL applies to it.
	chosen string
	// mu guards cmdKeys: the TUI builds turns from its own goroutines.
	mu sync.Mutex
	// cmdKeys caches api_key_cmd output by provider, so a password manager
	// runs once per process, not once per message.
	cmdKeys map[string]string
	// ctx is LoadContext's context (the signal context): a key command
	// still waiting for a passphrase ends when the user interrupts parley,
	// not only at its timeout. Kept here because Settings has no context
	// of its own and a Config lives as long as the process.
	ctx context.Context
}

// Provider is one [providers.NAME] table.
type Provider struct {
	// Type is the wire protocol: openai, anthropic, gemini or ollama. The
	// built-in names imply theirs; any other name defaults to openai.
	Type string `toml:"type"`
	// APIKeyEnv names the env var holding the key.
	APIKeyEnv string `toml:"api_key_env"`
	// APIKeyCmd is a command (run without a shell) that prints the key.
	APIKeyCmd string `toml:"api_key_cmd"`
	// APIKeyCmdTimeout is how long APIKeyCmd may run, a duration such as
	// "30s" or "2m" ("" = 30s): long enough for a pass or gpg prompt.
	APIKeyCmdTimeout string `toml:"api_key_cmd_timeout"`
	// APIKey is the key itself; discouraged, and warned about when the file
	// is readable by others.
	APIKey string `toml:"api_key"`
	// BaseURL is the endpoint; "" means the protocol's default.
	BaseURL string `toml:"base_url"`

	// keyCmdTimeout is APIKeyCmdTimeout parsed by validate (0 = unset).
	keyCmdTimeout time.Duration
}

// ModelOverride is one [models."P/M"] table: capability fields
// (providers.CapsOverride, whose keys and rules are defined once there) and
// the model's prices (see prices.go).
type ModelOverride struct {
	providers.CapsOverride
	ModelPrice
}

// Audio is the [audio] table (voice notes).
type Audio struct {
	// InputDevice selects the microphone whose name or ID contains it
	// (`parley devices` lists them); "" is the system default.
	InputDevice string `toml:"input_device"`
	// OutputDevice selects the speaker voice notes play on, the same way.
	OutputDevice string `toml:"output_device"`
	// MaxRecord is a duration such as "5m".
	MaxRecord string `toml:"max_record"`
}

// Transcription is the [transcription] table: the OpenAI-compatible
// service that transcribes voice notes for models that cannot take audio.
type Transcription struct {
	Provider string `toml:"provider"`
	Model    string `toml:"model"`
}

// ImageGen is the [images] table: the image generation backend.
type ImageGen struct {
	Provider string `toml:"provider"`
	Model    string `toml:"model"`
	Size     string `toml:"size"`
}

// Warning is something wrong with the configuration that does not stop
// parley, such as a key in a file other users can read.
type Warning struct {
	Path    string
	Message string
}

// String returns "PATH: MESSAGE".
func (w Warning) String() string { return w.Path + ": " + w.Message }

// The provider types parley speaks.
// themeFileName is what a user theme may be called: the rule of the
// themes package (themes.IsFileName), which session may not import.
var themeFileName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

var knownTypes = []string{"openai", "anthropic", "gemini", "ollama"}

// builtins are the provider names usable without a config entry, in the
// order they are tried when choosing a model.
var builtins = []string{"openai", "anthropic", "gemini", "ollama"}

// MaxConfigBytes bounds the configuration file. A real one is a few KB;
// the limit stops a wrong path (/dev/zero, a log file) from filling memory.
const MaxConfigBytes = 1 << 20

// Load reads the configuration at path. A missing file gives the defaults.
// Unknown keys, bad values and TOML syntax errors are errors that name the
// file, the key and its line. Only a regular file of at most MaxConfigBytes
// is read: a FIFO, device or directory is refused without blocking.
func Load(path string) (*Config, []Warning, error) {
	return LoadContext(context.Background(), path)
}

// LoadContext is Load giving up when ctx is done (the signal context).
func LoadContext(ctx context.Context, path string) (*Config, []Warning, error) {
	c := &Config{Path: path, Env: os.LookupEnv, ctx: ctx}
	data, err := files.ReadFileLimit(ctx, path, MaxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("config: %w", err)
	}
	// A byte order mark is legal TOML but would hide the first key from
	// the line scan.
	text := strings.TrimPrefix(string(data), "\ufeff")
	md, err := toml.Decode(text, c)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s", path, show(oneLine(err)))
	}
	lines := keyLines(text)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, nil, fmt.Errorf("%s: unknown key %q", lines.at(path, k), show(k.String()))
	}
	for _, k := range md.Keys() {
		if len(k) == 2 && k[0] == "providers" && !slices.Contains(c.order, k[1]) {
			c.order = append(c.order, k[1])
		}
	}
	if err := c.validate(lines); err != nil {
		return nil, nil, err
	}
	return c, c.warnings(), nil
}

// oneLine keeps the first line of a TOML error: the library adds a quoted
// excerpt of the file on later lines.
func oneLine(err error) string {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("line %d: %s", pe.Position.Line, pe.Message)
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// validate checks values the TOML types cannot, naming the key and line.
func (c *Config) validate(lines keyIndex) error {
	bad := func(key []string, format string, args ...any) error {
		return fmt.Errorf("%s: %s: %s", lines.at(c.Path, key), show(strings.Join(key, ".")), fmt.Sprintf(format, args...))
	}
	for name, p := range c.Providers {
		want := ""
		if slices.Contains(builtins, name) {
			want = name
		}
		switch {
		case p.Type != "" && !slices.Contains(knownTypes, p.Type):
			return bad([]string{"providers", name, "type"}, "unknown type %q (known: %s)", show(p.Type), strings.Join(knownTypes, ", "))
		case want != "" && p.Type != "" && p.Type != want:
			return bad([]string{"providers", name, "type"}, "the built-in provider %s is of type %q; use another name for a %s endpoint", name, want, show(p.Type))
		}
		if p.APIKeyCmdTimeout != "" {
			d, err := time.ParseDuration(p.APIKeyCmdTimeout)
			if err != nil || d <= 0 {
				return bad([]string{"providers", name, "api_key_cmd_timeout"}, "%q is not a positive duration such as \"30s\" or \"2m\"", show(p.APIKeyCmdTimeout))
			}
			p.keyCmdTimeout = d
		}
		p.Type = cmp.Or(p.Type, want, "openai")
		c.Providers[name] = p
	}
	if c.DefaultModel != "" {
		prov, model, ok := strings.Cut(c.DefaultModel, "/")
		if !ok || prov == "" || model == "" {
			return bad([]string{"default_model"}, "%q is not PROVIDER/MODEL", show(c.DefaultModel))
		}
		if !c.known(prov) {
			return bad([]string{"default_model"}, "unknown provider %q (add [providers.%s])", show(prov), showKey(prov))
		}
	}
	switch {
	case c.Theme == "", c.Theme == "dark", c.Theme == "light", c.Theme == "auto":
	case themeFileName.MatchString(c.Theme):
		// A user theme file, CONFIG_DIR/themes/NAME.toml: the chat reads
		// it and says so if it is missing or wrong.
	default:
		return bad([]string{"theme"}, "%q is not dark, light, auto or a theme file's name (lower-case letters, digits, - and _)", show(c.Theme))
	}
	if err := c.validateMedia(bad); err != nil {
		return err
	}
	if err := c.validateSpeech(bad); err != nil {
		return err
	}
	if err := c.validatePersonas(bad); err != nil {
		return err
	}
	if err := c.validateFiles(bad); err != nil {
		return err
	}
	for name, o := range c.Models {
		if p, m, ok := strings.Cut(name, "/"); !ok || p == "" || m == "" {
			return bad([]string{"models", name}, "model names are \"PROVIDER/MODEL\"")
		}
		if key, err := o.Validate(); err != nil {
			return bad([]string{"models", name, key}, "%s", show(err.Error()))
		}
		if key, err := o.ModelPrice.validate(); err != nil {
			return bad([]string{"models", name, key}, "%v", err)
		}
	}
	return nil
}

// warnings reports keys stored in a file that others can read.
func (c *Config) warnings() []Warning {
	fi, err := os.Stat(c.Path)
	if err != nil || fi.Mode().Perm()&0o044 == 0 {
		return nil
	}
	for _, name := range c.order {
		if c.Providers[name].APIKey != "" {
			return []Warning{{Path: c.Path, Message: fmt.Sprintf(
				"holds an API key (providers.%s.api_key) but other users can read it: run chmod 600 %s, or use api_key_env or api_key_cmd instead",
				name, c.Path)}}
		}
	}
	return nil
}

// known reports whether name is a built-in or configured provider.
func (c *Config) known(name string) bool {
	_, ok := c.Providers[name]
	return ok || slices.Contains(builtins, name)
}

// provider returns the entry for name with its type filled in.
func (c *Config) provider(name string) (Provider, error) {
	p, ok := c.Providers[name]
	if !ok && !slices.Contains(builtins, name) {
		return p, fmt.Errorf("unknown provider %q: add [providers.%s] to %s", show(name), showKey(name), c.Path)
	}
	if p.Type == "" {
		p.Type = "openai"
		if slices.Contains(builtins, name) {
			p.Type = name
		}
	}
	return p, nil
}

// lookup reads an env var through c.Env; empty counts as unset.
func (c *Config) lookup(name string) string {
	env := c.Env
	if env == nil {
		env = os.LookupEnv
	}
	v, _ := env(name)
	return v
}
