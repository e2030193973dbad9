package stream

import "parley/session"

// pushItem records an image or hand-off event after the text that came
// before it; call it with p.mu held. A partial stage still pending is
// replaced by the next stage of the frame: only the newest is worth
// encoding.
func (p *pump) pushItem(ev session.TurnEvent) {
	items := p.pend.items
	if p.text.Len() > 0 {
		items = append(items, Item{Text: p.text.String()})
		p.text.Reset()
	}
	it := Item{Handoff: ev.Text, Failed: ev.Err != nil}
	if ev.Kind == session.TurnImage {
		if ev.Image == nil {
			return
		}
		it = Item{Image: ev.Image}
		if n := len(items); n > 0 && items[n-1].Image != nil && items[n-1].Image.Partial {
			items = items[:n-1]
		}
	}
	p.pend.items = append(items, it)
}

// withTrailingText moves a frame's text after its last item into the
// items, so the frame applies in order.
func withTrailingText(items []Item, text string) ([]Item, string) {
	if len(items) == 0 || text == "" {
		return items, text
	}
	return append(items, Item{Text: text}), ""
}
