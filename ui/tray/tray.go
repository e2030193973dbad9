// Package tray is the strip above the composer: the attachments waiting
// to be sent (chips) and the notice line, one message about the user's
// last action. It owns the chips' state — selection, labels for the
// current model, a voice note's transcript and playback as shown — and
// the root drives it through methods; chips are handed out read-only.
//
// It also makes chips: storing files, pasted paths and the clipboard's
// image (attach.go), and fitting image chips for the model, all in Cmds
// whose one sealed Msg comes back to Update. The selected chip's keys
// (KeyMap, HandleKey) are here too. What only the root can do — open the
// inspect dialog, change the composer, send, relabel for the model it
// knows — comes back as an Outcome; the cut is there because the caps,
// the composer and the dialogs are the root's.
package tray

import (
	"slices"
	"strings"

	"parley/providers"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

// Chip is one attachment: a stored image, audio clip, document (PDF or
// text file) or video. Exactly one of them is set. Make one with
// NewImage, NewAudio or FromPart.
type Chip struct {
	id    int // unique in the tray's life; set by Add
	image *session.Image
	audio *session.Audio
	doc   *docChip   // a document or a video (docs.go); may be nil
	voice *voiceNote // a voice note's playback and transcript; may be nil
	// label is the chip's text for the current model and refused marks a
	// chip the model cannot take; both are set by Relabel.
	label string
	// changes are the lossy steps fitting makes for the model changesFor
	// (first frame, format, bit depth, alpha, recompression), named on the
	// chip while that model is in use: set by SetChanges.
	changes    []string
	changesFor string
	refused    bool
}

// voiceNote is an audio chip's voice-note state; nil on chips that were
// never recorded, played or transcribed.
type voiceNote struct {
	recorded     bool   // made with Ctrl+R: labelled with its waveform
	transcribing bool   // a transcript is being made
	err          string // why the transcript could not be made
	play         common.PlayView
}

// NewImage is a chip for a stored image.
func NewImage(img session.Image) Chip { return Chip{image: &img} }

// NewAudio is a chip for stored audio; recorded marks a voice note made
// with the microphone (labelled with its waveform).
func NewAudio(au session.Audio, recorded bool) Chip {
	c := Chip{audio: &au}
	if recorded {
		c.voice = &voiceNote{recorded: true}
	}
	return c
}

// NewDocument is a chip for stored text (a large paste).
func NewDocument(d session.Document) Chip { return Chip{doc: &docChip{part: d}} }

// ID is the chip's ID, unique in the tray's life.
func (c *Chip) ID() int { return c.id }

// Image is the chip's image, nil for audio. Read only: change it through
// the Tray (SetDetail).
func (c *Chip) Image() *session.Image { return c.image }

// Audio is the chip's audio, nil for an image. Read only.
func (c *Chip) Audio() *session.Audio { return c.audio }

// Refused reports that the current model cannot take the chip at all.
func (c *Chip) Refused() bool { return c.refused }

// Recorded reports a voice note made with the microphone.
func (c *Chip) Recorded() bool { return c.voice != nil && c.voice.recorded }

// Label is what the chip says for the current model.
func (c *Chip) Label() string { return c.label }

// Part is what the chip sends.
func (c *Chip) Part() session.Part {
	switch {
	case c.image != nil:
		return *c.image
	case c.doc != nil:
		return c.doc.part
	}
	return *c.audio
}

// Name is the chip's display name (the store made it safe).
func (c *Chip) Name() string {
	switch {
	case c.image != nil:
		return c.image.Name
	case c.doc != nil:
		return c.doc.name()
	}
	return c.audio.Name
}

// Tray holds the chips and the notice line. Use New.
type Tray struct {
	items     []*Chip
	sel       int // the selected chip, or -1 when the composer has the keys
	nextID    int
	notice    string
	noticeErr bool
	progress  bool // the notice reports work still running
	// gen counts changes; the rendered lines are kept until it, the width
	// or the theme changes (View runs on every streamed frame).
	gen   int
	cache cache
	// caps, known and model are the last Relabel's, so SetChanges can
	// relabel one chip the same way.
	caps  providers.Caps
	known bool
	model string
	// plan says what a document or video chip sends to the model in use
	// (SetPlanner); nil labels them with their facts only.
	plan Planner
	keys KeyMap
}

type cache struct {
	gen, width int
	theme      string
	lines      []string
	ok         bool
}

// New is an empty tray.
func New() Tray { return Tray{sel: -1, keys: DefaultKeyMap()} }

// Add appends a chip and returns its ID.
func (t *Tray) Add(c Chip) int {
	t.nextID++
	c.id = t.nextID
	t.items = append(t.items, &c)
	t.gen++
	return c.id
}

// Len is how many chips there are.
func (t *Tray) Len() int { return len(t.items) }

// Chips are the chips in order (read only).
func (t *Tray) Chips() []*Chip { return slices.Clone(t.items) }

// ByID is the chip with id, or nil (sent or removed meanwhile).
func (t *Tray) ByID(id int) *Chip {
	for _, c := range t.items {
		if c.id == id {
			return c
		}
	}
	return nil
}

// Remove drops chip i and keeps a sensible selection.
func (t *Tray) Remove(i int) {
	if i < 0 || i >= len(t.items) {
		return
	}
	t.items = slices.Delete(t.items, i, i+1)
	t.sel = min(t.sel, len(t.items)-1)
	t.gen++
}

// RemoveIDs drops the chips that were sent (their turn saved the message).
func (t *Tray) RemoveIDs(ids []int) {
	if len(ids) == 0 {
		return
	}
	t.items = slices.DeleteFunc(t.items, func(c *Chip) bool { return slices.Contains(ids, c.id) })
	t.sel = min(t.sel, len(t.items)-1)
	t.gen++
}

// Selected is the selected chip, or nil.
func (t *Tray) Selected() *Chip {
	if t.sel < 0 || t.sel >= len(t.items) {
		return nil
	}
	return t.items[t.sel]
}

// SelectedIndex is the selected chip's index, -1 for none.
func (t *Tray) SelectedIndex() int { return t.sel }

// Select selects chip i (clamped); -1 gives the keys back.
func (t *Tray) Select(i int) {
	t.sel = max(min(i, len(t.items)-1), -1)
	t.gen++
}

// IDs lists the chips' IDs, in order.
func (t *Tray) IDs() []int {
	out := make([]int, len(t.items))
	for i, c := range t.items {
		out[i] = c.id
	}
	return out
}

// Parts is what the chips send, in order.
func (t *Tray) Parts() []session.Part {
	out := make([]session.Part, 0, len(t.items))
	for _, c := range t.items {
		out = append(out, c.Part())
	}
	return out
}

// Images are the chips' images; ok is false when the tray also holds
// audio or text.
func (t *Tray) Images() (imgs []session.Image, ok bool) {
	for _, c := range t.items {
		if c.image == nil {
			return nil, false
		}
		imgs = append(imgs, *c.image)
	}
	return imgs, true
}

// SetNotice shows one line above the composer (untrusted text is made
// safe); "" clears it.
func (t *Tray) SetNotice(s string, isErr bool) {
	s = common.Line(s) // one line, measured alike by every terminal
	if s == t.notice && isErr == t.noticeErr && !t.progress {
		return
	}
	t.notice, t.noticeErr, t.progress = s, isErr, false
	t.gen++
}

// SetProgress shows a notice about work still running ("reading the
// clipboard…"): sending a message keeps it, and the work's result
// replaces it.
func (t *Tray) SetProgress(s string) {
	t.SetNotice(s, false)
	t.progress = true
}

// Progress reports whether the notice is a progress line.
func (t *Tray) Progress() bool { return t.progress }

// Notice is the notice line and whether it is an error.
func (t *Tray) Notice() (string, bool) { return t.notice, t.noticeErr }

// ClearOnSend ends the notice when the user sends a message (Enter).
//
// Notices are transient: each reports on the user's previous action, a
// confirmation ("transcript saved", "copied PATH") or an error ("no
// microphone found: …", "unknown command /x"), and once the next message
// is sent it would describe something already over. Only a user action
// ends one, never an event (a reply finishing, a transcript arriving), so
// an error stays until the user has seen it and moved on; a notice the
// send itself sets (its refusal) comes after this and stays. The one kept
// is a progress line for work still running, which that work's result
// replaces.
func (t *Tray) ClearOnSend() {
	if !t.progress {
		t.SetNotice("", false)
	}
}

// Relabel recomputes every chip's label for the model in use; known is
// false when its capabilities are not known.
func (t *Tray) Relabel(caps providers.Caps, known bool, model string) {
	t.caps, t.known, t.model = caps, known, model
	for _, c := range t.items {
		t.replan(c)
		c.label, c.refused = chipLabel(c, caps, known, model)
	}
	t.gen++
}

// SetChanges records what sending chip id to model changes (the lossy
// steps of fitting it); the chip names them while model is in use.
func (t *Tray) SetChanges(id int, model string, changes []string) {
	c := t.ByID(id)
	if c == nil {
		return
	}
	c.changes, c.changesFor = changes, model
	if t.model == model {
		c.label, c.refused = chipLabel(c, t.caps, t.known, t.model)
	}
	t.gen++
}

// SetTiles sets image chip id's whole-or-tiles choice (session.TilesOff
// sends it whole; "" lets the turn decide).
func (t *Tray) SetTiles(id int, mode string) {
	if c := t.ByID(id); c != nil && c.image != nil {
		c.image.Tiles = mode
		t.gen++
	}
}

// SetDetail sets OpenAI's detail ("low", "high") of image chip id; the
// chip re-estimates for the last Relabel's model.
func (t *Tray) SetDetail(id int, detail string) {
	if c := t.ByID(id); c != nil && c.image != nil {
		c.image.Detail = detail
		c.label, c.refused = chipLabel(c, t.caps, t.known, t.model)
		t.gen++
	}
}

// note is chip id's voice-note state, made on first use; nil when the
// chip is gone or not audio.
func (t *Tray) note(id int) *voiceNote {
	c := t.ByID(id)
	if c == nil || c.audio == nil {
		return nil
	}
	if c.voice == nil {
		c.voice = &voiceNote{}
	}
	t.gen++
	return c.voice
}

// Transcribing reports whether chip id's transcript is being made.
func (t *Tray) Transcribing(id int) bool {
	c := t.ByID(id)
	return c != nil && c.voice != nil && c.voice.transcribing
}

// StartTranscript says chip id's transcript is being made.
func (t *Tray) StartTranscript(id int) {
	if v := t.note(id); v != nil {
		v.transcribing, v.err = true, ""
	}
}

// TranscriptFailed says why chip id has no transcript.
func (t *Tray) TranscriptFailed(id int, why string) {
	if v := t.note(id); v != nil {
		v.transcribing, v.err = false, common.FirstLine(why)
	}
}

// Transcribed takes the transcript made for chip id; a transcript the
// user already typed is kept. It reports false when the chip is gone.
func (t *Tray) Transcribed(id int, text string) bool {
	v := t.note(id)
	if v == nil {
		return false
	}
	v.transcribing = false
	if c := t.ByID(id); c.audio.Transcript == "" {
		c.audio.Transcript, v.err = text, ""
	}
	return true
}

// SetTranscript stores the user's text as chip id's transcript: what is
// sent in place of the recording. It reports false when the chip is gone.
func (t *Tray) SetTranscript(id int, text string) bool {
	v := t.note(id)
	if v == nil {
		return false
	}
	t.ByID(id).audio.Transcript = strings.TrimSpace(text)
	v.err = ""
	return true
}

// SaveTranscript stores the edited text of chip id's note (SetTranscript)
// and says so in the notice line; a chip sent or removed meanwhile drops
// the edit, and the notice says that.
func (t *Tray) SaveTranscript(id int, text string) Outcome {
	if !t.SetTranscript(id, text) {
		t.SetNotice("the voice note was sent or removed: the edit is dropped", true)
		return Outcome{Layout: true}
	}
	t.SetNotice("transcript saved", false)
	return Outcome{Relabel: true, Layout: true}
}

// ShowPlay shows p on chip id (the progress of its playback). It reports
// false when the chip is gone.
func (t *Tray) ShowPlay(id int, p common.PlayView) bool {
	v := t.note(id)
	if v == nil {
		return false
	}
	v.play = p
	return true
}

// ChipView is the chips alone, for width (the recording bar replaces the
// notice line while the microphone records).
func (t *Tray) ChipView(width int, st *themes.Styles) []string {
	if len(t.items) == 0 {
		return nil
	}
	return t.chipLines(width, st)
}

// View is the chips and the notice line for width, cached until they
// change.
func (t *Tray) View(width int, st *themes.Styles) []string {
	c := &t.cache
	if c.ok && c.gen == t.gen && c.width == width && c.theme == st.Palette.Name {
		return c.lines
	}
	*c = cache{gen: t.gen, width: width, theme: st.Palette.Name, ok: true, lines: t.draw(width, st)}
	return c.lines
}

// ImageChip is the image /inspect shows: the selected chip when it is an
// image, else the newest image chip; nil when the tray holds none.
func (t *Tray) ImageChip() *Chip {
	if a := t.Selected(); a != nil && a.Image() != nil {
		return a
	}
	for i := len(t.items) - 1; i >= 0; i-- {
		if t.items[i].Image() != nil {
			return t.items[i]
		}
	}
	return nil
}

// HasImage reports whether an image chip holds blob (an image attached
// from the transcript is not attached twice).
func (t *Tray) HasImage(blob string) bool {
	return slices.ContainsFunc(t.items, func(a *Chip) bool { return a.Image() != nil && a.Image().Blob == blob })
}

// Message is the parts of the next user message: its text (none when
// blank), then the chips' attachments.
func (t *Tray) Message(text string) []session.Part {
	var parts []session.Part
	if strings.TrimSpace(text) != "" {
		parts = append(parts, session.Text{Text: text})
	}
	return append(parts, t.Parts()...)
}
