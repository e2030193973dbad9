package ui

import (
	"context"
	"errors"
	"iter"
	"os"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/media/paths"
	"parley/session"
	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/speech"
	"parley/ui/tray"
)

// command is one slash command of the composer: its row in the table
// and the action its argument asks for.
type command struct {
	name string // with the slash: "/model"
	args string // argument hint for the help, "" for none
	help string
	// keep leaves the command's text in the composer: /attach's until
	// the files are in the tray, /image's until its reply starts.
	keep bool
	// act reads the argument: what the command asks for, or why not
	// (actNotice). It only parses; run does what the action says.
	act func(arg string) action
}

// action is what a slash command or a root key asks the root to do;
// run is the one switch over them. Each is a plain value: what it asks
// is done by the component that owns it.
type action interface{ isAction() }

// The actions of the command table and the root keys.
type (
	actNotice struct { // a command's argument refused: the notice says why
		text  string
		isErr bool
	}
	actOpen     struct{ kind dialogKind } // a dialog (dialogs.go)
	actModel    struct{ name string }     // /model PROVIDER/MODEL
	actAttach   struct{ files []string }  // /attach PATH
	actImage    struct{ prompt string }   // /image PROMPT (ui/chat draws it)
	actInspect  struct{}                  // /inspect: the tray's image
	actNew      struct{}                  // /new
	actQuit     struct{}                  // /quit
	actRecall   struct{ text string }     // /recall [TEXT] (ui/composer)
	actCopy     struct{ arg string }      // /copy [code [N]], ctrl+y (ui/chat)
	actEditor   struct{}                  // /editor, ctrl+g (ui/composer)
	actMouse    struct{}                  // /mouse, alt+m
	actSystem   struct{ text string }     // /system [TEXT] (ui/convo)
	actPersona  struct{ name string }     // /persona NAME (ui/convo)
	actRename   struct{ title string }    // /rename TITLE (ui/convo)
	actDelete   struct{}                  // /delete (ui/convo)
	actSpeakSet struct {                  // /speak on|off (ui/speech)
		on     bool
		notice string
	}
	actSpeakStop struct{}             // /speak stop (ui/speech)
	actRead      struct{}             // /speak, alt+s (ui/chat, ui/speech)
	actVoice     struct{}             // /voice, alt+v (ui/speech)
	actRetry     struct{}             // /retry, alt+r (ui/chat)
	actEdit      struct{}             // /edit (ui/chat)
	actBranch    struct{ arg string } // /branch [N|next|prev] (ui/chat)
)

func (actNotice) isAction()    {}
func (actOpen) isAction()      {}
func (actModel) isAction()     {}
func (actAttach) isAction()    {}
func (actImage) isAction()     {}
func (actInspect) isAction()   {}
func (actNew) isAction()       {}
func (actQuit) isAction()      {}
func (actRecall) isAction()    {}
func (actCopy) isAction()      {}
func (actEditor) isAction()    {}
func (actMouse) isAction()     {}
func (actSystem) isAction()    {}
func (actPersona) isAction()   {}
func (actRename) isAction()    {}
func (actDelete) isAction()    {}
func (actSpeakSet) isAction()  {}
func (actSpeakStop) isAction() {}
func (actRead) isAction()      {}
func (actVoice) isAction()     {}
func (actRetry) isAction()     {}
func (actEdit) isAction()      {}
func (actBranch) isAction()    {}

// commands is the command table, in the order /help lists it.
func commands() []command {
	return []command{
		{"/model", "[PROVIDER/MODEL]", "switch model", false, parseModel},
		{"/attach", "PATH", "attach a file", true, parseAttach},
		{"/image", "PROMPT", "draw a picture", true, func(arg string) action { return actImage{strings.TrimSpace(arg)} }},
		{"/inspect", "", "what the model sees", false, func(string) action { return actInspect{} }},
		{"/new", "", "new conversation", false, func(string) action { return actNew{} }},
		{"/history", "", "open a past conversation", false, func(string) action { return actOpen{dialogHistory} }},
		// The conversation and its text (ui/composer, ui/chat, ui/convo).
		{"/recall", "[TEXT]", "recall a message", false, func(arg string) action { return actRecall{arg} }},
		{"/copy", "[code [N]]", "copy the last reply", false, func(arg string) action { return actCopy{arg} }},
		{"/editor", "", "compose in $EDITOR", false, func(string) action { return actEditor{} }},
		{"/mouse", "", "mouse capture on/off", false, func(string) action { return actMouse{} }},
		{"/system", "[TEXT]", "show/set system prompt", false, func(arg string) action { return actSystem{arg} }},
		{"/persona", "NAME", "switch persona", false, func(arg string) action { return actPersona{arg} }},
		{"/rename", "TITLE", "rename it", false, func(arg string) action { return actRename{arg} }},
		{"/delete", "", "delete it", false, func(string) action { return actDelete{} }},
		{"/speak", "[on|off|stop]", "read aloud · every reply", false, parseSpeak},
		{"/voice", "", "hands-free voice mode", false, func(string) action { return actVoice{} }},
		{"/help", "", "this help", false, func(string) action { return actOpen{dialogHelp} }},
		{"/quit", "", "quit", true, func(string) action { return actQuit{} }},
		// The conversation loop on the stored branches (ui/chat).
		{"/retry", "", "answer again (alt+r)", false, func(string) action { return actRetry{} }},
		{"/edit", "", "edit your message", false, func(string) action { return actEdit{} }},
		{"/branch", "[N|next|prev]", "switch branch", false, func(arg string) action { return actBranch{arg} }},
	}
}

// parseModel is /model's argument: none opens the picker.
func parseModel(arg string) action {
	switch {
	case arg == "":
		return actOpen{dialogPicker}
	case !dialog.ValidModelName(arg):
		return actNotice{"/model takes PROVIDER/MODEL, e.g. openai/gpt-4o", true}
	}
	return actModel{arg}
}

// parseAttach is /attach's argument: the files it names.
func parseAttach(arg string) action {
	if arg == "" {
		return actNotice{"/attach takes a file: /attach PATH (tab completes)", true}
	}
	files, _ := paths.ParsePaste(arg, regularFile)
	if files == nil {
		return actNotice{"/attach: " + arg + ": no such file", true}
	}
	return actAttach{files}
}

// parseSpeak is /speak's argument: none reads the selected message or
// the last reply; on and off read every reply as it streams, or stop
// doing so; stop stops the reading.
func parseSpeak(arg string) action {
	switch strings.ToLower(arg) {
	case "on":
		return actSpeakSet{true, "replies are read aloud as they stream (/speak off stops that)"}
	case "off":
		return actSpeakSet{false, "replies are no longer read aloud"}
	case "stop":
		return actSpeakStop{}
	case "":
		return actRead{}
	}
	return actNotice{"/speak takes on, off or stop, or nothing to read the selected message or the last reply", true}
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
	return m.run(c.act(arg), !c.keep), true
}

// run is the one switch over the actions of the command table and the
// root keys: each case hands the action to the component that owns what
// it changes. clear empties the composer first (a command that ran).
func (m *Model) run(a action, clear bool) tea.Cmd {
	if clear {
		m.composer.Reset()
	}
	defer m.layout()
	id := m.chat.ConvID()
	switch a := a.(type) {
	case actNotice:
		m.tray.SetNotice(a.text, a.isErr)
	case actOpen:
		return m.openDialog(a.kind)
	case actModel:
		m.switchModel(dialog.ModelEntry{Name: a.name, Usable: true, Typed: true})
		return m.chipChanges()
	case actAttach: // the command text stays until the files are in the tray
		return tray.Attach(m.opts.Store, m.opts.Docs, a.files, m.composer.Value())
	case actImage:
		return m.drawImage(a.prompt)
	case actInspect:
		if c := m.tray.ImageChip(); c != nil {
			return m.openInspect(c)
		}
		m.tray.SetNotice("no image in the tray to inspect: attach one with ctrl+v, ctrl+t or /attach", true)
	case actNew:
		m.newConversation()
		return composer.LoadHistory(m.opts.Store, 0)
	case actQuit:
		m.stopAll()
		return tea.Quit
	case actRecall:
		return m.applyConvo(recallOutcome(m.composer.Recall(a.text), a.text), nil)
	case actCopy:
		return m.applyChat(m.chat.Copy(a.arg))
	case actEditor:
		return m.applyConvo(editorOutcome(&m.composer))
	case actMouse:
		return m.applyConvo(toggleMouse(&m.mouseOff), nil)
	case actSystem:
		return m.applyConvo(m.convo.System(id, a.text))
	case actPersona:
		return m.applyConvo(m.convo.Persona(id, a.name))
	case actRename:
		return m.applyConvo(m.convo.Rename(id, a.title))
	case actDelete:
		return m.applyConvo(m.convo.AskDelete(id, m.status.Title()))
	case actSpeakSet:
		m.speech.SetAuto(a.on)
		m.tray.SetNotice(a.notice, false)
	case actSpeakStop:
		return m.applySpeech(speech.Result{}, m.speech.Stop())
	case actRead:
		return m.applySpeech(speech.Result{}, m.applyChat(m.chat.ReadAloud()))
	case actVoice:
		return m.applySpeech(m.speech.ToggleVoice(m.ctx))
	case actRetry:
		return m.applyChat(m.chat.Retry(m.newTurn, m.opts.Model, m.tray.IDs()))
	case actEdit:
		return m.applyChat(m.chat.Edit())
	case actBranch:
		return m.applyChat(m.chat.Branch(a.arg))
	}
	return nil
}

// recallOutcome is what /recall says: nothing when it found text, else
// that no earlier message holds it.
func recallOutcome(found bool, text string) convo.Outcome {
	if found {
		return convo.Outcome{}
	}
	return convo.Outcome{Notice: "no earlier message contains " + strconv.Quote(text), IsErr: true}
}

// regularFile reports whether path names an existing regular file.
func regularFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
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

// drawImage is `/image PROMPT`: the [images] backend draws PROMPT into the
// current conversation, with the tray's images as the pictures to edit.
// The reply streams through the same pump as a chat reply: each partial
// image replaces the previous one in place, Esc cancels, and a refused or
// failed generation shows the provider's reason with the prompt kept.
func (m *Model) drawImage(prompt string) tea.Cmd {
	switch {
	case prompt == "":
		m.tray.SetNotice("/image takes a prompt: /image a red fox in the snow", true)
		return nil
	case m.chat.Busy():
		m.tray.SetNotice("a reply is streaming: wait for it or press esc, then /image again", true)
		return nil
	}
	inputs, ok := trayImages(m.tray.Chips())
	if !ok {
		m.tray.SetNotice("/image takes only images from the tray: remove the audio chips first", true)
		return nil
	}
	b, err := imageBackend(m.opts)
	if err == nil && b == nil {
		err = errNoImageModel(m.opts.ConfigPath)
	}
	if err != nil {
		// The command stays in the composer, ready once the config is fixed.
		m.chat.Notice(common.FirstLine(err.Error()), true)
		return nil
	}
	// The same reply lifecycle as a chat turn (ui/chat, ui/stream).
	parts := []session.Part{session.Text{Text: prompt}}
	for _, img := range inputs {
		parts = append(parts, img)
	}
	store, convID, backend := m.opts.Store, m.chat.ConvID(), *b
	o := chat.Outgoing{Parts: parts, Model: backend.Name(), Title: prompt, Text: m.composer.Value(), Chips: m.tray.IDs()}
	return m.applyChat(m.chat.Start(o, func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return session.GenerateImage(ctx, store, convID, backend, prompt, inputs)
	}))
}

// sendTyped is the user sending what they typed (Enter): the notice about
// their previous action ends (tray.clearOnSend), then the message goes.
// Sends that are not the user's doing (the start-up prompt) keep the
// notice, e.g. why a start-up attachment failed.
func (m *Model) sendTyped(text string) tea.Cmd {
	if m.chat.CanSend(text, m.tray.Len()) {
		m.tray.ClearOnSend()
		m.composer.Remember(text) // input history: ↑ recalls it
	}
	return m.handleSubmit(text)
}

// handleSubmit sends text as the next user message. Empty text and a
// second message while a reply streams are refused and the text stays in
// the composer; so does the text when no provider can be used, with the
// reason on the notice line.
func (m *Model) handleSubmit(text string) tea.Cmd {
	if !m.chat.CanSend(text, m.tray.Len()) {
		return nil
	}
	o := chat.Outgoing{Parts: m.tray.Message(text), Model: m.opts.Model, Title: text, Text: text, Chips: m.tray.IDs()}
	return m.applyChat(m.chat.Send(m.newTurn, o))
}

// newTurn asks the factory for a Turn for the current model, with this
// conversation's system prompt, fitted to the model's context. When there
// is none it says why on the notice line and in the status bar, and is
// nil: the notice line, not the transcript, as a transcript entry per
// Enter stacked one "parley" header on another; the text stays in the
// composer to send once the key is set.
func (m *Model) newTurn() *session.Turn {
	var t *session.Turn
	err := errors.New("no provider is configured: set default_model in the config file")
	if m.opts.Turns != nil {
		if t, err = m.opts.Turns(m.opts.Model); err == nil && t == nil {
			err = errors.New("no provider for " + m.opts.Model)
		}
	}
	m.status.SetProblem(modelProblem(err))
	if err != nil {
		m.tray.SetNotice(err.Error(), true)
		m.layout()
		return nil
	}
	p := m.convo.Prompt() // this conversation's, /system and /persona included
	t.System, t.Persona = p.System, p.Persona
	t.FitContext = true // the transcript shows the TurnNotice that says what was left out
	return t
}

// stopAll cancels every running turn (on quit).
func (m *Model) stopAll() {
	m.chat.Stop()
	m.applyVoice(m.voice.Close(), nil) // recording and playback end without waiting
	// Speech stops now; the reading's own Cmd closes the speaker as it
	// ends (the Cmd Stop returns is not needed for that).
	m.speech.Stop()
}
