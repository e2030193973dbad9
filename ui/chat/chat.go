package chat

import (
	"context"
	"time"

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
// the visible blocks, and the viewer.
type Images interface {
	Fit(img session.Image, w int) (cols, rows int)
	Caption(img session.Image, status session.Status, selected bool) string
	EntrySlots(out []images.Slot, bs *images.Blocks, row, height int) []images.Slot
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
}

// New is the chat for opts, empty until Load or Send.
func New(opts Options) *Chat {
	d := &draw{styles: opts.Styles, md: opts.Markdown, docs: &previews{}, imgs: opts.Images, voice: opts.Voice}
	c := &Chat{ctx: context.Background(), opts: opts, keys: opts.Keys, draw: d,
		list: transcript.New[*Entry](d, opts.Scroll), stream: stream.New(context.Background())}
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
		PlayPause: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "play/pause")),
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

// SetContext is the context replies stream under (Run's).
func (c *Chat) SetContext(ctx context.Context) {
	c.ctx = ctx
	c.stream.SetContext(ctx)
}

// Close waits up to grace for cancelled turns to store their status.
func (c *Chat) Close(grace time.Duration) { c.stream.Close(grace) }

// Busy reports whether a reply is streaming.
func (c *Chat) Busy() bool { return c.stream.Busy() }

// ConvID is the open conversation's ID, 0 before its first message is
// stored.
func (c *Chat) ConvID() int64 { return c.convID }

// SetSize gives the transcript its width and rows.
func (c *Chat) SetSize(w, h int) { c.list.SetSize(w, h) }

// Height is the transcript's rows.
func (c *Chat) Height() int { return c.list.Height() }

// Len is the number of entries.
func (c *Chat) Len() int { return c.list.Len() }

// Lines are the transcript's visible lines.
func (c *Chat) Lines() []string { return c.list.Lines() }

// Scroll gives a scrolling key or the mouse wheel to the transcript.
func (c *Chat) Scroll(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	c.list, cmd = c.list.Update(msg)
	return cmd
}

// Scrolls reports whether msg is one of the transcript's scrolling keys.
func (c *Chat) Scrolls(msg tea.KeyPressMsg) bool { return c.opts.Scroll.Scrolls(msg) }

// SetSpinner is the spinner's frame streaming headers show.
func (c *Chat) SetSpinner(frame string) { c.draw.spin = frame }

// SetTheme takes the renderer of a new theme (the styles are shared):
// every entry draws again.
func (c *Chat) SetTheme(md *markdown.Renderer) {
	c.draw.md = md
	c.list.SetMark(c.draw.styles.Accent.Render(selectionMark))
	invalidateAll(&c.list)
}

// Redraw re-lays out every entry: image heights depend on the protocol
// and the cell size, previews arrived, the theme changed.
func (c *Chat) Redraw() {
	invalidateAll(&c.list)
	c.list.Relayout()
}

// Notice adds a notice (or, with failure, an error line) to the
// transcript and follows it.
func (c *Chat) Notice(text string, failure bool) {
	kind := transcript.KindNotice
	if failure {
		kind = transcript.KindFailure
	}
	c.list.Add(newNoticeEntry(kind, text))
	c.list.Follow()
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
		*c.prompt = *newNoticeEntry(transcript.KindSystem, text)
	}
}

// Relayout lays the entries out again (the prompt's entry changed).
func (c *Chat) Relayout() { c.list.Relayout() }

// Previews is the Cmd that makes the transcript's previews of the
// documents among parts (PDF first pages, text files' first lines).
func (c *Chat) Previews(parts []session.Part) tea.Cmd {
	return c.draw.docs.fetch(c.opts.Store, c.opts.Docs, parts)
}

// PreviewsOf is Previews of every part of msgs (a loaded conversation).
func (c *Chat) PreviewsOf(msgs []session.Message) tea.Cmd { return c.Previews(messageParts(msgs)) }

// KeepSpoken shows speech kept with message id on its entry.
func (c *Chat) KeepSpoken(id int64, sp session.Spoken) {
	for _, e := range c.list.Entries() {
		if e.kind == transcript.KindMessage && e.msg.ID == id {
			kept := sp
			e.msg.Spoken = &kept
			e.invalidate()
		}
	}
}

// Entries are the transcript's entries in order (read them through
// Entry's accessors).
func (c *Chat) Entries() []*Entry { return c.list.Entries() }

// Last is the newest entry, or nil.
func (c *Chat) Last() *Entry { return c.list.Last() }

// Selected is the selected message, if one is.
func (c *Chat) Selected() (*Entry, bool) { return c.list.Selected() }

// Following reports whether the transcript follows its bottom.
func (c *Chat) Following() bool { return c.list.Following() }

// ImageSelected reports whether an image is the media selection.
func (c *Chat) ImageSelected() bool { return c.imgSel.ok }

// EntryLines are e's lines at width w, as the transcript draws them.
func (c *Chat) EntryLines(e *Entry, w int) []string {
	return e.linesIn(w, 0, e.height(w, c.draw), c.draw)
}

// Blocks are e's image blocks at the transcript's width, laid out.
func (c *Chat) Blocks(e *Entry) []images.Block {
	e.height(c.list.Width(), c.draw)
	return e.blocks.List()
}

// Message is the entry's message (sanitized), for a message entry.
func (e *Entry) Message() session.Message { return e.msg }

// Text is the entry's sanitized markdown text.
func (e *Entry) Text() string { return e.text() }

// Kind is what the entry is: a message, a notice, a failure, the prompt.
func (e *Entry) Kind() transcript.Kind { return e.kind }

// Tags are what its header shows besides who wrote it.
func (e *Entry) Tags() transcript.Tags { return e.tags }

// Branch is the message's place among its stored siblings.
func (e *Entry) Branch() session.Siblings { return e.branch }

// Wait waits up to d for every turn to end (tests, and Run's Close).
func (c *Chat) Wait(d time.Duration) { c.stream.Wait(d) }

// SetFrame is how long stream events are coalesced into one frame.
func (c *Chat) SetFrame(d time.Duration) { c.stream.SetFrame(d) }

// ActiveID is the streaming reply's stream ID (0 for none): frames are
// matched against it.
func (c *Chat) ActiveID() int { return c.stream.ActiveID() }

// Draining is how many cancelled turns are still ending.
func (c *Chat) Draining() int { return c.stream.Draining() }

// SetImages replaces the image pipeline the entries draw with (one
// built after New, as a test's with its own terminal).
func (c *Chat) SetImages(imgs Images) {
	c.opts.Images, c.draw.imgs = imgs, imgs
	c.Redraw()
}

// MarkdownStats is the markdown renderer's work so far (what the
// benchmarks count).
func (c *Chat) MarkdownStats() markdown.Stats { return c.draw.md.Stats() }

// Previewed is how many documents' previews have been made.
func (c *Chat) Previewed() int { return len(c.draw.docs.byBlob) }

// History is the conversation the next message sends: every user and
// assistant message with text or media, in order.
func (c *Chat) History() []session.Message { return history(c.list.Entries()) }

// Top is the first visible entry and the lines of it scrolled off.
func (c *Chat) Top() (i, skip int) { return c.list.Start() }

// ShowAt scrolls so line of entry i is the transcript's top row.
func (c *Chat) ShowAt(i, line int) { c.list.ShowAt(i, line) }

// ImageBlocks are the entry's image blocks as ui/images names them (a
// Slot's Ref.Blocks).
func (e *Entry) ImageBlocks() *images.Blocks { return &e.blocks }
