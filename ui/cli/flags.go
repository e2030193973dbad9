package cli

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"parley/ui/graphics"
)

// options are the parsed command line. One value serves the whole tree:
// each command declares only the flags it takes, bound to these fields.
type options struct {
	print, cont, noSave, version bool // version: cobra prints it
	model, provider, baseURL     string
	resume, configPath, dataDir  string
	theme, imageProtocol         choice
	imageTiles                   choice   // print mode --image-tiles
	caps                         string   // parley models --caps
	system, persona              string   // the chat's and print mode's system prompt
	attach                       []string // -a, in order
	record                       recordFlag
	output, size, format         string // parley image, export
	limit                        int    // parley history
	delete, rename               string // parley history --delete ID, --rename ID
	yes, allBranches             bool   // history --yes, export --all-branches
	speak                        bool   // print mode --speak
	speakTo                      string // print mode and say --speak-to FILE
	pages                        string // print mode --pages RANGE
	tail                         int    // print mode --tail N
}

// recordFlag is --record DURATION: "5s", or 0 to record until Enter.
type recordFlag struct {
	d   time.Duration
	set bool
}

func (r *recordFlag) String() string {
	if !r.set {
		return ""
	}
	return r.d.String()
}

func (r *recordFlag) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 5s, or 0 to stop with Enter")
	}
	r.d, r.set = d, true
	return nil
}

func (r *recordFlag) Type() string { return "DURATION" }

// choice is a flag taking one of a few words.
type choice struct {
	value, typ string
	valid      []string
	// other accepts words beyond valid (user theme names); otherDesc
	// names them in the error ("a theme file's name").
	other     func(string) bool
	otherDesc string
}

func (c *choice) String() string { return c.value }
func (c *choice) Type() string   { return c.typ }

func (c *choice) Set(v string) error {
	if !slices.Contains(c.valid, strings.ToLower(v)) && (c.other == nil || !c.other(strings.ToLower(v))) {
		if c.other != nil {
			return fmt.Errorf("want %s", orList(append(slices.Clone(c.valid), c.otherDesc), "or"))
		}
		return fmt.Errorf("want %s", orList(c.valid, "or"))
	}
	c.value = strings.ToLower(v)
	return nil
}

// complete offers the choice's words for shell completion.
func (c *choice) complete(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return c.valid, cobra.ShellCompDirectiveNoFileComp
}

// orList is "a, b or c" (last is "or" or "and").
func orList(words []string, last string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + last + " " + words[len(words)-1]
}

// imageProtocols are --image-protocol's words, in graphics' order.
func imageProtocols() []string {
	var out []string
	for p := graphics.Auto; p <= graphics.None; p++ {
		out = append(out, p.String())
	}
	return out
}

// builtinProviders are offered when completing --provider; a config file
// may name more.
func builtinProviders() []string { return []string{"openai", "anthropic", "gemini", "ollama"} }

// modelFlags declares -m, --provider and --base-url: the chat, models and
// image choose a provider and model the same way.
func (o *options) modelFlags(cmd *cobra.Command, modelHelp string) {
	f := cmd.Flags()
	f.StringVarP(&o.model, "model", "m", "", modelHelp)
	f.StringVar(&o.provider, "provider", "", "provider NAME to use: openai, anthropic, gemini, ollama or one from the config file")
	f.StringVar(&o.baseURL, "base-url", "", "endpoint URL of the chosen provider (OpenAI-style URLs end in /v1);\na provider pointed elsewhere needs no key")
	cmd.RegisterFlagCompletionFunc("provider", cobra.FixedCompletions(builtinProviders(), cobra.ShellCompDirectiveNoFileComp))
	cmd.RegisterFlagCompletionFunc("base-url", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("model", cobra.NoFileCompletions)
}

// attachFlag declares -a, repeatable, in order; a value may contain commas.
func (o *options) attachFlag(cmd *cobra.Command, help string) {
	cmd.Flags().StringArrayVarP(&o.attach, "attach", "a", nil, help)
}

// globalFlags declares the flags every command takes: where the config and
// the data live, so `parley --config F models` works.
func (o *options) globalFlags(cmd *cobra.Command) {
	f := cmd.PersistentFlags()
	f.StringVar(&o.configPath, "config", "", "config FILE (default $XDG_CONFIG_HOME/parley/config.toml; also $PARLEY_CONFIG)")
	f.StringVar(&o.dataDir, "data-dir", "", "data directory DIR (default $XDG_DATA_HOME/parley; also $PARLEY_DATA_DIR)")
	cmd.MarkPersistentFlagFilename("config", "toml")
	cmd.MarkPersistentFlagDirname("data-dir")
}

// speakToFlag declares --speak-to FILE: print mode and parley say.
func (o *options) speakToFlag(cmd *cobra.Command, help string) {
	cmd.Flags().StringVar(&o.speakTo, "speak-to", "", help)
	cmd.MarkFlagFilename("speak-to", "wav")
}
