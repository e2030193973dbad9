package dialog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The file picker lists the working directory through wrapped Cmds, keeps
// open with the reason on a file the sniff refuses, and attaches one it
// takes.
func TestFilePickerRefusesNonMediaAndAttaches(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"aaa-notes", "bbb-shot"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	var asked []string
	isMedia := func(p string) bool { asked = append(asked, filepath.Base(p)); return strings.HasSuffix(p, "shot") }
	d := NewFilePicker(testStyles(), 20, isMedia)
	listing := run(t, d.Init())
	if _, ok := listing.(wrapped); !ok {
		t.Fatalf("the directory listing is a %T, not the dialog's Msg", listing)
	}
	var o Overlay
	o.Open(d)
	o.Update(listing)
	if view := plain(o.View(80, 20)); !strings.Contains(view, "bbb-shot") || !strings.Contains(view, "Attach a file") {
		t.Fatalf("no listing:\n%s", view)
	}
	if a, _ := o.Update(press(tea.KeyEnter, 0)); a != nil || !o.IsOpen() {
		t.Fatalf("a text file gave %#v", a)
	}
	if view := plain(o.View(80, 20)); !strings.Contains(view, "aaa-notes is not an image or audio file") {
		t.Errorf("no reason shown:\n%s", view)
	}
	o.Update(press(tea.KeyDown, 0))
	a, _ := o.Update(press(tea.KeyEnter, 0))
	if a != (ActionAttachFile{Path: filepath.Join(dir, "bbb-shot")}) || o.IsOpen() {
		t.Fatalf("the image gave %#v (open %v)", a, o.IsOpen())
	}
	if strings.Join(asked, " ") != "aaa-notes bbb-shot" {
		t.Errorf("the sniff was asked about %v", asked)
	}
}

// The ? help closes on its key, and scrolls when it is taller than the
// screen.
func TestHelpClosesAndScrolls(t *testing.T) {
	k := DefaultListKeyMap()
	d := NewHelp(HelpKeys{Full: k.FullHelp(), Narrow: k.FullHelp(), Close: k.Close}, testStyles(), "1.2.3")
	short := plain(d.View(80, 6))
	if !strings.Contains(short, "parley 1.2.3 · keys") || !strings.Contains(short, "↓/pgdown more") {
		t.Fatalf("a short help has no title or scroll hint:\n%s", short)
	}
	d.Update(press(tea.KeyPgDown, 0))
	if v := plain(d.View(80, 6)); v == short || strings.Contains(v, "parley 1.2.3") {
		t.Errorf("pgdown did not scroll:\n%s", v)
	}
	d.Update(press(tea.KeyHome, 0))
	if v := plain(d.View(80, 6)); v != short {
		t.Errorf("home did not go back to the top:\n%s", v)
	}
	if a, _ := d.Update(press(tea.KeyEscape, 0)); a != (ActionClose{}) {
		t.Errorf("esc gave %#v", a)
	}
}
