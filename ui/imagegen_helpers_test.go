package ui

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/session"
	"parley/ui/chat"
	"parley/ui/dialog"
	"parley/ui/graphics"
	"parley/ui/images"
	"parley/ui/internal/cmdtest"
	"parley/ui/stream"
	"parley/ui/tray"
)

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
	loop      *cmdtest.Loop
	clipboard []string
}

func newGenDriver(t testing.TB, m *Model) *genDriver {
	d := &genDriver{t: t, m: m}
	d.loop = cmdtest.New(d.deliver)
	return d
}

func (d *genDriver) run(cmd tea.Cmd) { d.loop.Run(cmd) }

func (d *genDriver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *genDriver) deliver(msg tea.Msg) {
	switch msg.(type) {
	case spinner.TickMsg:
	case stream.Msg, images.Msg, dialog.Msg, tray.Msg:
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
	d.loop.Until(d.t, 10*time.Second, what, cond, func() string { return plainView(d.m) })
}

func (d *genDriver) typeText(s string) {
	for _, c := range s {
		d.send(tea.KeyPressMsg{Code: c, Text: string(c)})
	}
}

func (d *genDriver) press(code rune) { d.send(tea.KeyPressMsg{Code: code}) }

// imageBlocks are the image blocks of e as laid out now.
func imageBlocks(m *Model, e *chat.Entry) []images.Block {
	return m.chat.Blocks(e) // laid out
}
