// Package clip copies text out of the chat: to the terminal's clipboard
// with OSC 52, which Bubble Tea writes (tea.SetClipboard; inside tmux also
// wrapped in tmux's passthrough through tea.Raw, since Bubble Tea does not
// wrap it), and to the system clipboard with the platform's tool
// (media/clipboard), run in a Cmd whose Copied comes back to say what
// happened. It also finds the code blocks of a reply's markdown.
package clip

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/clipboard"
)

// Copied is the result of a copy's Cmd, for the root to show its Notice:
// what a copy did: what and how many bytes, the system tool
// that took it ("" when none) and why that failed.
type Copied struct {
	What  string
	Bytes int
	Tool  string
	Err   error
}

// Env is where a copy goes. System is the platform the clipboard tool is
// looked for on; nil means clipboard.SystemEnv, read in the Cmd.
type Env struct {
	// Tmux is set inside tmux ($TMUX): OSC 52 is then sent twice, as it
	// is (tmux with set-clipboard on keeps it in a paste buffer and
	// passes it on) and wrapped in tmux's passthrough (it reaches the
	// outer terminal when allow-passthrough is on).
	Tmux   bool
	System func() clipboard.Env
}

// Copy returns the Cmd that copies text, described as what ("the last
// reply") in the notice: OSC 52 now, and the system tool in the
// background, whose Copied comes back.
func Copy(text, what string, env Env) tea.Cmd {
	cmds := []tea.Cmd{tea.SetClipboard(text)}
	if env.Tmux {
		cmds = append(cmds, tea.Raw(TmuxOSC52(text)))
	}
	system := env.System
	if system == nil {
		system = clipboard.SystemEnv
	}
	cmds = append(cmds, func() tea.Msg {
		tool, err := clipboard.Write(context.Background(), system(), text)
		return Copied{What: what, Bytes: len(text), Tool: tool, Err: err}
	})
	return tea.Batch(cmds...)
}

// TmuxOSC52 is the OSC 52 sequence that sets the clipboard to text,
// wrapped for tmux's passthrough (DCS tmux; … ST, each ESC doubled).
func TmuxOSC52(text string) string {
	return ansi.TmuxPassthrough(ansi.SetSystemClipboard(text))
}

// Notice is the line the notice shows for c, and whether it is a
// problem: with no system tool it says what to install and that OSC 52
// was sent (the terminal may still have taken it).
func (c Copied) Notice() (string, bool) {
	head := fmt.Sprintf("copied %s (%s)", c.What, byteCount(c.Bytes))
	switch {
	case c.Err == nil:
		return head + " with " + c.Tool + " and OSC 52", false
	case errors.Is(c.Err, clipboard.ErrNoTool):
		return fmt.Sprintf("%s by OSC 52 only (it works if the terminal allows it): %v", head, c.Err), true
	}
	return fmt.Sprintf("%s by OSC 52; %v", head, c.Err), true
}

// byteCount is "1 byte" or "N bytes".
func byteCount(n int) string {
	if n == 1 {
		return "1 byte"
	}
	return fmt.Sprintf("%d bytes", n)
}
