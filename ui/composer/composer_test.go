package composer

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/themes"
)

func newModel() Model {
	st := themes.NewStyles(themes.Dark())
	c := New(DefaultKeyMap(), &st)
	c.SetSize(40, 24)
	return c
}

func typeText(c Model, s string) Model {
	for _, r := range s {
		c, _ = c.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return c
}

// The box grows with the text up to its limit; shift+enter and ctrl+j
// insert newlines, Enter does not (it is the root's).
func TestNewlinesGrowTheBox(t *testing.T) {
	c := typeText(newModel(), "one")
	if c.Height() != 3 {
		t.Fatalf("one line: height %d, want 3 (border included)", c.Height())
	}
	c, _ = c.Update(tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModShift})
	c = typeText(c, "two")
	c, _ = c.Update(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	c = typeText(c, "three")
	c, _ = c.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if c.Value() != "one\ntwo\nthree" || c.Height() != 5 {
		t.Fatalf("value %q height %d", c.Value(), c.Height())
	}
	for range 20 {
		c, _ = c.Update(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	}
	if c.Height() != 2+maxComposerLines {
		t.Errorf("height %d, want at most %d rows of text", c.Height(), maxComposerLines)
	}
	if !strings.Contains(c.View(), "three") && c.Empty() {
		t.Error("the text is gone")
	}
}

// Tab cycles through the candidates; other keys start afresh; text that
// is not a command is left to Tab's usual meaning.
func TestCompleteCycles(t *testing.T) {
	c := newModel()
	cands := func(string) []string { return []string{"/attach a/", "/attach b.png"} }
	if _, _, ok := c.Complete(cands); ok {
		t.Fatal("empty text completed")
	}
	c.SetValue("/attach ")
	notice, isErr, ok := c.Complete(cands)
	if !ok || isErr || c.Value() != "/attach a/" || notice != "[a/]  b.png" {
		t.Fatalf("first Tab: value %q notice %q", c.Value(), notice)
	}
	notice, _, _ = c.Complete(cands)
	if c.Value() != "/attach b.png" || notice != "a/  [b.png]" {
		t.Fatalf("second Tab: value %q notice %q", c.Value(), notice)
	}
	c.EndCompletion()
	c.SetValue("/zz")
	if notice, isErr, ok := c.Complete(func(string) []string { return nil }); !ok || !isErr || notice != "no completion for /zz" {
		t.Fatalf("no match: %q %v %v", notice, isErr, ok)
	}
}

// Completing a command name lists every command in the row, /attach
// (whose match ends in the space before its argument) among them.
func TestCompleteListsAttach(t *testing.T) {
	c := newModel()
	cands := func(string) []string { return []string{"/model ", "/attach ", "/image ", "/inspect"} }
	c.SetValue("/")
	notice, _, ok := c.Complete(cands)
	if !ok || c.Value() != "/model " || notice != "[/model]  /attach  /image  /inspect" {
		t.Fatalf("first Tab: value %q notice %q", c.Value(), notice)
	}
	notice, _, _ = c.Complete(cands)
	if c.Value() != "/attach " || notice != "/model  [/attach]  /image  /inspect" {
		t.Fatalf("second Tab: value %q notice %q", c.Value(), notice)
	}
}

// CompletePath lists directories and the files the filters accept, and
// hides dot files unless asked for.
func TestCompletePath(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.png", "notes.txt", "raw", ".hidden.png"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	byName := func(n string) bool { return strings.HasSuffix(n, ".png") }
	bySniff := func(p string) bool { return filepath.Base(p) == "raw" }
	got := CompletePath(dir+"/", byName, bySniff)
	want := []string{dir + "/a.png", dir + "/raw", dir + "/sub/"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := CompletePath(dir+"/.h", byName, bySniff); len(got) != 1 {
		t.Errorf("dot prefix: %q", got)
	}
}

// The textarea drops what passes its limits without a word; InsertString
// says so and leaves the text as it was, so the caller can put the text
// elsewhere (issue 15, item 3: pastes were cut at line 5,000).
func TestInsertStringNeverCutsSilently(t *testing.T) {
	c := newModel()
	if !c.InsertString("one\r\ntwo\rthree") || c.Value() != "one\ntwo\nthree" {
		t.Fatalf("value %q: \\r\\n and \\r are one line break each", c.Value())
	}
	c.Reset()
	c.ta.MaxContentHeight = 50 // 5,000 in use: the same cut, quicker to reach
	big := strings.Repeat("line\n", 60)
	if c.InsertString(big) {
		t.Fatalf("60 lines went in: %d lines kept", strings.Count(c.Value(), "\n")+1)
	}
	if c.Value() != "" {
		t.Errorf("a refused insert left %d bytes", len(c.Value()))
	}
}

// A key whose text the full textarea refuses is reported, not lost in
// silence (issue 15, item 3).
func TestFullComposerSaysSo(t *testing.T) {
	c := newModel()
	c.ta.MaxContentHeight = 3
	for range 2 {
		c, _ = c.Update(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
		if c.Full() {
			t.Fatalf("full at %d lines", c.ta.LineCount())
		}
	}
	c, _ = c.Update(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
	if !c.Full() {
		t.Errorf("a refused line break is not reported (%d lines)", c.ta.LineCount())
	}
	c, _ = c.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
	if c.Full() {
		t.Error("a key that types nothing is reported as refused")
	}
}
