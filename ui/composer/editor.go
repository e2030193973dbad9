package composer

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/media/shellwords"
	"parley/ui/common"
)

// Msg is the result of one of the composer's Cmds (the stored input
// history, the external editor); the root hands it to Apply.
type Msg interface{ composerMsg() }

// editorReadyMsg: the draft is in a temporary file, ready for argv.
type editorReadyMsg struct {
	argv []string
	path string
	err  error
}

// editedMsg: the editor exited; text is the file's content when err is nil.
type editedMsg struct {
	name string // the editor's program, for the notice
	text string
	err  error
}

func (editorReadyMsg) composerMsg() {}
func (editedMsg) composerMsg()      {}

// ErrNoEditor says neither $VISUAL nor $EDITOR names an editor.
var ErrNoEditor = errors.New("set $VISUAL or $EDITOR to compose in an editor (e.g. export EDITOR=vim)")

// EditorCommand is the editor $VISUAL (else $EDITOR) names, split into
// words like a shell would (EDITOR="code --wait" is two words); getenv is
// os.Getenv outside tests.
func EditorCommand(getenv func(string) string) ([]string, error) {
	name, line := "$VISUAL", getenv("VISUAL")
	if strings.TrimSpace(line) == "" {
		name, line = "$EDITOR", getenv("EDITOR")
	}
	if strings.TrimSpace(line) == "" {
		return nil, ErrNoEditor
	}
	argv, err := shellwords.Split(line)
	if err != nil || len(argv) == 0 {
		return nil, fmt.Errorf("%s %q cannot be split into a command: %v", name, line, err)
	}
	return argv, nil
}

// OpenEditor is Ctrl+G: the Cmd that writes the draft to a private
// temporary file (0600) for the editor argv (see EditorCommand); then
// Apply runs the editor through tea.ExecProcess, which hands it the
// terminal, and puts what was saved back in the composer.
func (c Model) OpenEditor(argv []string) tea.Cmd {
	draft := c.Value()
	return func() tea.Msg {
		f, err := os.CreateTemp("", "parley-draft-*.md") // CreateTemp makes it 0600
		if err != nil {
			return editorReadyMsg{err: err}
		}
		path := f.Name()
		_, err = f.WriteString(draft)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return editorReadyMsg{err: err}
		}
		return editorReadyMsg{argv: argv, path: path}
	}
}

// runEditor runs the editor on path and reads the file back; the file is
// removed either way.
func runEditor(argv []string, path string) tea.Cmd {
	name := filepath.Base(argv[0])
	cmd := exec.Command(argv[0], append(argv[1:len(argv):len(argv)], path)...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return editorDone(name, path, err) })
}

// editorDone is the editor's exit: the file's text, or why there is none.
func editorDone(name, path string, err error) tea.Msg {
	defer os.Remove(path)
	if err != nil {
		return editedMsg{name: name, err: err}
	}
	b, err := os.ReadFile(path)
	return editedMsg{name: name, text: string(b), err: err}
}

// Apply takes the result of one of the composer's Cmds: the stored input
// history, or the editor's steps; notice is what to tell the user ("" for
// nothing). An editor that fails or exits non-zero
// leaves the draft as it was.
func (c *Model) Apply(msg Msg) (notice string, isErr bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case historyMsg:
		if msg.err != nil {
			return "input history: " + common.FirstLine(msg.err.Error()), true, nil
		}
		c.hist.stored = msg.texts
	case editorReadyMsg:
		if msg.err != nil {
			return "cannot open the editor: " + common.FirstLine(msg.err.Error()), true, nil
		}
		return "", false, runEditor(msg.argv, msg.path)
	case editedMsg:
		if msg.err != nil {
			return msg.name + " failed (" + common.FirstLine(msg.err.Error()) + "): the draft is unchanged", true, nil
		}
		// Editors end a file with a newline the user did not mean to send.
		c.SetValue(strings.TrimRight(msg.text, "\n"))
		c.hist.pos, c.hist.draft = -1, ""
		return "draft from " + msg.name, false, nil
	}
	return "", false, nil
}
