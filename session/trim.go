package session

import (
	"fmt"

	"parley/providers"
)

// defaultReplyBudget is the room kept for the reply when Turn.ReplyBudget
// is 0, capped at a quarter of the window for small local models.
const defaultReplyBudget = 4096

// replyBudget is how many tokens of the window the reply may need.
func (t *Turn) replyBudget(window int) int {
	if t.ReplyBudget > 0 {
		return t.ReplyBudget
	}
	return min(defaultReplyBudget, window/4)
}

// fitContext leaves the oldest messages out of the request while its
// estimate (providers.EstimateTokens) exceeds the model's context window
// less the reply budget. The system prompt and the last message (the one
// being answered) always go; the request never starts with a reply, so a
// dropped question takes its answer with it. It returns how many stored
// messages with something to send were left out (0 when Turn.FitContext
// is off, the window is not known or everything fits). When even the system prompt and the last
// message do not fit, everything else is left out and the provider's own
// refusal says the rest.
func (p *preparation) fitContext() int {
	c := p.t.Caps
	if !p.t.FitContext || c == nil || c.ContextWindow <= 0 || len(p.msgs) < 2 {
		return 0
	}
	budget := c.ContextWindow - p.t.replyBudget(c.ContextWindow)
	costs := make([]int, len(p.msgs))
	total := providers.EstimateTokens(*c, p.t.System, nil)
	for i, pm := range p.msgs {
		if len(pm.parts) > 0 {
			costs[i] = providers.EstimateMessageTokens(*c, providers.Message{Role: pm.role, Parts: pm.parts})
		}
		total += costs[i]
	}
	last := len(p.msgs) - 1
	cut := 0
	for cut < last && total > budget {
		total -= costs[cut]
		cut++
	}
	for cut < last && p.msgs[cut].role != providers.RoleUser {
		cut++ // a request starts with a user message
	}
	dropped := 0
	for _, pm := range p.msgs[:cut] {
		if len(pm.parts) > 0 {
			dropped++
		}
	}
	p.msgs = p.msgs[cut:]
	return dropped
}

// trimNotice is the line that says what fitContext left out.
func (t *Turn) trimNotice(n int) string {
	what := "earlier messages"
	if n == 1 {
		what = "earlier message"
	}
	return fmt.Sprintf("%d %s not sent: the context of %s is full", n, what, t.fullName())
}
