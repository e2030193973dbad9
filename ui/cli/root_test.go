package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"parley/session/app"
)

// parsed is what one command line came to: the command that would run,
// its words and the options.
type parsed struct {
	command string // "parley", "parley models", …
	args    []string
	o       options
}

// parse runs args through the real command tree with every action
// replaced by a recorder, so parsing, Args checks and flag groups are what
// Execute does, and nothing runs.
func parse(t *testing.T, args ...string) (parsed, error) {
	t.Helper()
	c := newCommands(Deps{Version: "test"})
	root := c.tree()
	var p parsed
	walk(root, func(cmd *cobra.Command) {
		if cmd.RunE != nil {
			cmd.RunE = func(cmd *cobra.Command, args []string) error {
				p = parsed{command: cmd.CommandPath(), args: args, o: c.o}
				return nil
			}
		}
	})
	root.SetArgs(args)
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	root.SilenceErrors, root.SilenceUsage = true, true
	_, err := root.ExecuteC()
	return p, err
}

func TestParseSpellings(t *testing.T) {
	cases := []struct {
		args    []string
		command string
		prompt  string
		check   func(options) bool
	}{
		{[]string{"what", "is", "-m", "openai/x", "this", "--", "-p", "--no-save"}, "parley", "what is this -p --no-save",
			func(o options) bool { return o.model == "openai/x" && !o.print && !o.noSave }},
		{[]string{"-p", "hi"}, "parley", "hi", func(o options) bool { return o.print }},
		{[]string{"hi", "--print", "--model", "m"}, "parley", "hi", func(o options) bool { return o.print && o.model == "m" }},
		{[]string{"-c", "and", "in", "Go?"}, "parley", "and in Go?", func(o options) bool { return o.cont }},
		{[]string{"-r", "12"}, "parley", "", func(o options) bool { return o.resume == "12" }},
		{[]string{"--resume=7", "go", "on"}, "parley", "go on", func(o options) bool { return o.resume == "7" }},
		{[]string{"-a", "a,b.png", "look", "-a", "-", "--attach", "c.wav"}, "parley", "look",
			func(o options) bool { return slices.Equal(o.attach, []string{"a,b.png", "-", "c.wav"}) }},
		{[]string{"-p", "--record", "0", "translate"}, "parley", "translate",
			func(o options) bool { return o.record.set && o.record.d == 0 }},
		{[]string{"--record", "1m30s"}, "parley", "", func(o options) bool { return o.record.set && o.record.d == 90*time.Second }},
		{[]string{"hi"}, "parley", "hi", func(o options) bool { return !o.record.set && o.attach == nil }},
		{[]string{"--theme", "LIGHT", "--image-protocol", "sixel"}, "parley", "",
			func(o options) bool { return o.theme.value == "light" && o.imageProtocol.value == "sixel" }},
		{[]string{"help", "me"}, "parley", "help me", nil},
		// A command is the first word that is not a flag, after flags and
		// their values; "--" makes it a prompt.
		{[]string{"--config", "F", "models"}, "parley models", "", func(o options) bool { return o.configPath == "F" }},
		{[]string{"--config=F", "models", "--provider", "local"}, "parley models", "",
			func(o options) bool { return o.configPath == "F" && o.provider == "local" }},
		{[]string{"-m", "openai/x", "image", "a", "fox", "-o", "f.png"}, "parley image", "a fox",
			func(o options) bool { return o.model == "openai/x" && o.output == "f.png" }},
		{[]string{"image", "--size", "1024x1536", "--no-save", "-a", "p.png", "sketch"}, "parley image", "sketch",
			func(o options) bool {
				return o.size == "1024x1536" && o.noSave && slices.Equal(o.attach, []string{"p.png"})
			}},
		{[]string{"--data-dir", "D", "doctor"}, "parley doctor", "", func(o options) bool { return o.dataDir == "D" }},
		{[]string{"devices"}, "parley devices", "", nil},
		{[]string{"history", "--limit", "5", "fox", "den"}, "parley history", "fox den", func(o options) bool { return o.limit == 5 }},
		{[]string{"export", "3", "--format", "json", "-o", "c.json"}, "parley export", "3",
			func(o options) bool { return o.format == "json" && o.output == "c.json" }},
		{[]string{"--", "models"}, "parley", "models", nil},
		{[]string{"--config", "F", "--", "models"}, "parley", "models", func(o options) bool { return o.configPath == "F" }},
		{[]string{"what", "models", "exist"}, "parley", "what models exist", nil},
		{[]string{"-m", "models"}, "parley", "", func(o options) bool { return o.model == "models" }},
	}
	for _, c := range cases {
		p, err := parse(t, c.args...)
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if p.command != c.command || strings.Join(p.args, " ") != c.prompt || (c.check != nil && !c.check(p.o)) {
			t.Errorf("%q: ran %q with %q, options %+v; want %q with %q", c.args, p.command, p.args, p.o, c.command, c.prompt)
		}
	}
}

// TestParseErrors checks each command line that cannot be meant gets one
// clear line (through Execute's error handler) and exit code 2.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-c", "-r", "3"}, "parley: --continue and --resume cannot be used together (see parley --help)\n"},
		{[]string{"--continue", "--resume=3", "hi"}, "parley: --continue and --resume cannot be used together (see parley --help)\n"},
		{[]string{"--config", "F", "models", "extra"}, `parley: models takes no arguments, got "extra" (to send the prompt "models extra", use parley -- models extra) (see parley models --help)` + "\n"},
		{[]string{"devices", "x"}, "devices takes no arguments"},
		{[]string{"image"}, `parley: image needs a PROMPT: parley image "a red fox" -o fox.png (see parley image --help)` + "\n"},
		{[]string{"export", "1", "2"}, "export takes one conversation ID"},
		{[]string{"-o", "x.png", "hi"}, "parley: parley takes no -o: that flag is for parley export and parley image (see parley --help)\n"},
		{[]string{"--size", "9x9", "hi"}, "parley takes no --size: that flag is for parley image"},
		{[]string{"image", "--record", "1s", "x"}, "parley image takes no --record: that flag is for parley (see parley image --help)"},
		{[]string{"image", "-c", "x"}, "parley image takes no -c: that flag is for parley"},
		{[]string{"--no-save", "devices"}, "parley devices takes no --no-save: that flag is for parley and parley image"},
		{[]string{"export", "--limit", "3"}, "parley export takes no --limit: that flag is for parley history"},
		{[]string{"history", "--format", "json"}, "parley history takes no --format: that flag is for parley export"},
		{[]string{"models", "-p"}, "parley models takes no -p: that flag is for parley"},
		{[]string{"doctor", "--provider", "x"}, "parley doctor takes no --provider: that flag is for parley, parley image and parley models"},
		{[]string{"--bogus"}, "parley: unknown flag: --bogus (see parley --help)\n"},
		{[]string{"--record", "soon", "hi"}, `invalid argument "soon" for "--record" flag: want a duration such as 5s, or 0 to stop with Enter`},
		{[]string{"--record", "-5s"}, "want a duration such as 5s"},
		{[]string{"--theme", "blue sky"}, `invalid argument "blue sky" for "--theme" flag: want dark, light, auto or the name of a theme file in CONFIG_DIR/themes`},
		{[]string{"--image-protocol", "svg", "hi"}, `"svg" for "--image-protocol" flag: want auto, kitty, sixel, iterm2, blocks or none`},
		{[]string{"-m"}, "flag needs an argument: 'm' in -m"},
	}
	for _, c := range cases {
		code, stdout, stderr := execute(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and one line with %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

// execute runs Execute with files for stdout and stderr (so not
// terminals) and a composition root that must not be reached.
func execute(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	files := make([]*os.File, 3)
	for i, name := range []string{"stdin", "stdout", "stderr"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files[i] = f
	}
	open := func(app.Options) (*app.App, error) { return nil, errors.New("the composition root was reached") }
	code = Execute(context.Background(), args, Deps{Version: "test", Open: open,
		Stdin: files[0], Stdout: files[1], Stderr: files[2]})
	out, _ := os.ReadFile(files[1].Name())
	errOut, _ := os.ReadFile(files[2].Name())
	return code, string(out), string(errOut)
}

// TestExecuteReachesTheCompositionRoot checks that a chat command line
// gets to Deps.Open with the options the flags said, and that its error is
// a run's failure: exit 1, one line.
func TestExecuteReachesTheCompositionRoot(t *testing.T) {
	code, _, stderr := execute(t, "-p", "-m", "openai/x", "--no-save", "hi")
	if code != 1 || stderr != "parley: the composition root was reached\n" {
		t.Errorf("exit %d, stderr %q; want 1 and the root's error", code, stderr)
	}
	var got app.Options
	c := newCommands(Deps{Open: func(o app.Options) (*app.App, error) { got = o; return nil, errors.New("stop") }})
	c.o.model, c.o.cont, c.o.configPath, c.o.size = "anthropic/claude", true, "F", "9x9"
	c.open(context.Background(), c.appOptions(true), nil)
	if got.Model != "anthropic/claude" || !got.Continue || got.ConfigPath != "F" || !got.TUI || got.Size != "9x9" {
		t.Errorf("app options %+v", got)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, errOut := execute(t, "--version")
	if code != 0 || out != "parley test\n" || errOut != "" {
		t.Errorf("--version: exit %d stdout %q stderr %q", code, out, errOut)
	}
	code, out, _ = execute(t, "--help")
	for _, s := range []string{"--print", "--model", "--provider", "--base-url", "--continue", "--resume", "--attach",
		"--record", "--no-save", "--image-protocol", "--config", "--data-dir", "--theme", "--version", "--help",
		"models", "devices", "doctor", "image PROMPT...", "history [WORDS...]", "export [ID|last]", "completion",
		"parley -- models"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("--help lacks %q", s)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("--help to a file carries escape sequences")
	}
	code, out, _ = execute(t, "image", "-h")
	for _, s := range []string{"--output", "--size", "--attach", "--model", "--no-save", "--config"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("image --help lacks %q", s)
		}
	}
	if strings.Contains(out, "--record") || strings.Contains(out, "--continue") {
		t.Errorf("image --help lists the chat's flags:\n%s", out)
	}
}

// TestCompletionScripts generates the completion script of each shell.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash":       "# bash completion V2 for parley",
		"zsh":        "#compdef parley",
		"fish":       "complete -c parley",
		"powershell": "Register-ArgumentCompleter -CommandName 'parley'",
	} {
		code, out, errOut := execute(t, "completion", shell)
		if code != 0 || !strings.Contains(out, want) || errOut != "" {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, errOut, want)
		}
	}
}

// TestCompletionOffersFlagValues asks cobra's completion entry point what
// the shells would offer.
func TestCompletionOffersFlagValues(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "--theme", ""}, []string{"dark", "light", "auto"}},
		{[]string{"__complete", "--image-protocol", ""}, []string{"auto", "kitty", "sixel", "iterm2", "blocks", "none"}},
		{[]string{"__complete", "export", "--format", ""}, []string{"markdown", "json"}},
		{[]string{"__complete", "models", "--provider", ""}, []string{"openai", "anthropic", "gemini", "ollama"}},
		{[]string{"__complete", "hist"}, []string{"history"}},
	} {
		code, out, _ := execute(t, c.args...)
		var offered []string
		for _, line := range strings.Split(out, "\n") {
			word, _, _ := strings.Cut(line, "\t")
			offered = append(offered, word)
		}
		for _, w := range c.want {
			if code != 0 || !slices.Contains(offered, w) {
				t.Errorf("%q: exit %d, offered %q, want %q", c.args, code, out, w)
			}
		}
	}
}
