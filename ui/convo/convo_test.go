package convo

import (
	"errors"
	"strings"
	"testing"

	"parley/providers"
	"parley/session"
	"parley/session/config"
)

func openStore(t *testing.T) *session.Store {
	t.Helper()
	st, err := session.OpenEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// A new conversation gets the default prompt, a loaded one its own;
// /system shows, sets (storing it in a Cmd) and clears.
func TestSystemPrompt(t *testing.T) {
	st := openStore(t)
	c, err := st.CreateConversation("t")
	if err != nil {
		t.Fatal(err)
	}
	g := New(st, nil, nil, Prompt{System: "default"})
	if g.Prompt().System != "default" {
		t.Fatalf("new: %+v", g.Prompt())
	}
	g.Load(&session.Conversation{ID: c.ID, System: "own", Persona: "p"})
	if g.Prompt() != (Prompt{System: "own", Persona: "p"}) {
		t.Fatalf("loaded: %+v", g.Prompt())
	}
	if out, _ := g.System(c.ID, ""); out.Notice != "system prompt (persona p): own" {
		t.Errorf("show: %q", out.Notice)
	}
	out, cmd := g.System(c.ID, "  be brief ")
	if !out.Prompt || cmd == nil || g.Prompt().System != "be brief" {
		t.Fatalf("set: %+v", out)
	}
	if res := g.Update(cmd().(Msg), c.ID); res.IsErr {
		t.Fatalf("store: %+v", res)
	}
	if got, _ := st.Conversation(c.ID); got.System != "be brief" || got.Persona != "" {
		t.Errorf("stored %q/%q", got.System, got.Persona)
	}
	if _, cmd := g.System(0, "unsaved"); cmd != nil {
		t.Error("an unsaved conversation's prompt was stored (the first turn does it)")
	}
	g.System(c.ID, "clear")
	if g.Prompt() != (Prompt{}) {
		t.Errorf("clear left %+v", g.Prompt())
	}
	g.Load(nil)
	if g.Prompt().System != "default" {
		t.Errorf("new again: %+v", g.Prompt())
	}
}

// Personas: the prompt, the model when it names a provider, a notice
// when it does not, the list when unknown.
func TestPersona(t *testing.T) {
	cfg := &config.Config{Personas: map[string]config.Persona{
		"a": {System: "A.", Model: "p/m"}, "b": {System: "B.", Model: "bare"}}}
	g := New(nil, nil, cfg, Prompt{})
	out, _ := g.Persona(0, "a")
	if out.Model != "p/m" || g.Prompt() != (Prompt{System: "A.", Persona: "a"}) {
		t.Fatalf("a: %+v %+v", out, g.Prompt())
	}
	if out, _ := g.Persona(0, "b"); out.Model != "" || !strings.Contains(out.Notice, "names no provider") {
		t.Errorf("b: %+v", out)
	}
	if out, _ := g.Persona(0, "zz"); !out.IsErr || !strings.Contains(out.Notice, "a, b") {
		t.Errorf("unknown: %+v", out)
	}
	if out, _ := New(nil, nil, nil, Prompt{}).Persona(0, "a"); !out.IsErr || !strings.Contains(out.Notice, "[personas.NAME]") {
		t.Errorf("none configured: %+v", out)
	}
}

// Delete: refused without a store or a saved conversation; a
// conversation already gone counts as deleted; a late cost of another
// conversation changes nothing.
func TestDeleteAndCost(t *testing.T) {
	st := openStore(t)
	g := New(st, func(string, string) (providers.Price, bool) { return providers.Price{Input: 1}, true }, nil, Prompt{})
	if out, _ := g.AskDelete(0, ""); !out.IsErr || out.Ask != "" {
		t.Errorf("unsaved: %+v", out)
	}
	if out, _ := New(nil, nil, nil, Prompt{}).AskDelete(3, "x"); !out.IsErr {
		t.Errorf("no store: %+v", out)
	}
	if out, _ := g.AskDelete(3, "Go \x1b[31mtips"); !strings.Contains(out.Ask, `"Go [31mtips"`) && !strings.Contains(out.Ask, `"Go tips"`) {
		t.Errorf("ask: %q", out.Ask)
	}
	out := g.Update(g.Delete(99)().(Msg), 99)
	if out.Deleted != 99 || out.IsErr {
		t.Errorf("already gone: %+v", out)
	}
	if out := g.Update(costMsg{conv: 2, cost: session.Cost{USD: 1, Known: true}}, 1); out.Cost || g.Cost() != "" {
		t.Errorf("another conversation's cost: %+v %q", out, g.Cost())
	}
	if out := g.Update(savedMsg{what: "title", err: errors.Join(session.ErrConversationDeleted)}, 1); !strings.Contains(out.Notice, "was deleted") {
		t.Errorf("deleted elsewhere: %q", out.Notice)
	}
}

// A stored conversation without a prompt stays without one: the default
// is for new conversations.
func TestLoadKeepsNoPrompt(t *testing.T) {
	g := New(nil, nil, nil, Prompt{System: "default"})
	g.Load(&session.Conversation{ID: 4})
	if g.Prompt() != (Prompt{}) {
		t.Errorf("loaded: %+v", g.Prompt())
	}
	g.Use(Prompt{System: "flag"})
	if g.Prompt().System != "flag" {
		t.Errorf("use: %+v", g.Prompt())
	}
}
