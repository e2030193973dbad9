package ui

import (
	"os"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/media/paths"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/tray"
)

// command is one slash command of the composer.
type command struct {
	name string // with the slash: "/model"
	args string // argument hint for the help, "" for none
	help string
	run  func(m *Model, arg string) tea.Cmd
}

// commands is the command table, in the order /help lists it.
func commands() []command {
	return []command{
		{"/model", "[PROVIDER/MODEL]", "switch model", (*Model).cmdModel},
		{"/attach", "PATH", "attach a file", (*Model).cmdAttach},
		{"/image", "PROMPT", "draw a picture", (*Model).cmdImage},
		{"/inspect", "", "what the model sees", (*Model).cmdInspect},
		{"/new", "", "new conversation", (*Model).cmdNew},
		{"/history", "", "open a past conversation", (*Model).cmdHistory},
		// The conversation and its text (manage.go, ui/convo).
		{"/recall", "[TEXT]", "recall a message", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			if m.composer.Recall(arg) {
				return m.applyConvo(convo.Outcome{}, nil)
			}
			return m.applyConvo(convo.Outcome{Notice: "no earlier message contains " + strconv.Quote(arg), IsErr: true}, nil)
		}},
		{"/copy", "[code [N]]", "copy the last reply", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			return m.applyChat(m.chat.Copy(arg))
		}},
		{"/editor", "", "compose in $EDITOR", func(m *Model, _ string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(editorOutcome(&m.composer))
		}},
		{"/mouse", "", "mouse capture on/off", func(m *Model, _ string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(toggleMouse(&m.mouseOff), nil)
		}},
		{"/system", "[TEXT]", "show/set system prompt", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(m.convo.System(m.chat.ConvID(), arg))
		}},
		{"/persona", "NAME", "switch persona", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(m.convo.Persona(m.chat.ConvID(), arg))
		}},
		{"/rename", "TITLE", "rename it", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(m.convo.Rename(m.chat.ConvID(), arg))
		}},
		{"/delete", "", "delete it", func(m *Model, _ string) tea.Cmd {
			m.clearCommand()
			return m.applyConvo(m.convo.AskDelete(m.chat.ConvID(), m.status.Title()))
		}},
		{"/speak", "[on|off|stop]", "read aloud · every reply", (*Model).cmdSpeak},
		{"/voice", "", "hands-free voice mode", (*Model).cmdVoice},
		{"/help", "", "this help", (*Model).cmdHelp},
		{"/quit", "", "quit", (*Model).cmdQuit},
		// The conversation loop on the stored branches (ui/chat).
		{"/retry", "", "answer again (ctrl+y)", func(m *Model, _ string) tea.Cmd {
			m.clearCommand()
			return m.applyChat(m.chat.Retry(m.newTurn, m.opts.Model, m.tray.IDs()))
		}},
		{"/edit", "", "edit your message", func(m *Model, _ string) tea.Cmd {
			m.clearCommand()
			return m.applyChat(m.chat.Edit())
		}},
		{"/branch", "[N|next|prev]", "switch branch", func(m *Model, arg string) tea.Cmd {
			m.clearCommand()
			return m.applyChat(m.chat.Branch(arg))
		}},
	}
}

// lookupCommand finds a command by its exact name.
func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// commandWord returns the first word of text when text is a command: it
// starts with one slash and that word has no other slash, so a message
// that starts with a path ("/etc/hosts is wrong") is sent as text.
func commandWord(text string) (word, arg string, ok bool) {
	t := strings.TrimSpace(text)
	if !strings.HasPrefix(t, "/") || strings.HasPrefix(t, "//") {
		return "", "", false
	}
	word, arg, _ = strings.Cut(t, " ")
	if len(word) < 2 || strings.Contains(word[1:], "/") {
		return "", "", false
	}
	return word, strings.TrimSpace(arg), true
}

// handleEnter runs what Enter means besides sending: text that is all
// paths of attachable files attaches them, a slash command runs, and a
// leading "//" sends the text with one slash. ok is false when the text
// is an ordinary message.
func (m *Model) handleEnter() (tea.Cmd, bool) {
	text := m.composer.Value()
	if strings.TrimSpace(text) == "" {
		return nil, false
	}
	if files := tray.PastedPaths(text); files != nil {
		return tray.Attach(m.opts.Store, m.opts.Docs, files, text), true
	}
	if t := strings.TrimLeft(text, " \t\n"); strings.HasPrefix(t, "//") {
		m.composer.SetValue(t[1:])
		return m.sendTyped(t[1:]), true
	}
	word, arg, ok := commandWord(text)
	if !ok {
		return nil, false
	}
	c, found := lookupCommand(word)
	if !found {
		m.tray.SetNotice("unknown command "+word+": try /help (start with // to send text beginning with /)", true)
		m.layout()
		return nil, true
	}
	m.tray.SetNotice("", false)
	if c.name != "/recall" {
		m.composer.Remember(text) // ↑ recalls commands too
	}
	cmd := c.run(m, arg)
	m.layout()
	return cmd, true
}

// clearCommand empties the composer after a command ran.
func (m *Model) clearCommand() {
	m.composer.Reset()
	m.layout()
}

func (m *Model) cmdModel(arg string) tea.Cmd {
	m.clearCommand()
	if arg != "" {
		if !dialog.ValidModelName(arg) {
			m.tray.SetNotice("/model takes PROVIDER/MODEL, e.g. openai/gpt-4o", true)
			return nil
		}
		m.switchModel(dialog.ModelEntry{Name: arg, Usable: true, Typed: true})
		return m.chipChanges()
	}
	return m.openDialog(dialogPicker)
}

func (m *Model) cmdAttach(arg string) tea.Cmd {
	if arg == "" {
		m.tray.SetNotice("/attach takes a file: /attach PATH (tab completes)", true)
		return nil
	}
	files, _ := paths.ParsePaste(arg, regularFile)
	if files == nil {
		m.tray.SetNotice("/attach: "+arg+": no such file", true)
		return nil
	}
	// The command text stays until the files are in the tray.
	return tray.Attach(m.opts.Store, m.opts.Docs, files, m.composer.Value())
}

// regularFile reports whether path names an existing regular file.
func regularFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func (m *Model) cmdInspect(string) tea.Cmd {
	m.clearCommand()
	a := m.tray.Selected()
	if a == nil || a.Image() == nil {
		a = nil
		for i := m.tray.Len() - 1; i >= 0; i-- {
			if m.tray.Chips()[i].Image() != nil {
				a = m.tray.Chips()[i]
				break
			}
		}
	}
	if a == nil {
		m.tray.SetNotice("no image in the tray to inspect: attach one with ctrl+v, ctrl+t or /attach", true)
		return nil
	}
	return m.openInspect(a)
}

func (m *Model) cmdNew(string) tea.Cmd {
	m.clearCommand()
	m.newConversation()
	return composer.LoadHistory(m.opts.Store, 0)
}

func (m *Model) cmdHelp(string) tea.Cmd {
	m.clearCommand()
	return m.openDialog(dialogHelp)
}

func (m *Model) cmdHistory(string) tea.Cmd {
	m.clearCommand()
	return m.openDialog(dialogHistory)
}

func (m *Model) cmdQuit(string) tea.Cmd {
	m.stopAll()
	return tea.Quit
}

// newConversation starts over: a reply streaming now is stopped, and
// turns still ending are forgotten so none of them reattaches the old
// conversation. Attachments waiting in the tray stay.
func (m *Model) newConversation() {
	m.chat.Clear()
	m.status.Reset()
	m.convo.Load(nil) // the default system prompt again
	m.chat.ShowPrompt(m.convo.Prompt())
	m.chat.Redraw()
	m.tray.SetNotice("new conversation", false)
}

// resetTranscript empties the transcript for another conversation: turns
// still ending are forgotten so none reattaches the old conversation, and
// the selected image (an entry of the old transcript) is let go.
func (m *Model) resetTranscript() {
	m.chat.Reset()
	m.status.Reset()
}

// handleTab completes a command name or an /attach path. It reports false
// when the composer does not hold a command, so Tab does what it would.
func (m *Model) handleTab() bool {
	personas := m.convo.Personas()
	notice, isErr, ok := m.composer.Complete(func(text string) []string { return completeText(text, personas) })
	if !ok {
		return false
	}
	m.tray.SetNotice(notice, isErr)
	m.layout()
	return true
}

// completeText lists what text may complete to: a command's name, a
// persona's name, /copy code, or an /attach path to a directory or an
// attachable file.
func completeText(text string, personas []string) []string {
	word, arg, hasArg := strings.Cut(text, " ")
	if !hasArg {
		var out []string
		for _, c := range commands() {
			if strings.HasPrefix(c.name, word) {
				if c.args != "" {
					out = append(out, c.name+" ")
				} else {
					out = append(out, c.name)
				}
			}
		}
		return out
	}
	switch word {
	case "/persona":
		return prefixed("/persona ", personas, strings.TrimLeft(arg, " "))
	case "/copy":
		return prefixed("/copy ", []string{"code "}, strings.TrimLeft(arg, " "))
	case "/attach":
	default:
		return nil
	}
	var out []string
	for _, p := range composer.CompletePath(strings.TrimLeft(arg, " "), anyName, tray.Attachable) {
		out = append(out, "/attach "+p)
	}
	return out
}

// prefixed is head+w for each of words that starts with typed.
func prefixed(head string, words []string, typed string) []string {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(w, typed) {
			out = append(out, head+w)
		}
	}
	return out
}

// anyName lets Tab completion offer every file after /attach: the bytes
// decide what a file is, and attaching says why one cannot be sent.
func anyName(string) bool { return true }
