package ui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"iter"
	"reflect"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/session"
	"parley/ui/graphics"
	"parley/ui/stream"
)

// fakeGen is an imagegen.Generator with a scripted reply. With step set
// it waits for a token before every event but the first, so a test sees
// each stage on screen before the next comes.
type fakeGen struct {
	events []imagegen.Event
	err    error // yielded after the events
	step   chan struct{}

	mu   sync.Mutex
	reqs []imagegen.Request
}

func (g *fakeGen) Generate(ctx context.Context, req imagegen.Request) iter.Seq2[imagegen.Event, error] {
	g.mu.Lock()
	g.reqs = append(g.reqs, req)
	g.mu.Unlock()
	return func(yield func(imagegen.Event, error) bool) {
		for i, ev := range g.events {
			if i > 0 && g.step != nil {
				select {
				case <-g.step:
				case <-ctx.Done():
					yield(imagegen.Event{}, ctx.Err())
					return
				}
			}
			if !yield(ev, nil) {
				return
			}
		}
		if g.err != nil {
			yield(imagegen.Event{}, g.err)
		}
	}
}

func (g *fakeGen) requests() []imagegen.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]imagegen.Request(nil), g.reqs...)
}

// stages are two partial images and the final one, as the OpenAI Images
// stream gives them.
func stages(partial1, partial2, final []byte) []imagegen.Event {
	pic := func(b []byte) providers.Image { return providers.Image{MIME: "image/png", Data: b} }
	return []imagegen.Event{
		{Kind: imagegen.Partial, Image: pic(partial1), Index: 0},
		{Kind: imagegen.Partial, Image: pic(partial2), Index: 1},
		{Kind: imagegen.Final, Image: pic(final), Index: 0},
	}
}

// solidPNG is a w×h PNG of one colour.
func solidPNG(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// shaOf is the blob name the store gives data.
func shaOf(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// newGenModel is a model with a store, half-block images and g as the
// [images] backend (nil g: none configured).
func newGenModel(t testing.TB, st *session.Store, p providers.Provider, g imagegen.Generator, opts Options) *Model {
	t.Helper()
	opts.Store = st
	opts.ImageProtocol = graphics.Blocks
	opts.Images = func() (*session.ImageBackend, error) {
		if g == nil {
			return nil, nil
		}
		return &session.ImageBackend{Generator: g, Provider: "openai", Model: "gpt-image-1"}, nil
	}
	return newTestModel(t, p, opts)
}

// genDriver runs the model's Cmds like Bubble Tea: each in a goroutine,
// every message back to Update on the test goroutine, except the timers
// (spinner, cursor blink) that would keep it busy forever. It records the
// clipboard writes.
type genDriver struct {
	t         testing.TB
	m         *Model
	msgs      chan tea.Msg
	clipboard []string
}

func newGenDriver(t testing.TB, m *Model) *genDriver {
	return &genDriver{t: t, m: m, msgs: make(chan tea.Msg, 1024)}
}

func (d *genDriver) run(cmd tea.Cmd) {
	if cmd != nil {
		go func() { d.msgs <- cmd() }()
	}
}

func (d *genDriver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *genDriver) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case stream.Msg, encodedMsg, imageSavedMsg, imageExportedMsg, attachedMsg:
		d.send(msg)
	default:
		v := reflect.ValueOf(msg)
		if t := v.Type(); t.Name() == "setClipboardMsg" && t.Kind() == reflect.String {
			d.clipboard = append(d.clipboard, v.String())
		}
	}
}

// until delivers messages until cond holds, failing after 10 s.
func (d *genDriver) until(what string, cond func() bool) {
	d.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for !cond() {
		select {
		case msg := <-d.msgs:
			d.deliver(msg)
		case <-deadline.C:
			d.t.Fatalf("timed out waiting for %s; view:\n%s", what, plainView(d.m))
		}
	}
}

func (d *genDriver) typeText(s string) {
	for _, c := range s {
		d.send(tea.KeyPressMsg{Code: c, Text: string(c)})
	}
}

func (d *genDriver) press(code rune) { d.send(tea.KeyPressMsg{Code: code}) }

// imageBlocks are the image blocks of e as laid out now.
func imageBlocks(m *Model, e *entry) []imgBlock {
	e.height(m.transcript.width, m.draw) // lays it out
	return e.blocks
}
