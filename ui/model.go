package ui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/audio"
	"parley/session"
	"parley/themes"
	"parley/ui/chat"
	"parley/ui/common"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/paste"
	"parley/ui/speech"
	"parley/ui/status"
	"parley/ui/tray"
	"parley/ui/voice"
)

// minDialogRows is the transcript height below which an open dialog also
// covers the tray and the composer (at 40×10 the transcript has 6 rows,
// too few for a bordered box with a title, a list and its key hints).
const minDialogRows = 10

// quitGrace is how long Run waits, after the program ends, for a cancelled
// turn to store its final status.
const quitGrace = 3 * time.Second

// Model is the root of the TUI. Use New; the zero value is not usable.
// Its methods have pointer receivers: Update mutates the model and returns
// the same pointer.
type Model struct {
	ctx    context.Context
	opts   Options
	keys   keyMap
	styles *themes.Styles
	img    *images.Images // inline images, detection and the viewer (ui/images)
	// themeFixed is set when Options.Theme chose the theme, so the
	// terminal's background colour is not asked for.
	themeFixed bool

	width, height int

	// chat is the conversation as shown and driven: the entries, the
	// streaming reply, the queue, branches, the media selection (ui/chat).
	chat     *chat.Chat
	composer composer.Model
	status   *status.Bar // shared with the chat, which drives a turn's transitions
	spinner  common.Spinner
	dialogs  dialog.Overlay
	paste    paste.Guard // holds the keys right after a paste (ui/paste)

	tray   tray.Tray                    // attachments waiting to be sent, and the notice line
	picked *dialog.ModelEntry           // the picker's choice, for its caps when Options.Caps is nil
	voice  *voice.Notes[chat.VoiceRef]  // voice notes: microphone, speaker, selection (ui/voice)
	speech *speech.Speaker[*chat.Entry] // reading aloud and voice mode (ui/speech)

	// convo is the conversation's system prompt, title, deletion and
	// cost (ui/convo).
	convo *convo.Manager
	// mouseOff is /mouse: the terminal's own selection instead of the
	// wheel scrolling the transcript.
	mouseOff bool
}

// submitMsg asks the model to send text as the user's next message.
type submitMsg struct{ text string }

// New returns the model for opts. Tests drive it through Update; Run runs
// it in a terminal.
func New(opts Options) Model {
	pal, _ := themes.Auto("", opts.ColorFGBG) // until the terminal answers
	fixed := false
	var themeErr error
	if opts.Theme != "" {
		var p themes.Palette
		if p, themeErr = themes.Find(opts.ThemeDir, opts.Theme); themeErr == nil {
			pal, fixed = p, true
		}
	}
	st := themes.NewStyles(pal)
	keys := defaultKeys()
	m := Model{
		ctx:        context.Background(),
		opts:       opts,
		keys:       keys,
		styles:     &st,
		themeFixed: fixed,
		composer:   composer.New(keys.Composer, &st),
		spinner:    common.NewSpinner(),
		tray:       tray.New(),
	}
	bar := status.New(&st, opts.Model)
	m.status = &bar
	m.convo = convo.New(opts.Store, opts.Price, opts.Personas, convo.Prompt{System: opts.System, Persona: opts.Persona})
	m.img = newImages(opts, &st, keys.Images)
	m.voice = voice.NewNotes[chat.VoiceRef](keys.Voice, opts.Audio, opts.Store)
	m.speech = newSpeaker(keys.Speech, opts)
	m.chat = chat.New(chat.Options{Store: opts.Store, Docs: opts.Docs, Price: opts.Price, Styles: &st,
		Markdown: common.NewMarkdown(pal), Keys: keys.chatKeys(), Scroll: keys.Transcript,
		Status: m.status, Speech: m.speech, Images: m.img, Voice: m.voice})
	m.chat.SetSpinner(m.spinner.Frame())
	m.status.SetSpinner(m.spinner.Frame())
	if themeErr != nil {
		m.chat.Notice(common.FirstLine(themeErr.Error())+"; following the terminal's background", true)
	}
	m.load(opts.Conversation, opts.Outline)
	if opts.Conversation != nil {
		// Options' prompt is what the app chose for this conversation:
		// the flags', else the conversation's own.
		m.convo.Use(convo.Prompt{System: opts.System, Persona: opts.Persona})
	}
	m.chat.ShowPrompt(m.convo.Prompt())
	if opts.ResumeNotice != "" { // -r/-c could not restore the conversation's model
		m.chat.Notice(opts.ResumeNotice, false)
	}
	if opts.SetupHint != "" {
		m.chat.Notice(opts.SetupHint, false)
	}
	m.resize(80, 24) // until the terminal tells its size
	return m
}

// load shows a resumed conversation: its system prompt at the top, its
// messages (ui/chat; lazily when it comes as outline o), its cost in the
// status bar.
func (m *Model) load(c *session.Conversation, o *session.Outline) {
	if o != nil {
		c = &o.Conversation // its row and every message's header: prompt, cost, branches
	}
	if c == nil {
		return
	}
	m.convo.Load(c)
	m.status.SetCost(m.convo.Cost())
	if o != nil {
		m.chat.LoadOutline(o)
	} else {
		m.chat.Load(c)
	}
	m.chat.ShowPrompt(m.convo.Prompt())
}

// Init asks for the terminal background (unless a theme was chosen) and
// sends the start-up prompt, if any.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	if !m.themeFixed {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	p := m.opts.Prompt
	switch {
	case len(m.opts.Attachments) > 0:
		// The prompt waits for the attachments so it is sent with them.
		cmds = append(cmds, tray.StartAttachments(m.opts.Store, m.opts.Docs, m.opts.Attachments, p))
	case strings.TrimSpace(p) != "":
		cmds = append(cmds, func() tea.Msg { return submitMsg{text: p} })
	}
	cmds = append(cmds, m.img.Init(), prewarmDocs(m.opts.Docs), // terminal graphics detection, PDFium
		composer.LoadHistory(m.opts.Store, m.chat.ConvID())) // input history
	if o := m.opts.Outline; o != nil {
		cmds = append(cmds, m.chat.PreviewsOf(o.Tail), m.chat.Want())
	} else if c := m.opts.Conversation; c != nil {
		cmds = append(cmds, m.chat.PreviewsOf(c.Messages))
	}
	if m.opts.SetupHint != "" {
		// Something is missing: the status bar says what, not "ready".
		cmds = append(cmds, checkModel(m.opts.Turns, m.opts.Model))
	}
	return tea.Batch(append(cmds, m.composer.Focus())...)
}

// View lays out transcript (or the top dialog), composer and status bar.
// It joins the three in one allocation: View runs once per streamed frame.
func (m *Model) View() tea.View {
	if m.img.Viewing() {
		return viewerView(m.img.ViewerView(m.width, m.height), windowTitle(m.status.Title())) // full-screen image viewer (ui/images)
	}
	var parts []string
	open := m.dialogs.IsOpen()
	if th := m.chat.Height(); open && th < minDialogRows {
		// A short screen: the dialog, which has the keys anyway, covers
		// the tray and composer too, so it keeps a few rows of content.
		parts = []string{m.dialogs.View(m.width, m.height-1), m.status.View(m.width)}
	} else {
		if th > 0 {
			switch {
			case open:
				parts = []string{m.dialogs.View(m.width, th)}
			case m.chat.Len() == 0:
				parts = []string{emptyView(m.width, th, m.styles)}
			default:
				parts = m.chat.Lines()
				m.img.Overlay(m.chat.Slots(), parts, m.chat.MediaRef()) // images over their reserved rows
			}
		}
		parts = append(parts, m.chat.QueueLines(m.width)...)                               // the message sent when the reply ends (ui/chat)
		parts = append(parts, trayLines(&m.tray, m.voice, m.speech, m.width, m.styles)...) // the tray, or the recording bar (apply.go)
		parts = append(parts, m.composer.View(), m.status.View(m.width))
	}
	v := tea.NewView(common.ClipLines(strings.Join(parts, "\n"), m.height))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	if m.mouseOff {
		v.MouseMode = tea.MouseModeNone // /mouse: the terminal selects text
	}
	// Bubble Tea always asks for kitty key disambiguation, which is what
	// tells shift+enter from enter; event types are not needed.
	v.KeyboardEnhancements = tea.KeyboardEnhancements{}
	v.WindowTitle = windowTitle(m.status.Title())
	return v
}

// windowTitle is the terminal's title for the conversation's.
func windowTitle(title string) string {
	if title != "" {
		return "parley · " + title
	}
	return "parley"
}

// emptyView is the hint shown before the first message, cut with an
// ellipsis on a narrow screen.
func emptyView(w, h int, st *themes.Styles) string {
	hint := ansi.Truncate("Type a message and press enter · ? for keys", w, "…")
	return common.ClipLines(st.Empty.Render(hint)+strings.Repeat("\n", h-1), h)
}

// resize lays the screen out: status bar 1 line, composer as tall as its
// text allows, the transcript the rest.
func (m *Model) resize(w, h int) {
	m.width, m.height = max(w, 1), max(h, 1)
	m.composer.SetSize(m.width, m.height)
	m.layout()
}

// layout gives the transcript what the composer and status bar leave.
func (m *Model) layout() {
	below := len(m.chat.QueueLines(m.width)) + len(trayLines(&m.tray, m.voice, m.speech, m.width, m.styles))
	m.chat.SetSize(m.width, m.height-m.composer.Height()-1-below)
}

// Run runs the TUI until the user quits. ctx cancels a streaming reply and
// ends the program.
func Run(ctx context.Context, opts Options) error {
	m := New(opts)
	m.ctx = ctx
	m.chat.SetContext(ctx)
	p := tea.NewProgram(&m, tea.WithContext(ctx))
	_, err := p.Run()
	m.stopAll()
	m.speech.Close() // the program is over: the microphone and speaker close now
	m.chat.Close(quitGrace)
	if err != nil && ctx.Err() != nil {
		return nil // cancelled from outside: not a failure of the UI
	}
	return err
}

// handleBackground picks the dark or light theme from the terminal's
// background colour, unless the user chose one.
func (m *Model) handleBackground(msg tea.BackgroundColorMsg) tea.Cmd {
	if m.themeFixed {
		return nil
	}
	p := themes.ForBackground(msg.IsDark())
	if p.Name == m.styles.Palette.Name {
		return nil
	}
	// The styles and markdown renderer are rebuilt. The pointers are
	// shared with the children, so they see the new theme at once; cached
	// renders are dropped. A reply streaming now keeps its renderer until
	// it ends.
	*m.styles = themes.NewStyles(p)
	m.chat.SetTheme(common.NewMarkdown(p))
	m.composer.SetStyles(m.styles)
	m.status.SetStyles(m.styles)
	return nil
}

// newImages is the images component for opts.
func newImages(opts Options, st *themes.Styles, keys images.KeyMap) *images.Images {
	var load func(string) ([]byte, error)
	if opts.Store != nil {
		load = opts.Store.Blob
	}
	return images.New(images.Options{Load: load, MaxRows: opts.ImageMaxRows, Protocol: opts.ImageProtocol,
		Styles: st, Keys: keys})
}

// viewerView is the full-screen image viewer as the program's view.
func viewerView(content, title string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.KeyboardEnhancements = tea.KeyboardEnhancements{}
	v.WindowTitle = title
	return v
}

// newSpeaker builds the Speaker from the options: the speaker device
// voice notes play on unless the backend names its own, and the store
// keeps the audio.
func newSpeaker(keys speech.KeyMap, opts Options) *speech.Speaker[*chat.Entry] {
	be := opts.Speech
	if be.Sink == nil && be.Audio.Backends == nil && be.Audio.DeviceName == "" {
		be.Audio = audio.Options{Backends: opts.Audio.Backends, DeviceName: opts.Audio.OutputDevice}
	}
	if be.Keep == nil && opts.Store != nil {
		be.Keep = opts.Store
	}
	if be.InputDevice == "" {
		be.InputDevice = opts.Audio.InputDevice
	}
	if rec := opts.Audio.NewRecorder; be.Mic == nil && rec != nil {
		be.Mic = func() speech.Mic { return rec() } // tests' recorders serve voice mode too
	}
	return speech.New[*chat.Entry](keys, be, opts.AutoSpeak)
}
