package session

import (
	"reflect"
	"slices"
	"testing"

	"parley/providers"
)

// An outline prices and places every message as Conversation does
// before any is loaded: a placeholder's header shows its reply's cost and
// its ‹ i/n ›, and the conversation's cost counts the replies of every
// branch.
func TestOutlineHeadersPriceAndPlace(t *testing.T) {
	f := newBranchFixture(t)
	for i, m := range []*Message{&f.a1, &f.a2, &f.a2e} {
		m.Usage = Usage{InputTokens: 1000 * (i + 1), OutputTokens: 300 * (i + 1), CachedInputTokens: 10 * i}
		if err := f.s.UpdateMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	price := func(provider, model string) (providers.Price, bool) {
		return providers.Price{Input: 1, Output: 4}, provider == "gemini"
	}
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	o := checkOutline(t, f.s, f.conv, 1) // everything but the last reply is a header
	if got, want := ConversationCost(&o.Conversation, price), ConversationCost(c, price); got != want || !got.Known {
		t.Errorf("outline's conversation cost %+v, Conversation's %+v", got, want)
	}
	for i, h := range o.Branch {
		m, hm := c.Messages[i], h.Message(f.conv)
		if got, want := ReplyCost(&hm, price), ReplyCost(&m, price); got != want {
			t.Errorf("message %d: header's reply cost %+v, the message's %+v", m.ID, got, want)
		}
		if got, want := o.Conversation.Siblings(m.ID), c.Siblings(m.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("message %d: outline's siblings %+v, Conversation's %+v", m.ID, got, want)
		}
		if hm.Provider != m.Provider || hm.Model != m.Model || hm.Usage != m.Usage || hm.ConversationID != m.ConversationID {
			t.Errorf("header's message %+v, stored %+v", hm, m)
		}
	}
	if s := o.Conversation.Siblings(f.u2e.ID); s.Count != 2 || s.Index != 1 {
		t.Errorf("the edited message is %d of %d, want 2 of 2", s.Index+1, s.Count)
	}
}

// SiblingsOf answers as Siblings does, for every message and one that is
// not there.
func TestSiblingsOfIsSiblings(t *testing.T) {
	f := newBranchFixture(t)
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	ids := []int64{9999}
	for _, m := range c.AllMessages() {
		ids = append(ids, m.ID)
	}
	got := c.SiblingsOf(ids)
	for i, id := range ids {
		if want := c.Siblings(id); !reflect.DeepEqual(got[i], want) {
			t.Errorf("message %d: SiblingsOf %+v, Siblings %+v", id, got[i], want)
		}
	}
	edited := slices.Index(ids, f.u2e.ID)
	if got[0].Count != 0 || got[edited].Count != 2 || got[edited].Index != 1 {
		t.Errorf("a missing message %+v, the edited message %+v", got[0], got[edited])
	}
}
