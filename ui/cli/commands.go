package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"parley/media/sanitize"
	"parley/session"
	"parley/themes"
)

// commands is one command tree with the options it parses into.
type commands struct {
	deps Deps
	// stderr is Deps.Stderr through the sanitizer: every line parley
	// writes there (errors quoting config values, file names, server
	// messages) is made safe for the terminal first.
	stderr *sanitize.Writer
	o      options
	code   int // the exit code of the command that ran
}

// exit records a run's exit code. RunE returns no error for a failed run
// (it has said why on stderr already): fang's error path asks the
// terminal for its background colour, which a terminal that does not
// answer makes a 4 s wait, and a failed run should not pay that.
func (c *commands) exit(code int) error {
	c.code = code
	return nil
}

func newCommands(d Deps) *commands {
	c := &commands{deps: d, stderr: sanitize.NewWriter(d.Stderr)}
	c.o.theme = choice{typ: "NAME", valid: []string{"dark", "light", "auto"},
		other: themes.IsFileName, otherDesc: "the name of a theme file in CONFIG_DIR/themes"}
	c.o.imageProtocol = choice{typ: "P", valid: imageProtocols()}
	c.o.imageTiles = choice{typ: "MODE", valid: []string{session.TilesAuto, session.TilesOff}}
	return c
}

// rootLong is the top of `parley --help`.
const rootLong = `Chat with multimodal models in the terminal.

With no command parley opens the chat (PROMPT, if given, is sent first). With -p, or whenever stdout is not a terminal, it is print mode: one reply streamed to stdout, then exit (0 on success, 1 on any failure). Piped stdin is appended to the prompt. A command is the first word that is not a flag; parley -- models sends "models". parley completion SHELL prints a completion script (bash, zsh, fish, powershell), parley man the man page.

Keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY (or GOOGLE_API_KEY), or a provider's api_key_env / api_key_cmd in the config file. Ollama is found at OLLAMA_HOST (default http://127.0.0.1:11434).`

const rootExample = `parley "explain this error"
parley -p -m openai/gpt-4o-mini "one-line summary of RFC 9110"
git diff | parley -p "write a commit message for this diff"
parley -p -a shot.png -a notes.wav "what is wrong here?"
parley -p --record 5s
parley -c "and in Go?"
parley -r 12
parley -- models
`

// tree builds the root command and its subcommands.
func (c *commands) tree() *cobra.Command {
	root := &cobra.Command{
		Use:     "parley [PROMPT...]",
		Short:   "Chat with multimodal models in the terminal",
		Long:    rootLong,
		Example: rootExample,
		Args:    cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.exit(c.chat(cmd.Context(), args))
		},
		ValidArgsFunction: cobra.NoFileCompletions,
	}
	root.SetVersionTemplate("parley {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	// "help" stays a prompt word: the help command is never matched (its
	// name is empty), and -h works on every command.
	root.SetHelpCommand(&cobra.Command{Hidden: true})
	root.SetIn(c.deps.Stdin)
	root.SetOut(c.deps.Stdout)
	root.SetErr(c.stderr)
	c.chatFlags(root)
	c.o.globalFlags(root)
	root.AddCommand(c.modelsCmd(), c.devicesCmd(), c.doctorCmd(), c.imageCmd(), c.historyCmd(), c.exportCmd(),
		c.sayCmd(), c.voicesCmd())
	return root
}

// chatFlags declares the root command's flags: the chat's and print mode's.
func (c *commands) chatFlags(root *cobra.Command) {
	f := root.Flags()
	f.BoolVarP(&c.o.print, "print", "p", false, "print mode: stream one reply to stdout as plain text, errors to stderr")
	c.o.modelFlags(root, "the model: PROVIDER/MODEL, or MODEL of the default provider")
	f.BoolVarP(&c.o.cont, "continue", "c", false, "continue the most recent conversation")
	f.StringVarP(&c.o.resume, "resume", "r", "", "continue conversation ID (see parley history)")
	c.o.attachFlag(root, "attach the file PATH: an image (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC), audio\n(WAV, MP3, Ogg, FLAC), a PDF, a text file or a video, its type read from the bytes;\nrepeatable; - reads stdin")
	f.StringVar(&c.o.pages, "pages", "", "print mode: send only these pages of each attached PDF: 1-5, 2,4-6, 7- or all")
	f.IntVar(&c.o.tail, "tail", 0, "print mode: send only the last N lines of each attached text file")
	f.Var(&c.o.record, "record", "print mode: record a voice note for DURATION (5s, 1m);\n0 records until Enter is pressed")
	f.BoolVar(&c.o.noSave, "no-save", false, "keep nothing of this run: no database, no log, no data directory")
	f.StringVar(&c.o.system, "system", "", "system prompt TEXT for the conversation (default: system_prompt in the config,\nor a resumed conversation's own)")
	f.StringVar(&c.o.persona, "persona", "", "use [personas.NAME] of the config: its system prompt, and its model unless -m is given")
	f.Var(&c.o.imageProtocol, "image-protocol", "how the chat draws images: auto, kitty, sixel, iterm2, blocks or none\n(default: image_protocol in the config, else auto)")
	f.BoolVar(&c.o.speak, "speak", false, "print mode: read the reply aloud as it streams ([speech] backend, audio.output_device);\nexit after playback")
	c.o.speakToFlag(root, "print mode: write the reply's speech to FILE (.wav) instead of playing it")
	f.Var(&c.o.imageTiles, "image-tiles", "print mode: auto sends a text-heavy screenshot whose text fitting would shrink\npast reading as 2–4 tiles (more tokens, each change named on stderr); off (default) sends images whole")
	f.Var(&c.o.theme, "theme", "colour theme NAME: dark, light, auto (follow the terminal's background) or a file CONFIG_DIR/themes/NAME.toml")
	f.BoolVar(&c.o.version, "version", false, "print the version")
	root.MarkFlagsMutuallyExclusive("continue", "resume")
	root.MarkFlagsMutuallyExclusive("speak", "speak-to")
	root.RegisterFlagCompletionFunc("resume", cobra.NoFileCompletions)
	root.RegisterFlagCompletionFunc("system", cobra.NoFileCompletions)
	root.RegisterFlagCompletionFunc("pages", cobra.NoFileCompletions)
	root.RegisterFlagCompletionFunc("tail", cobra.NoFileCompletions)
	root.RegisterFlagCompletionFunc("persona", cobra.NoFileCompletions)
	root.RegisterFlagCompletionFunc("image-protocol", c.o.imageProtocol.complete)
	root.RegisterFlagCompletionFunc("theme", c.o.theme.complete)
	root.RegisterFlagCompletionFunc("image-tiles", c.o.imageTiles.complete)
}

// noArgs is Args for a command that takes none: a word after it was
// probably meant as a prompt, so the error says how to send one.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	prompt := cmd.Name() + " " + strings.Join(args, " ")
	return usagef(cmd, "%s takes no arguments, got %q (to send the prompt %q, use parley -- %s)",
		cmd.Name(), args[0], prompt, prompt)
}

func (c *commands) modelsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:               "models",
		Short:             "List providers, whether each is usable, and their models",
		Long:              `List every provider (the built-ins and each [providers.NAME] of the config file), whether it is usable, and its models with what each can take. Exit 0 when at least one provider is usable.`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.exit(c.models(cmd.Context()))
		},
	}
	c.o.modelFlags(cmd, "the model PROVIDER/MODEL whose provider --base-url points elsewhere")
	cmd.Flags().Lookup("provider").Usage = "list only the provider NAME: openai, anthropic, gemini, ollama or one from the config file"
	cmd.Flags().StringVar(&c.o.caps, "caps", "", "print the capabilities of PROVIDER/MODEL instead (limits, token rule, source\nand the day it was checked, the config's override)")
	cmd.RegisterFlagCompletionFunc("caps", cobra.NoFileCompletions)
	return cmd
}

func (c *commands) devicesCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "devices",
		Short:             "List audio inputs and outputs (* = default)",
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.exit(c.tool(cmd.Context(), "devices"))
		},
	}
}

func (c *commands) doctorCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "doctor",
		Short:             "Show what the terminal can draw, and why",
		Long:              `Ask the terminal what it can draw (the query burst the chat sends at start) and print the image protocol parley would use and why, the cell size, colours and tmux passthrough, then the default audio devices. It talks to /dev/tty, so parley doctor | tee report.txt works.`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.exit(c.tool(cmd.Context(), "doctor"))
		},
	}
}

func (c *commands) imageCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "image PROMPT...",
		Short: "Draw a picture and write it to a file",
		Long:  `Draw PROMPT with the image backend (-m, else [images] in the config, else OpenAI's gpt-image-1), write the picture byte for byte to -o and print its path. The prompt and the picture are kept as a conversation unless --no-save. Piped stdin is appended to the prompt.`,
		Example: `parley image "a red fox in the snow, watercolor" -o fox.png
parley image -m gemini/gemini-2.5-flash-image "a logo for a tea shop"
parley image -a photo.png "make it look like a pencil sketch" -o sketch.png
`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(cmd, `image needs a PROMPT: parley image "a red fox" -o fox.png`)
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.exit(c.image(cmd.Context(), args))
		},
	}
	c.o.modelFlags(cmd, "the image model: PROVIDER/MODEL (openai/gpt-image-1)")
	c.o.attachFlag(cmd, "attach the image PATH to edit or draw from; repeatable; - reads stdin")
	f := cmd.Flags()
	f.StringVarP(&c.o.output, "output", "o", "", "write the picture to FILE (default ./parley-<id>.png; a directory gets that name inside it)")
	f.StringVar(&c.o.size, "size", "", "picture size WxH, e.g. 1024x1536 (default: [images] size)")
	f.BoolVar(&c.o.noSave, "no-save", false, "keep nothing of this run: no database, no log, no data directory")
	return cmd
}

func (c *commands) historyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:               "history [WORDS...]",
		Short:             "List recent conversations, or search them",
		Long:              `Without WORDS, list recent conversations: ID, updated, messages, cost (where the price is known), model, title. With WORDS, search every conversation's text: ID, title and the matching snippet. --delete ID removes a conversation (asking first; say --yes in scripts), --rename ID TITLE... renames one.`,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(_ *cobra.Command, args []string) error {
			return c.exit(c.store("history", args))
		},
	}
	f := cmd.Flags()
	f.IntVar(&c.o.limit, "limit", 0, "show at most N conversations or matches (default 20)")
	f.StringVar(&c.o.delete, "delete", "", "delete conversation ID and the files nothing else uses (asks first; --yes when\nstdin is not a terminal)")
	f.StringVar(&c.o.rename, "rename", "", "rename conversation ID to the words after the flags: --rename 12 New title")
	f.BoolVar(&c.o.yes, "yes", false, "with --delete: delete without asking")
	cmd.MarkFlagsMutuallyExclusive("delete", "rename")
	cmd.RegisterFlagCompletionFunc("delete", cobra.NoFileCompletions)
	cmd.RegisterFlagCompletionFunc("rename", cobra.NoFileCompletions)
	return cmd
}

func (c *commands) exportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export [ID|last]",
		Short: "Write a conversation to stdout or a file",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef(cmd, "export takes one conversation ID: parley export 12 --format json -o chat.json")
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(_ *cobra.Command, args []string) error {
			return c.exit(c.store("export", args))
		},
	}
	cmd.Flags().StringVar(&c.o.format, "format", "", "format: markdown or json (default markdown)")
	cmd.Flags().StringVarP(&c.o.output, "output", "o", "", "write to FILE (created 0600) instead of stdout")
	cmd.Flags().BoolVar(&c.o.allBranches, "all-branches", false, "write every branch of the conversation, not only the current one")
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"markdown", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (c *commands) sayCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "say TEXT...",
		Short: "Read TEXT aloud with the speech backend, without a model",
		Long:  `Read TEXT (markdown: markup is not spoken) aloud with the [speech] backend on audio.output_device, or write it to --speak-to FILE (.wav; needs no sound device). Piped stdin is appended.`,
		Example: `parley say "the build is green"
parley say --speak-to hello.wav "hello there"
`,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.exit(c.say(cmd.Context(), args))
		},
	}
	c.o.speakToFlag(cmd, "write the speech to FILE (.wav) instead of playing it")
	return cmd
}

func (c *commands) voicesCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "voices",
		Short:             "List the voices of the speech backend",
		Long:              `Name the [speech] backend (provider, model, voice) and list the voices it offers, for [speech] voice.`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.exit(c.voices(cmd.Context()))
		},
	}
}
