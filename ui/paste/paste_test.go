package paste

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func keys(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		if r == '\r' {
			out = append(out, tea.KeyPressMsg{Code: tea.KeyEnter})
			continue
		}
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// settle runs the window's Cmd and gives its message to the Guard.
func settle(t *testing.T, g *Guard, cmd tea.Cmd) Result {
	t.Helper()
	if cmd == nil {
		t.Fatal("the paste's end opened no window")
	}
	msg, ok := cmd().(Msg)
	if !ok {
		t.Fatal("the window's Cmd gave no paste.Msg")
	}
	return g.Update(msg)
}

// What Bubble Tea v2 delivers for "\x1b[200~hello\x1b[201~\rINJECTED\x1b[201~"
// (seen with its real input reader, see the ui package's test): the paste,
// Enter and the letters as keys, then the stray end as an empty PasteMsg
// and a PasteEndMsg. None of those keys may act; they come back as text.
func TestSplitPasteGivesKeysBackAsText(t *testing.T) {
	var g Guard
	g.Start()
	if g.Paste(tea.PasteMsg{Content: "hello"}) {
		t.Fatal("the guard kept the paste itself")
	}
	cmd := g.End()
	for _, k := range keys("\rINJECTED") {
		if !g.Hold(k) {
			t.Fatalf("key %v was not held after the paste", k)
		}
	}
	if !g.Paste(tea.PasteMsg{}) {
		t.Error("the stray end's empty paste was not kept")
	}
	if g.End() != nil {
		t.Error("a second end opened another window")
	}
	r := settle(t, &g, cmd)
	if len(r.Keys) != 0 || r.Text != "\nINJECTED" || !strings.Contains(r.Notice, "looked split") {
		t.Errorf("result %+v, want the rest as text and a notice", r)
	}
	if g.Open() || g.Hold(tea.KeyPressMsg{Code: tea.KeyEnter}) {
		t.Error("keys still held after the window")
	}
}

// A whole paste followed by the user's keys gives the keys back, in order.
func TestWholePasteGivesKeysBack(t *testing.T) {
	var g Guard
	g.Start()
	g.Paste(tea.PasteMsg{Content: "hello"})
	cmd := g.End()
	g.Hold(tea.KeyPressMsg{Code: 'x', Text: "x"})
	g.Hold(tea.KeyPressMsg{Code: tea.KeyEnter})
	r := settle(t, &g, cmd)
	if len(r.Keys) != 2 || r.Keys[0].Text != "x" || r.Keys[1].Code != tea.KeyEnter || r.Text != "" || r.Notice != "" {
		t.Errorf("result %+v, want x then enter", r)
	}
}

// A paste re-opened inside the window ("…\x1b[201~\r\x1b[200~more") is
// split too; its text stays after the held keys; keys that type nothing
// are counted in the notice.
func TestReopenedPasteKeepsOrder(t *testing.T) {
	var g Guard
	cmd := g.End()
	g.Hold(tea.KeyPressMsg{Code: tea.KeyEnter})
	g.Hold(tea.KeyPressMsg{Code: tea.KeyUp})
	g.Start()
	g.Paste(tea.PasteMsg{Content: "more"})
	g.End()
	r := settle(t, &g, cmd)
	if r.Text != "\nmore" || !strings.Contains(r.Notice, "1 key(s)") {
		t.Errorf("result %+v", r)
	}
}
