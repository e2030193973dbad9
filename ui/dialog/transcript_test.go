package dialog

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
)

// The transcript editor edits the text and hands it back on enter.
func TestTranscriptEditsAndSaves(t *testing.T) {
	d := NewTranscript(7, "hello", textarea.DefaultKeyMap(), testStyles())
	var o Overlay
	o.Open(d) // focuses the editor
	o.Update(tea.PasteMsg{Content: " world"})
	if view := plain(o.View(80, 20)); !strings.Contains(view, "hello world") || !strings.Contains(view, "Voice note transcript") {
		t.Fatalf("the editor does not show the edit:\n%s", view)
	}
	if a, _ := o.Update(press(tea.KeyEnter, 0)); a != (ActionSaveTranscript{ID: 7, Text: "hello world"}) || o.IsOpen() {
		t.Fatalf("enter gave %#v (open %v)", a, o.IsOpen())
	}
	o.Open(NewTranscript(7, "x", textarea.DefaultKeyMap(), testStyles()))
	if a, _ := o.Update(press(tea.KeyEscape, 0)); a != (ActionClose{}) || o.IsOpen() {
		t.Errorf("esc gave %#v", a)
	}
}
