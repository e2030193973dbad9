package ui

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
	"parley/ui/graphics"
	"parley/ui/images"
	"parley/ui/internal/cmdtest"
	"parley/ui/tray"
)

// redPNG is a 200×120 pure red image with a blue stripe in rows 50–69:
// easy to find by colour.
func redPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if y*120/h >= 50 && y*120/h < 70 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// blobs is a fake blob store.
type blobs map[string][]byte

func (b blobs) load(sha string) ([]byte, error) {
	if d, ok := b[sha]; ok {
		return d, nil
	}
	return nil, errors.New("blob " + sha + " not found")
}

// imageMsg is a user message with text and one image part.
func imageMsg(text, blob string, w, h int) session.Message {
	return session.Message{Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{
		session.Text{Text: text},
		session.Image{Blob: blob, MIME: "image/png", Name: blob + ".png", Width: w, Height: h, Bytes: 1234},
	}}
}

// newImageModel is a w×h model showing msgs with images drawn by proto,
// cells 8×16 px, blobs served by store.
func newImageModel(t testing.TB, proto graphics.Protocol, store blobs, w, h int, msgs ...session.Message) *Model {
	t.Helper()
	ws := &graphics.Winsize{Cols: w, Rows: h, PxW: w * 8, PxH: h * 16}
	return newImageModelWS(t, proto, store, ws, msgs...)
}

// newImageModelWS is newImageModel in a terminal whose TIOCGWINSZ answer
// is *ws, which the test may change.
func newImageModelWS(t testing.TB, proto graphics.Protocol, store blobs, ws *graphics.Winsize, msgs ...session.Message) *Model {
	t.Helper()
	m := newTestModel(t, &providertest.Provider{}, Options{ImageProtocol: proto,
		Conversation: &session.Conversation{ID: 1, Title: "pictures", Messages: msgs}})
	env := map[string]string{"TERM": "xterm", "COLORTERM": "truecolor"}
	m.img = images.New(images.Options{Load: store.load, Protocol: proto, Styles: m.styles, Keys: m.keys.Images,
		ReleaseDelay: -1, // the drivers wait for every timer; TestTUIImageScrollMemory covers the release
		Getenv:       func(k string) string { return env[k] },
		Winsize:      func() (graphics.Winsize, error) { return *ws, nil }})
	m.chat.SetImages(m.img)
	// Not through Update: the Cmds it would start are the driver's.
	m.img.Resize(ws.Cols, ws.Rows)
	m.resize(ws.Cols, ws.Rows)
	return m
}

// imgDriver runs the model's Cmds like Bubble Tea: each in a goroutine,
// messages back on the test goroutine. It records what tea.Raw writes and
// the ClearScreens; timers other than the placement timer are dropped.
type imgDriver struct {
	t     testing.TB
	m     *Model
	loop  *cmdtest.Loop // its Running says how many Cmds settling waits for
	raws  []string
	clear int
	// ui, when set, adds the time of each delivery (its Update) and a
	// View after it: the UI goroutine's work, for benchmarks.
	ui *time.Duration
}

func newImgDriver(t testing.TB, m *Model) *imgDriver {
	d := &imgDriver{t: t, m: m}
	d.loop = cmdtest.New(d.deliver)
	return d
}

var clearScreenType = reflect.TypeOf(tea.ClearScreen())

func (d *imgDriver) run(cmd tea.Cmd) { d.loop.Run(cmd) }

func (d *imgDriver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.run(cmd)
}

func (d *imgDriver) deliver(msg tea.Msg) {
	if d.ui != nil {
		t0 := time.Now()
		defer func() {
			_ = d.m.View()
			*d.ui += time.Since(t0)
		}()
	}
	switch msg := msg.(type) {
	case tea.RawMsg:
		d.raws = append(d.raws, fmt.Sprint(msg.Msg))
	case images.Msg, dialog.Msg, tray.Msg:
		d.send(msg)
	default:
		if reflect.TypeOf(msg) == clearScreenType {
			d.clear++
			d.send(msg)
		}
	}
}

// until delivers messages until cond holds, failing after 10 s.
func (d *imgDriver) until(what string, cond func() bool) {
	d.t.Helper()
	d.loop.Until(d.t, 10*time.Second, what, cond, func() string { return plainView(d.m) })
}

// settled waits until nothing is encoding and the terminal shows what the
// screen needs.
func (d *imgDriver) settle() {
	d.t.Helper()
	d.send(nil)
	d.until("images to settle", func() bool {
		return d.loop.Running() == 0 && d.m.img.Idle()
	})
}

// lastRaw is the last write that placed images, or "".
func (d *imgDriver) lastPlacement() string {
	for i := len(d.raws) - 1; i >= 0; i-- {
		if strings.HasPrefix(d.raws[i], "\x1b[?2026h\x1b7") {
			return d.raws[i]
		}
	}
	return ""
}

// captionRow is the screen row of the image caption naming blob.
func captionRow(t testing.TB, m *Model, blob string) int {
	t.Helper()
	for i, l := range strings.Split(plainView(m), "\n") {
		if strings.Contains(l, "▣ "+blob+".png") {
			return i
		}
	}
	t.Fatalf("no caption for %s in view:\n%s", blob, plainView(m))
	return -1
}
