package ui

import "parley/session"

// streamItem is one ordered piece of a frame that made images: a run of
// reply text, a generated image (a partial stage or the final one) or a
// hand-off line. Exactly one of text, image and handoff is set.
type streamItem struct {
	text    string
	image   *session.Image
	handoff string
	failed  bool // the hand-off line reports a failed generation
}

// pushItem records an image or hand-off event after the text that came
// before it; call it with p.mu held. A partial stage still pending is
// replaced by the next stage of the frame: only the newest is worth
// encoding.
func (p *pump) pushItem(ev session.TurnEvent) {
	items := p.pend.items
	if p.text.Len() > 0 {
		items = append(items, streamItem{text: p.text.String()})
		p.text.Reset()
	}
	it := streamItem{handoff: ev.Text, failed: ev.Err != nil}
	if ev.Kind == session.TurnImage {
		if ev.Image == nil {
			return
		}
		it = streamItem{image: ev.Image}
		if n := len(items); n > 0 && items[n-1].image != nil && items[n-1].image.Partial {
			items = items[:n-1]
		}
	}
	p.pend.items = append(items, it)
}

// withTrailingText moves a frame's text after its last item into the
// items, so the frame applies in order.
func withTrailingText(items []streamItem, text string) ([]streamItem, string) {
	if len(items) == 0 || text == "" {
		return items, text
	}
	return append(items, streamItem{text: text}), ""
}

// applyItems applies a frame's ordered items to the streaming reply.
func (m *Model) applyItems(a *activeStream, items []streamItem) {
	for _, it := range items {
		switch {
		case it.image != nil:
			a.entry.putImage(*it.image, m.draw.md)
			m.status.Drawing(it.image.Partial)
		case it.handoff != "":
			a.entry.putHandoff(it.handoff, it.failed, m.draw.md)
			if !it.failed {
				m.status.Drawing(false) // the image model takes over
			}
		default:
			a.entry.appendText(it.text)
		}
	}
}
