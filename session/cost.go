package session

import (
	"database/sql"
	"fmt"

	"parley/providers"
)

// PriceFunc returns the price of provider/model and whether one is known;
// (*config.Config).Price is the one parley uses (built-in table plus the
// config's [models."P/M"] price_* keys).
type PriceFunc func(provider, model string) (providers.Price, bool)

// Cost is an amount in US dollars that may be unknown. An unknown cost
// shows nothing, never $0.00.
type Cost struct {
	USD   float64
	Known bool
	// Unpriced counts the replies of a sum whose model has no known price:
	// USD is then a lower bound, and String marks it with "+".
	Unpriced int
}

// String formats a known cost for a status bar or a list: "$1.23",
// "$0.038", "$0.0042", "<$0.0001"; "" when unknown. Small amounts keep more
// decimals, since a single reply often costs a fraction of a cent.
func (c Cost) String() string {
	if !c.Known {
		return ""
	}
	var s string
	switch v := c.USD; {
	case v >= 1:
		s = fmt.Sprintf("$%.2f", v)
	case v >= 0.01:
		s = fmt.Sprintf("$%.3f", v)
	case v >= 0.0001:
		s = fmt.Sprintf("$%.4f", v)
	case v > 0:
		s = "<$0.0001"
	default:
		s = "$0.00"
	}
	if c.Unpriced > 0 {
		s += "+"
	}
	return s
}

// add sums d into c.
func (c Cost) add(d Cost) Cost {
	if d.Known {
		c.USD += d.USD
		c.Known = true
	} else {
		c.Unpriced++
	}
	c.Unpriced += d.Unpriced
	return c
}

// ReplyCost is what one reply cost: its usage at its model's price.
// Anything but a reply with tokens counted, or a model without a price,
// is unknown.
func ReplyCost(m *Message, price PriceFunc) Cost {
	if m.Role != RoleAssistant || price == nil || m.Usage.InputTokens+m.Usage.OutputTokens == 0 {
		return Cost{}
	}
	return usageCost(m.Provider, m.Model, m.Usage, price)
}

// usageCost prices one reply's usage.
func usageCost(provider, model string, u Usage, price PriceFunc) Cost {
	p, ok := price(provider, model)
	if !ok {
		return Cost{}
	}
	return Cost{USD: p.Cost(providers.Usage{InputTokens: u.InputTokens, OutputTokens: u.OutputTokens,
		CachedInputTokens: u.CachedInputTokens}), Known: true}
}

// ConversationCost sums the replies of every branch of c: a retried or
// edited-away reply was paid for too. Each reply is priced alone (tiered
// prices depend on each request's size). Replies without a price are
// counted in Unpriced; with none priced, the cost is unknown.
func ConversationCost(c *Conversation, price PriceFunc) Cost {
	msgs := c.all
	if len(msgs) == 0 {
		msgs = c.Messages
	}
	var total Cost
	for i := range msgs {
		m := &msgs[i]
		if m.Role != RoleAssistant || m.Usage.InputTokens+m.Usage.OutputTokens == 0 {
			continue
		}
		total = total.add(ReplyCost(m, price))
	}
	return total
}

// StoredConversationCost is ConversationCost read straight from the store
// (the replies' usage only, not their parts), for history lists.
func (s *Store) StoredConversationCost(id int64, price PriceFunc) (Cost, error) {
	var total Cost
	err := s.read(func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT provider, model, input_tokens, output_tokens, cached_tokens
			FROM messages WHERE conversation_id = ? AND role = 'assistant'
			AND input_tokens + output_tokens > 0`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var prov, model string
			var u Usage
			if err := rows.Scan(&prov, &model, &u.InputTokens, &u.OutputTokens, &u.CachedInputTokens); err != nil {
				return err
			}
			total = total.add(usageCost(prov, model, u, price))
		}
		return rows.Err()
	})
	if err != nil {
		return Cost{}, fmt.Errorf("cost of conversation %d: %w", id, err)
	}
	return total, nil
}
