// Package convo manages the conversation on screen as a whole: its
// system prompt and persona (/system, /persona), its title (/rename), its
// deletion (/delete, after the confirmation the root opens) and what it
// cost so far. It owns the system prompt the next turn sends and the
// cost the status bar shows; the store's work runs in Cmds whose Msg
// comes back through Update, and what the root must change is an Outcome.
package convo

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/session/config"
	"parley/ui/common"
)

// Personas are the configured [personas.NAME] (a *config.Config).
type Personas interface {
	PersonaNames() []string
	Persona(name string) (config.Persona, error)
}

// Manager is the conversation's management. Use New.
type Manager struct {
	store    *session.Store // nil: nothing is saved
	price    session.PriceFunc
	personas Personas
	// def is the system prompt a new conversation starts with (the
	// config's system_prompt, --system or --persona).
	def    Prompt
	prompt Prompt
	cost   session.Cost
}

// Prompt is a system prompt and the persona it came from ("" for none).
type Prompt struct{ System, Persona string }

// Outcome is what the root must change after a command or a Cmd's
// result. The zero Outcome changes nothing.
type Outcome struct {
	Notice string
	IsErr  bool
	// Prompt is set when the system prompt changed: the transcript's
	// top line shows it again.
	Prompt bool
	// Title is the conversation's new title ("" = unchanged).
	Title string
	// Deleted is the conversation that was deleted; when it is the one on
	// screen, the root starts a new one.
	Deleted int64
	// Model is a persona's model to switch to ("" = none).
	Model string
	// Cost is set when Cost() changed.
	Cost bool
	// Ask is the question the root asks before deleting conversation
	// AskID ("" = none): yes runs Delete.
	Ask   string
	AskID int64
}

// Msg is the result of a Manager's Cmd.
type Msg interface{ convoMsg() }

type (
	savedMsg struct {
		what string // "system prompt", "title"
		conv int64
		err  error
	}
	renamedMsg struct {
		title string
		err   error
	}
	deletedMsg struct {
		conv int64
		err  error
	}
	costMsg struct {
		conv int64
		cost session.Cost
		err  error
	}
)

func (savedMsg) convoMsg()   {}
func (renamedMsg) convoMsg() {}
func (deletedMsg) convoMsg() {}
func (costMsg) convoMsg()    {}

// New is the manager of a chat saving to store (nil: nothing is saved),
// pricing replies with price (nil: no cost is shown), with personas (nil:
// none) and def as the system prompt of a new conversation.
func New(store *session.Store, price session.PriceFunc, personas Personas, def Prompt) *Manager {
	return &Manager{store: store, price: price, personas: personas, def: def, prompt: def}
}

// Load takes the conversation now on screen: its stored prompt (none
// when it has none), or the default for a new one (c nil), and its cost
// (replies of every branch).
func (g *Manager) Load(c *session.Conversation) {
	g.prompt, g.cost = g.def, session.Cost{}
	if c == nil {
		return
	}
	// A stored conversation keeps its own prompt, none included, as -r
	// does: the default is for new conversations.
	g.prompt = Prompt{System: c.System, Persona: c.Persona}
	if g.price != nil {
		g.cost = session.ConversationCost(c, g.price)
	}
}

// Use makes p the prompt of the conversation on screen without storing
// it: --system or --persona given for a resumed conversation is sent with
// its turns, as print mode does, and its stored prompt stays.
func (g *Manager) Use(p Prompt) { g.prompt = p }

// Prompt is the system prompt the next turn sends.
func (g *Manager) Prompt() Prompt { return g.prompt }

// Cost is what the conversation's replies cost, "" when unknown.
func (g *Manager) Cost() string { return g.cost.String() }

// Personas lists the persona names, for Tab completion.
func (g *Manager) Personas() []string {
	if g.personas == nil {
		return nil
	}
	return g.personas.PersonaNames()
}

// System is /system [TEXT] in conversation conv (0: not saved yet, the
// first turn stores it): no text shows the prompt, "clear" removes it,
// other text replaces it.
func (g *Manager) System(conv int64, text string) (Outcome, tea.Cmd) {
	switch text = strings.TrimSpace(text); text {
	case "":
		if g.prompt.System == "" {
			return Outcome{Notice: "no system prompt: /system TEXT sets one for this conversation"}, nil
		}
		return Outcome{Notice: "system prompt" + personaOf(g.prompt) + ": " + common.OneLine(g.prompt.System)}, nil
	case "clear":
		return g.set(conv, Prompt{}, "system prompt cleared")
	}
	return g.set(conv, Prompt{System: text}, "system prompt set for this conversation")
}

// Persona is /persona NAME: its system prompt, and its model if it names
// one as PROVIDER/MODEL.
func (g *Manager) Persona(conv int64, name string) (Outcome, tea.Cmd) {
	name = strings.TrimSpace(name)
	if g.personas == nil || len(g.personas.PersonaNames()) == 0 {
		return Outcome{Notice: "no personas configured: add [personas.NAME] with system = \"…\" to the config", IsErr: true}, nil
	}
	if name == "" {
		return Outcome{Notice: "/persona NAME, one of: " + strings.Join(g.personas.PersonaNames(), ", "), IsErr: true}, nil
	}
	p, err := g.personas.Persona(name)
	if err != nil {
		return Outcome{Notice: err.Error(), IsErr: true}, nil
	}
	out, cmd := g.set(conv, Prompt{System: p.System, Persona: name}, "persona "+name)
	if strings.Contains(p.Model, "/") {
		out.Model = p.Model
	} else if p.Model != "" {
		out.Notice += " (its model " + p.Model + " names no provider: /model PROVIDER/MODEL switches)"
	}
	return out, cmd
}

// set makes p the prompt and stores it with conversation conv.
func (g *Manager) set(conv int64, p Prompt, notice string) (Outcome, tea.Cmd) {
	g.prompt = p
	out := Outcome{Notice: notice, Prompt: true}
	if conv == 0 || g.store == nil {
		return out, nil
	}
	store := g.store
	return out, func() tea.Msg {
		return savedMsg{what: "system prompt", conv: conv, err: store.SetSystem(conv, p.System, p.Persona)}
	}
}

// personaOf is " (persona NAME)" or "".
func personaOf(p Prompt) string {
	if p.Persona == "" {
		return ""
	}
	return " (persona " + p.Persona + ")"
}

// Rename is /rename TITLE of conversation conv.
func (g *Manager) Rename(conv int64, title string) (Outcome, tea.Cmd) {
	switch {
	case strings.TrimSpace(title) == "":
		return Outcome{Notice: "/rename TITLE: the new title", IsErr: true}, nil
	case g.store == nil:
		return Outcome{Notice: "history is off: nothing is saved in this session to rename", IsErr: true}, nil
	case conv == 0:
		return Outcome{Notice: "nothing to rename yet: the conversation is saved with its first message", IsErr: true}, nil
	}
	store := g.store
	return Outcome{}, func() tea.Msg {
		return renamedMsg{title: session.CleanTitle(title), err: store.RenameConversation(conv, title)}
	}
}

// AskDelete is /delete of conversation conv titled title: the question
// to confirm, or why it cannot be deleted.
func (g *Manager) AskDelete(conv int64, title string) (Outcome, tea.Cmd) {
	switch {
	case g.store == nil:
		return Outcome{Notice: "history is off: nothing is saved in this session to delete", IsErr: true}, nil
	case conv == 0:
		return Outcome{Notice: "nothing to delete: this conversation is not saved yet", IsErr: true}, nil
	}
	if title = common.OneLine(title); title == "" {
		title = "this conversation"
	} else {
		title = fmt.Sprintf("%q", title)
	}
	return Outcome{Ask: "Delete " + title + " with every message and branch, and the attachments nothing else uses? This cannot be undone.",
		AskID: conv}, nil
}

// Delete is the Cmd that deletes conversation conv once confirmed.
func (g *Manager) Delete(conv int64) tea.Cmd {
	store := g.store
	if store == nil {
		return nil
	}
	return func() tea.Msg { return deletedMsg{conv: conv, err: store.DeleteConversation(conv)} }
}

// Refresh is the Cmd that sums conversation conv's cost again after a
// reply, from the store (every branch); nil when nothing is priced or
// saved.
func (g *Manager) Refresh(conv int64) tea.Cmd {
	if g.store == nil || g.price == nil || conv == 0 {
		return nil
	}
	store, price := g.store, g.price
	return func() tea.Msg {
		c, err := store.StoredConversationCost(conv, price)
		return costMsg{conv: conv, cost: c, err: err}
	}
}

// Update takes a Cmd's result; current is the conversation on screen,
// so a late answer about another one changes nothing there.
func (g *Manager) Update(msg Msg, current int64) Outcome {
	switch msg := msg.(type) {
	case savedMsg:
		if msg.err != nil {
			return Outcome{Notice: failed("cannot save the "+msg.what, msg.err), IsErr: true}
		}
	case renamedMsg:
		if msg.err != nil {
			return Outcome{Notice: failed("cannot rename", msg.err), IsErr: true}
		}
		return Outcome{Notice: fmt.Sprintf("renamed to %q", common.OneLine(msg.title)), Title: msg.title}
	case deletedMsg:
		if msg.err != nil && !errors.Is(msg.err, session.ErrNotFound) {
			return Outcome{Notice: failed("cannot delete", msg.err), IsErr: true}
		}
		return Outcome{Notice: "conversation deleted", Deleted: msg.conv}
	case costMsg:
		if msg.err == nil && msg.conv == current {
			g.cost = msg.cost
			return Outcome{Cost: true}
		}
	}
	return Outcome{}
}

// failed is "what: why", saying plainly when the conversation is gone
// (another parley deleted it).
func failed(what string, err error) string {
	if errors.Is(err, session.ErrConversationDeleted) {
		return what + ": this conversation was deleted (by another parley?); /new starts a new one"
	}
	return what + ": " + common.FirstLine(err.Error())
}
