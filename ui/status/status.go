// Package status is the bottom line of the chat: the model, what the
// current reply is doing, the token usage and the conversation's title.
//
// It is a small state machine the root drives with one call per event of a
// turn — BeginTurn, Thinking, Streaming, Drawing, Usage, Finish — instead of
// writing fields, so what the bar says can only change in the ways listed
// here. It takes no keys and sends no messages.
package status

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

// State is what the bar says about the current reply.
type State uint8

// The states of a reply, in the order a turn usually passes them.
const (
	Idle      State = iota
	Waiting         // sent, no token yet
	Reasoning       // the model is thinking, no reply text yet
	Streaming       // reply text is arriving
	Drawing         // a picture is being drawn: stages are arriving
)

// Bar is the status bar. Use New; the zero value draws nothing useful.
type Bar struct {
	styles *themes.Styles
	memo   *memo
	view   view
}

// view is everything the bar shows, comparable so the memo can tell
// whether a redraw is needed.
type view struct {
	model    string
	state    State
	spin     string
	tps      float64 // tokens per second of the streaming reply
	usage    session.Usage
	hasUsage bool
	failed   bool // the last reply ended in an error
	// cancelled: the last reply was stopped (Esc). Like failed, it stays
	// until the next send, so a stop whose header has scrolled away is
	// still visible.
	cancelled bool
	// stage counts the partial pictures of the generation in progress.
	stage int
	// speech is what the reading aloud is doing ("🔊 speaking 2/5"), ""
	// when nothing is read: it has its own segment, since speech goes on
	// after the reply ended.
	speech string
	title  string
	cost   string // the conversation's cost so far, "" when unknown
	// problem is why the model cannot be used ("no key: set
	// OPENAI_API_KEY"): said instead of "ready", which would promise a
	// send that cannot happen.
	problem string
}

// memo keeps the last drawn bar: it is redrawn only when what it shows
// changes, not on every streamed frame.
type memo struct {
	key   view
	width int
	s     string
}

// New returns an idle bar naming model.
func New(st *themes.Styles, model string) Bar {
	return Bar{styles: st, memo: &memo{}, view: view{model: common.Line(model)}}
}

// SetStyles draws with st from now on (a theme change).
func (b *Bar) SetStyles(st *themes.Styles) { b.styles, b.memo = st, &memo{} }

// SetSpinner sets the spinner frame drawn beside a busy state.
func (b *Bar) SetSpinner(frame string) { b.view.spin = frame }

// SetModel names the model replies come from (untrusted: a typed name).
func (b *Bar) SetModel(name string) { b.view.model = common.Line(name) }

// SetTitle shows a conversation title (untrusted: it may come from the
// model or an imported file). "" clears it.
func (b *Bar) SetTitle(t string) { b.view.title = common.Line(t) }

// SetProblem says why the current model cannot be used, in place of
// "ready"; "" clears it (the model works, or another was chosen).
func (b *Bar) SetProblem(p string) { b.view.problem = common.Line(p) }

// SetCost shows what the conversation cost so far ("$0.012"); "" shows
// nothing, for an unknown price.
func (b *Bar) SetCost(c string) { b.view.cost = c }

// Title is the conversation title shown, "" for none.
func (b Bar) Title() string { return b.view.title }

// State is what the bar says about the current reply.
func (b Bar) State() State { return b.view.state }

// Failed reports whether the last reply ended in an error.
func (b Bar) Failed() bool { return b.view.failed }

// BeginTurn resets the bar for a new turn: waiting, and no usage until the
// new turn reports its own (the last turn's tokens would read as this
// one's, a cancelled reply's above all).
func (b *Bar) BeginTurn() {
	v := &b.view
	v.state, v.tps, v.failed, v.cancelled = Waiting, 0, false, false
	v.hasUsage, v.stage = false, 0
}

// Thinking says the model reasons before it answers.
func (b *Bar) Thinking() { b.view.state = Reasoning }

// Streaming says reply text arrives.
func (b *Bar) Streaming() { b.view.state = Streaming }

// Rate shows the reply's speed in tokens per second (0 shows none).
func (b *Bar) Rate(tps float64) { b.view.tps = tps }

// Drawing says a picture is being drawn; partial counts one more stage.
func (b *Bar) Drawing(partial bool) {
	b.view.state = Drawing
	if partial {
		b.view.stage++
	}
}

// Usage shows the turn's token accounting.
func (b *Bar) Usage(u session.Usage) { b.view.usage, b.view.hasUsage = u, true }

// Finish ends the turn with its final status: ready, error or cancelled.
func (b *Bar) Finish(s session.Status) {
	b.view.state = Idle
	b.view.failed = s == session.StatusError
	b.view.cancelled = s == session.StatusCancelled
}

// Refused ends a turn that was refused before its message was stored: the
// title goes back to what it was, and the bar says error.
func (b *Bar) Refused(prevTitle string) {
	b.view.title = prevTitle
	b.view.state, b.view.failed = Idle, true
}

// Speech shows what the reading aloud is doing (ui/speech's label; ""
// hides it).
func (b *Bar) Speech(label string) { b.view.speech = label }

// Reset is a new conversation: no title, no usage, no cost, no last
// outcome.
func (b *Bar) Reset() {
	v := &b.view
	v.title, v.hasUsage, v.failed, v.cancelled, v.cost = "", false, false, false, ""
}

// View draws the bar exactly width cells wide.
func (b Bar) View(width int) string {
	if width <= 0 {
		return ""
	}
	if b.memo != nil && b.memo.key == b.view && b.memo.width == width {
		return b.memo.s
	}
	out := b.draw(width)
	if b.memo != nil {
		*b.memo = memo{key: b.view, width: width, s: out}
	}
	return out
}

func (b Bar) draw(width int) string {
	st, v := b.styles, b.view
	sep := st.StatusSep.Render(" │ ")
	parts := []string{st.StatusModel.Render(" " + v.model)}
	if state := b.stateText(); state != "" {
		parts = append(parts, state)
	}
	if v.speech != "" {
		parts = append(parts, st.StatusState.Render(v.speech))
	}
	if v.hasUsage {
		parts = append(parts, st.StatusUsage.Render(
			fmt.Sprintf("in %d · out %d tokens", v.usage.InputTokens, v.usage.OutputTokens)))
	}
	if v.cost != "" {
		parts = append(parts, st.StatusUsage.Render(v.cost))
	}
	if v.title != "" {
		parts = append(parts, st.StatusTitle.Render(v.title))
	}
	line := ansi.Truncate(strings.Join(parts, sep), width, "…")
	if pad := width - ansi.StringWidth(line); pad > 0 {
		line += st.StatusBar.Render(strings.Repeat(" ", pad))
	}
	return line
}

func (b Bar) stateText() string {
	st, v := b.styles, b.view
	switch v.state {
	case Waiting:
		return st.StatusState.Render(v.spin + " waiting")
	case Reasoning:
		return st.StatusState.Render(v.spin + " thinking")
	case Streaming:
		if v.tps > 0 {
			return st.StatusState.Render(fmt.Sprintf("%s %.0f tok/s", v.spin, v.tps))
		}
		return st.StatusState.Render(v.spin + " streaming")
	case Drawing:
		if v.stage > 0 {
			return st.StatusState.Render(fmt.Sprintf("%s drawing · stage %d", v.spin, v.stage))
		}
		return st.StatusState.Render(v.spin + " drawing")
	}
	switch {
	case v.failed:
		return st.StatusError.Render("error")
	case v.cancelled:
		return st.Cancelled.Inherit(st.StatusState).Render("cancelled")
	case v.problem != "":
		return st.StatusError.Render(v.problem)
	}
	return st.StatusState.Render("ready")
}
