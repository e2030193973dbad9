package session

import (
	"math"
	"testing"

	"parley/providers"
)

// tablePrice prices from the built-in table only, as the config does
// without overrides.
func tablePrice(provider, model string) (providers.Price, bool) {
	return providers.LookupPrice(provider, model)
}

func reply(provider, model string, u Usage) Message {
	return Message{Role: RoleAssistant, Status: StatusDone, Provider: provider, Model: model, Usage: u}
}

// TestCostWorkedExamples: per reply and per conversation, by hand.
func TestCostWorkedExamples(t *testing.T) {
	// gpt-4o-mini: 20 000 in × $0.15/M = 0.003; 1 000 out × $0.60/M = 0.0006.
	a := reply("openai", "gpt-4o-mini", Usage{InputTokens: 20_000, OutputTokens: 1_000})
	// claude-haiku-4-5: 4 000 in × $1/M = 0.004, 2 000 out × $5/M = 0.01,
	// of which 3 000 cached: 1 000 × 1 + 3 000 × 0.10 = 0.0013 + 0.01.
	b := reply("anthropic", "claude-haiku-4-5", Usage{InputTokens: 4_000, OutputTokens: 2_000, CachedInputTokens: 3_000})
	if c := ReplyCost(&a, tablePrice); !c.Known || math.Abs(c.USD-0.0036) > 1e-12 || c.String() != "$0.0036" {
		t.Errorf("gpt-4o-mini reply: %+v %q", c, c.String())
	}
	if c := ReplyCost(&b, tablePrice); !c.Known || math.Abs(c.USD-0.0113) > 1e-12 || c.String() != "$0.011" {
		t.Errorf("haiku reply: %+v %q", c, c.String())
	}
	conv := &Conversation{Messages: []Message{{Role: RoleUser}, a, {Role: RoleUser}, b}}
	if c := ConversationCost(conv, tablePrice); math.Abs(c.USD-0.0149) > 1e-12 || c.Unpriced != 0 || c.String() != "$0.015" {
		t.Errorf("conversation: %+v %q", c, c.String())
	}
	// A local model has no price: the sum is a lower bound, marked "+".
	local := reply("ollama", "llama3.2", Usage{InputTokens: 500, OutputTokens: 50})
	conv.Messages = append(conv.Messages, local)
	if c := ConversationCost(conv, tablePrice); c.Unpriced != 1 || c.String() != "$0.015+" {
		t.Errorf("with an unpriced reply: %+v %q", c, c.String())
	}
}

// TestCostUnknownShowsNothing: never a made-up $0.00.
func TestCostUnknownShowsNothing(t *testing.T) {
	local := reply("ollama", "llama3.2", Usage{InputTokens: 500, OutputTokens: 50})
	if c := ReplyCost(&local, tablePrice); c.Known || c.String() != "" {
		t.Errorf("unknown price: %+v %q", c, c.String())
	}
	conv := &Conversation{Messages: []Message{local}}
	if c := ConversationCost(conv, tablePrice); c.Known || c.String() != "" {
		t.Errorf("conversation of unpriced replies: %+v %q", c, c.String())
	}
	noUsage := reply("openai", "gpt-4o", Usage{})
	if c := ReplyCost(&noUsage, tablePrice); c.Known {
		t.Errorf("a reply without usage (cancelled early) is priced: %+v", c)
	}
}

func TestStoredConversationCostCountsAllBranches(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("x")
	q := addMsg(t, s, c.ID, RoleUser, "q")
	// Two replies to q, as a retry makes them: siblings, one not shown.
	for _, u := range []Usage{{InputTokens: 1_000_000}, {OutputTokens: 1_000_000}} {
		m := Message{ConversationID: c.ID, ParentID: q.ID, Role: RoleAssistant, Status: StatusDone,
			Provider: "gemini", Model: "gemini-2.5-flash", Usage: u}
		if err := s.AppendMessage(&m); err != nil {
			t.Fatal(err)
		}
	}
	// 1M in × $0.30 + 1M out × $2.50.
	got, err := s.StoredConversationCost(c.ID, tablePrice)
	if err != nil || math.Abs(got.USD-2.80) > 1e-9 || got.String() != "$2.80" {
		t.Errorf("stored cost %+v %v", got, err)
	}
	conv, _ := s.Conversation(c.ID)
	if cc := ConversationCost(conv, tablePrice); math.Abs(cc.USD-got.USD) > 1e-12 {
		t.Errorf("loaded %v, stored %v", cc.USD, got.USD)
	}
}
