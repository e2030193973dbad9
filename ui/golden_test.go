package ui

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/stream"
)

var update = flag.Bool("update", false, "rewrite ui/testdata/*.golden from the current output")

// checkGolden compares got with testdata/name.golden (or rewrites it with
// -update). Goldens hold the screen without styling: colours are checked
// separately, and plain text keeps the diffs readable.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	providertest.Golden(t, filepath.Join("testdata", name+".golden"), got, *update, "go test ./ui -update")
}

// checkViews checks the plain screen against name.golden and the styled
// one (every escape sequence of View) against name.styled.golden, so a
// refactor that changes a colour or an attribute shows up too.
func checkViews(t *testing.T, name string, m *Model) {
	t.Helper()
	v := m.View().Content
	checkGolden(t, name, ansi.Strip(v))
	checkGolden(t, name+".styled", v)
}

func text(s string) []session.Part { return []session.Part{session.Text{Text: s}} }

// goldenConversation has every kind of entry: markdown with code, a
// cancelled reply, a failed one, and a notice.
func goldenConversation() *session.Conversation {
	return &session.Conversation{ID: 1, Title: "Sorting in Go", Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: text("How do I sort a slice of ints in Go?")},
		{Role: session.RoleAssistant, Status: session.StatusDone, Provider: "openai", Model: "gpt-4o-mini",
			Usage: session.Usage{InputTokens: 14, OutputTokens: 60},
			Parts: text("## Sorting\n\nUse the `slices` package:\n\n```go\nslices.Sort(xs)\n```\n\n" +
				"- works for any ordered type\n- sorts in place\n\nThat is **all**.")},
		{Role: session.RoleUser, Status: session.StatusDone, Parts: text("And descending?")},
		{Role: session.RoleAssistant, Status: session.StatusCancelled, Provider: "openai", Model: "gpt-4o-mini",
			Parts: text("Sort, then reverse the")},
		{Role: session.RoleUser, Status: session.StatusDone, Parts: text("Try again")},
		{Role: session.RoleAssistant, Status: session.StatusError, Provider: "openai", Model: "gpt-4o-mini",
			Error: "rate limited (429): retry after 20s", Parts: text("Use slices.SortFunc")},
	}}
}

func goldenModel(t *testing.T, w, h int) *Model {
	m := newTestModel(t, &providertest.Provider{}, Options{Conversation: goldenConversation(), Model: "openai/gpt-4o-mini"})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.status.Usage(session.Usage{InputTokens: 14, OutputTokens: 60})
	return m
}

func TestGoldenTranscript(t *testing.T) {
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			m := goldenModel(t, w, 40)
			checkViews(t, fmt.Sprintf("transcript_%d", w), m)
		})
	}
}

func TestGoldenHelp(t *testing.T) {
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			m := goldenModel(t, w, 24)
			m.opts.Version = "v0.1.0"
			r := newRunner(t, m)
			r.typeText("?")
			checkViews(t, fmt.Sprintf("help_%d", w), m)
		})
	}
}

func TestGoldenStreaming(t *testing.T) {
	p := &providertest.Provider{Hold: true}
	m := newTestModel(t, p, Options{Model: "fake/test-model"})
	r := newRunner(t, m)
	r.send(submitMsg{text: "Write a list"})
	r.send(stream.FrameFor(m.chat.ActiveID(), "Here:\n\n1. one\n2. two\n3. thr", 5, time.Time{}))
	checkViews(t, "streaming_80", m)
}

// The goldens hold plain text; this checks that styling is there and
// follows the palette.
func TestViewIsStyledByPalette(t *testing.T) {
	m := goldenModel(t, 80, 40)
	view := m.View().Content
	if ansi.Strip(view) == view {
		t.Fatal("the view has no styling at all")
	}
	// Palette Error of the dark theme is #F7768E.
	if !strings.Contains(view, "38;2;247;118;142") {
		t.Error("the error line is not drawn in the palette's error colour")
	}
}
