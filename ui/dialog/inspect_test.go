package dialog

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
)

// chip is an image chip for the dialog: the root's tray.Chip in small.
type chip struct {
	id  int
	img session.Image
}

func (c *chip) ID() int               { return c.id }
func (c *chip) Name() string          { return c.img.Name }
func (c *chip) Image() *session.Image { return &c.img }

// pipeline is an image pipeline that draws every image as x cells.
type pipeline struct{ blobs map[string][]byte }

func (p *pipeline) BlobID(data []byte) string                 { return "mem:" + string(rune('a'+len(data)%26)) }
func (p *pipeline) PutBlob(id string, data []byte)            { p.blobs[id] = data }
func (p *pipeline) Size(_ session.Image, c, r int) (int, int) { return min(c, 20), min(r, 10) }
func (p *pipeline) Row(s Slot, _ int) string                  { return strings.Repeat("x", s.Cols) }

// The inspect dialog fits the chip's image for the model in a Cmd, shows
// what is sent beside the original with the fitted image drawn by the
// pipeline, and asks the root to set the detail (staying open, fitting
// again with the new detail) instead of changing the chip itself.
func TestInspectFitsDrawsAndAsksForDetail(t *testing.T) {
	st, err := session.OpenEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	img, err := st.AddImage(providertest.GradientPNG(t, 1024, 1024, 3), "shot.png")
	if err != nil {
		t.Fatal(err)
	}
	c := &chip{id: 4, img: img}
	p := &pipeline{blobs: map[string][]byte{}}
	caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	d := NewInspect(testStyles(), c, InspectFor{Model: "openai/gpt-4o", Caps: caps, Known: true}, st, p)
	var o Overlay
	o.Update(nil) // nothing open: nothing happens
	fit := run(t, o.Open(d))
	if d.Fitted() || !strings.Contains(flat(d.View(100, 40)), "fitting for openai/gpt-4o") {
		t.Fatalf("before the fit:\n%s", plain(d.View(100, 40)))
	}
	o.Update(fit)
	view := flat(d.View(100, 40))
	for _, want := range []string{"shot.png · what openai/gpt-4o sees", "768×768 · PNG", "1024×1024 · PNG", "high (default)", "d detail high/low"} {
		if !strings.Contains(view, want) {
			t.Errorf("inspect lacks %q:\n%s", want, plain(d.View(100, 40)))
		}
	}
	slots := o.Slots(100, 40)
	if len(p.blobs) != 1 || len(slots) != 1 || slots[0].Cols != 20 || slots[0].Rows != 10 ||
		!strings.Contains(plain(d.View(100, 40)), strings.Repeat("x", 20)) {
		t.Fatalf("the fitted image is not drawn through the pipeline: %d blobs, slots %+v", len(p.blobs), slots)
	}

	a, refit := o.Update(press('d', 0))
	if a != (ActionSetDetail{ID: 4, Detail: "low"}) || o.Top() != d || d.Fitted() {
		t.Fatalf("d gave %#v (open %v, fitted %v), want a detail action keeping the dialog", a, o.Top() == d, d.Fitted())
	}
	c.img.Detail = "low" // what the root does with the action
	o.Update(run(t, refit))
	if view := flat(d.View(100, 40)); !strings.Contains(view, "512×512") || !strings.Contains(view, "detail low") {
		t.Errorf("the refit is not for low detail:\n%s", plain(d.View(100, 40)))
	}
	if a, _ := o.Update(press('t', 0)); a != nil {
		t.Errorf("t with nothing to choose gave %#v", a)
	}
	if a, _ := o.Update(press(tea.KeyEscape, 0)); a != (ActionClose{}) || o.IsOpen() {
		t.Errorf("esc gave %#v, open %v", a, o.IsOpen())
	}
}

// Without a store the dialog says why nothing is fitted.
func TestInspectWithoutStore(t *testing.T) {
	d := NewInspect(testStyles(), &chip{id: 1, img: session.Image{Name: "a.png", MIME: "image/png", Width: 4, Height: 4}},
		InspectFor{Model: "x/y"}, nil, nil)
	d.Update(run(t, d.Init()))
	if view := flat(d.View(100, 40)); !d.Fitted() || !strings.Contains(view, "no data directory") || !strings.Contains(view, "limits are unknown") {
		t.Errorf("no store:\n%s", view)
	}
	if a, _ := d.Update(press('d', 0)); a != nil {
		t.Errorf("d for a model without the detail switch gave %#v", a)
	}
}
