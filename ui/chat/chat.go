package chat

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/themes"
	"parley/ui/common"
	"parley/ui/convo"
	"parley/ui/images"
	"parley/ui/markdown"
	"parley/ui/stream"
	"parley/ui/transcript"
	"parley/ui/voice"
)

// selectionMark runs down the left edge of the selected message.
const selectionMark = "▌"

// Status is the status bar as the chat drives it (status.Bar): a turn's
// transitions and the conversation's title.
type Status interface {
	BeginTurn()
	Thinking()
	Streaming()
	Rate(tps float64)
	Drawing(partial bool)
	Usage(u session.Usage)
	Finish(s session.Status)
	Refused(prevTitle string)
	Title() string
	SetTitle(t string)
}

// Speaker is reading aloud as the chat feeds it (speech.Speaker): a
// reply is read as it streams, sending stops what is read, and a message
// is read (or its kept speech replayed) on demand.
type Speaker interface {
	Read(ctx context.Context, ref *Entry, id int64, text string) tea.Cmd
	Replay(ctx context.Context, ref *Entry, sp session.Spoken) tea.Cmd
	Stop() tea.Cmd
	Auto() bool
	Begin(ctx context.Context, ref *Entry) tea.Cmd
	Write(ref *Entry, delta string)
	End(ref *Entry, id int64)
}

// Images is the inline-image pipeline as the entries draw with it
// (images.Images): the rows an image takes, its caption, the slots of
// the visible blocks and of those just off screen, and the viewer.
type Images interface {
	Fit(img session.Image, w int) (cols, rows int)
	Caption(img session.Image, status session.Status, selected bool) string
	EntrySlots(out []images.Slot, bs *images.Blocks, row, height int) []images.Slot
	NearSlots(out []images.Slot, bs *images.Blocks) []images.Slot
	Open(img session.Image)
}

// Voices is the voice notes' coordinator as the entries draw with it and
// the media selection moves over it (voice.Notes).
type Voices interface {
	ViewOf(ref VoiceRef) common.PlayView
	Selected() (VoiceRef, bool)
	Select(r VoiceRef) (prev VoiceRef)
	HasSelection() bool
}

// Options is what the chat is built with: the store it reads branches
// and previews from, the components it reaches through the interfaces
// above, its keys and the transcript's scrolling keys.
type Options struct {
	Store    *session.Store
	Docs     *session.DocTools
	Price    session.PriceFunc
	Styles   *themes.Styles
	Markdown *markdown.Renderer
	Keys     KeyMap
	Scroll   transcript.KeyMap
	Status   Status
	Speech   Speaker
	Images   Images
	Voice    Voices
}

// Chat is the conversation as it is shown and driven: its entries and
// their drawing, the streaming reply, the queued message, the loop on the
// stored branches and the media selection. Use New.
type Chat struct {
	ctx    context.Context
	opts   Options
	keys   KeyMap
	draw   *draw
	list   transcript.Model[*Entry]
	stream *stream.Stream
	reply  *reply // what is shown of the streaming reply, or nil
	// queue is the message typed while a reply streams (queue.go).
	queue stream.Queue
	// editing is the stored message the composer holds for editing
	// (/edit, branch.go): the next send makes a new branch from it.
	editing *session.Draft
	// prompt is the system prompt's entry at the top, nil while there
	// is none.
	prompt *Entry
	convID int64
	imgSel imageRef // the selected image (select.go)
	pages  pages    // a lazy conversation's loading (lazy.go)
}

// New is the chat for opts, empty until Load or Send.
func New(opts Options) *Chat {
	d := &draw{styles: opts.Styles, md: opts.Markdown, docs: &previews{}, imgs: opts.Images, voice: opts.Voice}
	d.lines = transcript.NewCache[*Entry](d, lineBudget)
	c := &Chat{ctx: context.Background(), opts: opts, keys: opts.Keys, draw: d,
		list: transcript.New[*Entry](layout{d.lines}, opts.Scroll), stream: stream.New(context.Background())}
	c.list.SetMark(opts.Styles.Accent.Render(selectionMark))
	return c
}

// Outcome is what the root must do after a chat call: the notice line,
// the composer and the tray (which the chat does not own), and the Cmd
// that carries on the chat's work. The root applies it in one place and
// lays the screen out again.
type Outcome struct {
	// Notice is the notice line's text when SetNotice is set.
	Notice           string
	IsErr, SetNotice bool
	// Clear resets the composer when it holds exactly ClearText (the
	// text sent or queued).
	Clear     bool
	ClearText string
	// GiveBack puts text into the composer when it is empty (a refused
	// message, a queued one taken back).
	GiveBack string
	// Compose sets the composer's text (a message taken back to edit).
	Compose    string
	SetCompose bool
	// UnselectChip ends the tray's chip selection (a reply started).
	UnselectChip bool
	// RemoveChips are the chips the stored user message carried.
	RemoveChips []int
	// Attach are parts the tray takes as chips (a draft's attachments,
	// the selected image's a); the notice is set after them.
	Attach []session.Part
	// Relabel relabels the chips for the model (after Attach).
	Relabel bool
	// Fit fits the tray's chips for the model (after Attach).
	Fit bool
	// SaveImage opens the save dialog for the image.
	SaveImage *session.Image
	// Loaded is the conversation read again from the store: the root's
	// conversation state (its prompt and cost) follows it.
	Loaded *session.Conversation
	// Started says a reply began: the spinner turns, the status bar
	// shows what is read aloud.
	Started bool
	// Finished says a reply ended: the conversation's cost changed.
	Finished bool
	// Submit is a message to send now (the queued one, once the reply
	// ended).
	Submit    string
	SubmitSet bool
	// Cmd carries on the chat's work; its result is a Msg.
	Cmd tea.Cmd
}

// Layout reports whether o asks anything of the root besides running
// its Cmd: whether it changes what sits around the transcript — the
// composer, the tray, the notice line, the queued message's line — so
// the root applies it and lays the screen out again. A stream frame that
// only adds text does not: the transcript follows it by itself, and the
// root's layout (which draws the tray) stays off the per-frame path.
func (o Outcome) Layout() bool {
	return o.Clear || o.GiveBack != "" || o.SetCompose || o.UnselectChip || len(o.RemoveChips) > 0 ||
		len(o.Attach) > 0 || o.Relabel || o.SetNotice || o.Fit || o.SaveImage != nil || o.Loaded != nil ||
		o.Started || o.Finished || o.SubmitSet
}

// notice is o with the notice line set.
func (o Outcome) notice(text string, isErr bool) Outcome {
	o.Notice, o.IsErr, o.SetNotice = text, isErr, true
	return o
}

// say is an Outcome that only sets the notice line.
func say(text string, isErr bool) Outcome { return Outcome{}.notice(text, isErr) }

// Msg is the chat's Cmds' results; the root routes it to Update.
type Msg interface{ chatMsg() }

func (branchMsg) chatMsg()  {}
func (draftMsg) chatMsg()   {}
func (previewMsg) chatMsg() {}
func (dueMsg) chatMsg()     {}

// dueMsg is the queued message, due now that the reply ended.
type dueMsg struct{ text string }

// Update applies one of the chat's own messages or a stream frame.
func (c *Chat) Update(msg tea.Msg) Outcome {
	switch msg := msg.(type) {
	case stream.Msg:
		return c.handleStream(msg)
	case branchMsg:
		return c.handleBranch(msg)
	case draftMsg:
		return c.handleDraft(msg)
	case previewMsg:
		c.draw.docs.add(msg)
		c.Redraw()
	case dueMsg:
		return Outcome{Submit: msg.text, SubmitSet: true}
	case pageMsg:
		return c.handlePage(msg) // lazy.go
	}
	return Outcome{}
}

// KeyMap is the keys the chat handles: message selection and what acts
// on the selected message, the media selection's keys, esc's dropping a
// selection and stopping a reply, space kept for a selected voice note.
type KeyMap struct {
	Select    transcript.SelectKeyMap
	Media     images.KeyMap
	Deselect  key.Binding
	Stop      key.Binding
	PlayPause key.Binding
}

// DefaultKeyMap is the chat's keys as parley binds them (the root's
// keyMap holds the same bindings for its help).
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Select:    transcript.DefaultSelectKeyMap(),
		Media:     images.DefaultKeyMap(),
		Deselect:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "drop the selection")),
		Stop:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop the reply")),
		PlayPause: voice.DefaultKeyMap().PlayPause, // a selected voice note's: typing it keeps the selection
	}
}

// ShortHelp is the selection keys (help.KeyMap).
func (k KeyMap) ShortHelp() []key.Binding {
	return append(k.Select.ShortHelp(), k.Media.Next, k.Stop)
}

// FullHelp is every key the chat handles (help.KeyMap).
func (k KeyMap) FullHelp() [][]key.Binding {
	return append(append(k.Select.FullHelp(), k.Media.FullHelp()...), []key.Binding{k.Stop, k.Deselect, k.PlayPause})
}

// Load shows a stored conversation: its messages with their branch
// positions and costs, its title; a failed last reply says how to retry.
// The root's conversation state (prompt, cost) is its own to load.
func (c *Chat) Load(conv *session.Conversation) {
	if conv == nil {
		return
	}
	c.convID = conv.ID
	c.opts.Status.SetTitle(conv.Title)
	for _, msg := range conv.Messages {
		c.list.Add(newMessageEntry(msg))
	}
	branchTags(c.list.Entries(), conv, c.opts.Price) // branch.go: ‹ i/n › and costs
	c.markRetry()
}

// markRetry has a failed last reply say how to retry.
func (c *Chat) markRetry() {
	if last := c.list.Last(); last != nil && last.msg.Role == session.RoleAssistant {
		switch last.msg.Status {
		case session.StatusError, session.StatusCancelled, session.StatusInterrupted:
			last.retry = true
		}
	}
}

// Reset empties the transcript for another conversation: turns still
// ending are forgotten so none reattaches the old conversation, the
// selected image and an /edit of the old conversation are let go.
func (c *Chat) Reset() {
	c.stream.Forget()
	c.imgSel = imageRef{}
	c.editing = nil
	c.list.Reset()
	c.pages.reset()
	c.prompt = nil // the system prompt's entry went with the rest
}

// Clear starts a new conversation: the streaming reply stops, the
// transcript empties (Reset) and the next message starts a new one.
func (c *Chat) Clear() {
	c.Stop()
	c.Reset()
	c.convID = 0
}

// ShowPrompt keeps the system prompt's entry at the top in step with p:
// made, changed or removed.
func (c *Chat) ShowPrompt(p convo.Prompt) {
	text := p.System
	if p.Persona != "" {
		text = "persona " + p.Persona + " · " + text
	}
	switch {
	case p.System == "" && c.prompt != nil:
		c.list.Remove(c.prompt)
		c.prompt = nil
	case p.System == "":
	case c.prompt == nil:
		c.prompt = newNoticeEntry(transcript.KindSystem, text)
		c.list.Prepend(c.prompt)
	default:
		ver := c.prompt.ver
		*c.prompt = *newNoticeEntry(transcript.KindSystem, text)
		c.prompt.ver = ver    // the line cache keys on it: the new text's
		c.prompt.invalidate() // version is a later one (budget.go)
	}
}

// Relayout lays the entries out again (the prompt's entry changed).
func (c *Chat) Relayout() { c.list.Relayout() }
