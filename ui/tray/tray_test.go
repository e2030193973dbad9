package tray

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

func styles() *themes.Styles {
	st := themes.NewStyles(themes.Dark())
	return &st
}

func img(name string) Chip {
	return NewImage(session.Image{Name: name, MIME: "image/png", Width: 100, Height: 80})
}

func plain(lines []string) string { return ansi.Strip(strings.Join(lines, "\n")) }

// Selection follows removals, and sent chips leave by ID.
func TestSelectRemoveAndSend(t *testing.T) {
	tr := New()
	a, b := tr.Add(img("a.png")), tr.Add(img("b.png"))
	c := tr.Add(NewAudio(session.Audio{Name: "c.wav", MIME: "audio/wav"}, false))
	if tr.Selected() != nil || tr.SelectedIndex() != -1 {
		t.Fatal("a new tray has a selection")
	}
	tr.Select(99)
	if tr.SelectedIndex() != 2 || tr.Selected().ID() != c {
		t.Fatalf("select clamps to the last chip: %d", tr.SelectedIndex())
	}
	tr.Remove(2)
	if tr.SelectedIndex() != 1 || tr.Len() != 2 {
		t.Fatalf("after removing the selected last chip: sel %d, %d chips", tr.SelectedIndex(), tr.Len())
	}
	if got := tr.IDs(); !slices.Equal(got, []int{a, b}) {
		t.Fatalf("ids %v", got)
	}
	tr.RemoveIDs([]int{a})
	if tr.Len() != 1 || tr.ByID(a) != nil || tr.ByID(b) == nil || len(tr.Parts()) != 1 {
		t.Fatalf("after sending a: %d chips", tr.Len())
	}
	if imgs, ok := tr.Images(); !ok || len(imgs) != 1 || imgs[0].Name != "b.png" {
		t.Errorf("images %v %v", imgs, ok)
	}
}

// A send clears a notice, except a progress line for work still running.
func TestNoticeClearOnSendKeepsProgress(t *testing.T) {
	tr := New()
	tr.SetNotice("saved x\x1b[31m\nsecond", true)
	if s, isErr := tr.Notice(); s != "saved x" || !isErr {
		t.Fatalf("notice %q err %v: want the first line, without escapes", s, isErr)
	}
	tr.ClearOnSend()
	if s, _ := tr.Notice(); s != "" {
		t.Fatalf("notice %q survived a send", s)
	}
	tr.SetProgress("reading the clipboard…")
	tr.ClearOnSend()
	if s, _ := tr.Notice(); s != "reading the clipboard…" || !tr.Progress() {
		t.Fatalf("progress line became %q", s)
	}
	tr.SetNotice("pasted", false)
	if tr.Progress() {
		t.Error("a plain notice is still marked progress")
	}
}

// Labels follow the model; a model without images refuses image chips.
func TestRelabel(t *testing.T) {
	tr := New()
	tr.Add(img("shot.png"))
	tr.Relabel(providers.Caps{}, true, "x/text")
	c := tr.Chips()[0]
	if c.Label() != "shot.png 100×80 · x/text takes no images (if it does: [models] images = true)" || !c.Refused() {
		t.Fatalf("label %q refused %v", c.Label(), c.Refused())
	}
	tr.Relabel(providers.Caps{}, false, "x/unknown")
	if c.Label() != "shot.png 100×80" || c.Refused() {
		t.Errorf("unknown caps: label %q refused %v", c.Label(), c.Refused())
	}
}

// A voice note's transcript, its making and its failure show under the
// chips; a typed transcript is not overwritten; playback shows on the chip.
func TestVoiceNoteLines(t *testing.T) {
	tr, st := New(), styles()
	id := tr.Add(NewAudio(session.Audio{Name: "n.wav", MIME: "audio/wav", Duration: 7 * time.Second}, true))
	tr.Relabel(providers.Caps{}, false, "m")
	tr.StartTranscript(id)
	if !tr.Transcribing(id) || !strings.Contains(plain(tr.View(80, st)), "transcribing…") {
		t.Fatalf("no transcribing line:\n%s", plain(tr.View(80, st)))
	}
	tr.TranscriptFailed(id, "401 invalid key\ndetails")
	if v := plain(tr.View(80, st)); !strings.Contains(v, "✗ 401 invalid key") || strings.Contains(v, "details") {
		t.Fatalf("failure line:\n%s", v)
	}
	tr.SetTranscript(id, "  typed words ")
	tr.Transcribed(id, "machine words")
	if v := plain(tr.View(80, st)); !strings.Contains(v, "“typed words”") {
		t.Fatalf("typed transcript lost:\n%s", v)
	}
	if !tr.ShowPlay(id, common.PlayView{On: true, Pos: 3 * time.Second, Dur: 7 * time.Second}) {
		t.Fatal("ShowPlay found no chip")
	}
	tr.Relabel(providers.Caps{}, false, "m")
	if got := tr.Chips()[0].Label(); !strings.HasPrefix(got, "▶ 0:03/0:07") {
		t.Errorf("playing label %q", got)
	}
	if tr.SetTranscript(99, "x") || tr.ShowPlay(99, common.PlayView{}) {
		t.Error("a missing chip took a transcript or playback")
	}
}

// Many chips take at most three lines and count the rest.
func TestChipsOverflowCounted(t *testing.T) {
	tr, st := New(), styles()
	for range 30 {
		tr.Add(img("a-long-screenshot-name.png"))
	}
	tr.Relabel(providers.Caps{}, false, "m")
	lines := tr.ChipView(60, st)
	if len(lines) != maxTrayLines || !strings.Contains(plain(lines), "more") {
		t.Fatalf("%d lines:\n%s", len(lines), plain(lines))
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 60 {
			t.Errorf("line %d cells wide", w)
		}
	}
}

// A chip names the lossy changes known for the model in use, and only for
// that model: after a switch it falls back to what the header tells.
func TestChipNamesChangesForItsModel(t *testing.T) {
	tr := New()
	id := tr.Add(NewImage(session.Image{Name: "a.gif", MIME: "image/gif", Width: 40, Height: 30, Frames: 3}))
	caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	tr.Relabel(caps, true, "openai/gpt-4o")
	if got := tr.ByID(id).Label(); !strings.Contains(got, "GIF, first frame") {
		t.Fatalf("before the fit: %q", got)
	}
	tr.SetChanges(id, "openai/gpt-4o", []string{"animated (3 frames): sending the first frame", "converted GIF to PNG"})
	got := tr.ByID(id).Label()
	if !strings.HasSuffix(got, " · animated (3 frames): sending the first frame · converted GIF to PNG") || strings.Contains(got, "GIF, first frame") {
		t.Errorf("after the fit: %q", got)
	}
	tr.Relabel(caps, true, "openai/gpt-4.1")
	if got := tr.ByID(id).Label(); strings.Contains(got, "converted") {
		t.Errorf("another model's changes shown: %q", got)
	}
	tr.SetChanges(id, "openai/gpt-4o", nil) // a late answer for the old model
	if got := tr.ByID(id).Label(); strings.Contains(got, "converted") || !strings.Contains(got, "GIF, first frame") {
		t.Errorf("a stale fit relabelled the chip: %q", got)
	}
}

// An audio chip says how the model gets it: as it is, converted to WAV for
// a model that hears WAV but not the format, or as a transcript.
func TestAudioChipSaysHowItIsSent(t *testing.T) {
	hearsWAV := providers.Caps{Audio: true, AudioFormats: []string{"audio/wav", "audio/mpeg"}}
	for _, c := range []struct {
		caps providers.Caps
		mime string
		want string
	}{
		{hearsWAV, "audio/wav", "note.x 0:02 · audio"},
		{hearsWAV, "audio/ogg", "note.x 0:02 · audio · sent converted to WAV"},
		{hearsWAV, "audio/flac", "note.x 0:02 · audio · sent converted to WAV"},
		{providers.Caps{Images: true}, "audio/ogg", "note.x 0:02 · audio · sent as transcript"},
	} {
		tr := New()
		id := tr.Add(NewAudio(session.Audio{Name: "note.x", MIME: c.mime, Duration: 2 * time.Second}, false))
		tr.Relabel(c.caps, true, "p/m")
		if got := tr.ByID(id).Label(); !strings.HasSuffix(got, c.want) {
			t.Errorf("%s: %q, want …%q", c.mime, got, c.want)
		}
	}
}

// ImageChip is the selected chip when it is an image, else the newest
// image; HasImage finds an image chip by blob; Message puts the text
// before the chips' parts, and no text part for blank text.
func TestImageChipHasImageAndMessage(t *testing.T) {
	tr := New()
	if tr.ImageChip() != nil || tr.HasImage("b1") {
		t.Fatal("an empty tray has an image")
	}
	a := NewImage(session.Image{Name: "a.png", MIME: "image/png", Blob: "b1"})
	b := NewImage(session.Image{Name: "b.png", MIME: "image/png", Blob: "b2"})
	tr.Add(a)
	tr.Add(b)
	tr.Add(NewAudio(session.Audio{Name: "note.wav", MIME: "audio/wav"}, true))
	if c := tr.ImageChip(); c == nil || c.Image().Name != "b.png" {
		t.Errorf("newest image chip %v", c)
	}
	tr.Select(0)
	if c := tr.ImageChip(); c == nil || c.Image().Name != "a.png" {
		t.Errorf("selected image chip %v", c)
	}
	tr.Select(2) // the voice note: not an image
	if c := tr.ImageChip(); c == nil || c.Image().Name != "b.png" {
		t.Errorf("with a voice note selected: %v", c)
	}
	if !tr.HasImage("b2") || tr.HasImage("b3") {
		t.Error("HasImage does not go by blob")
	}
	if p := tr.Message("look"); len(p) != 4 || p[0].(session.Text).Text != "look" {
		t.Errorf("message parts %#v", p)
	}
	if p := tr.Message(" \n"); len(p) != 3 {
		t.Errorf("blank text made a part: %#v", p)
	}
}
