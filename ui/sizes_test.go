package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/tray"
)

// TestOneSizeFormatterForCaptionAndInspect: the transcript caption and the
// inspect dialog show one file's size the same way (they once said 4 KB
// and 5 KB for the same 4.6 KB file).
func TestOneSizeFormatterForCaptionAndInspect(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	img := session.Image{Name: "shot.png", MIME: "image/png", Width: 40, Height: 30, Bytes: 4700}
	caption := ansi.Strip(m.img.Caption(img, session.StatusStreaming, false))
	chip := tray.NewImage(img)
	d := dialog.NewInspect(m.styles, &chip, dialog.InspectFor{Model: "fake/x"}, nil, nil)
	facts := ansi.Strip(d.View(120, 40))
	for _, want := range []string{"5 KB"} {
		if !strings.Contains(caption, want) || !strings.Contains(facts, want) {
			t.Errorf("4700 bytes: caption %q, inspect %q, want both to say %q", caption, facts, want)
		}
	}
	for n, want := range map[int64]string{812: "812 B", 4700: "5 KB", 1<<20 - 100: "1.0 MB", 2516582: "2.4 MB"} {
		if got := common.HumanBytes(n); got != want {
			t.Errorf("common.HumanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
