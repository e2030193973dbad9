package transcript

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"parley/ui/internal/longstore"
	"parley/ui/markdown"
)

// newMarkdown is a renderer with the dark style in true colour.
func newMarkdown(b *testing.B) *markdown.Renderer {
	md, err := markdown.NewRenderer(markdown.Options{Style: "dark", Profile: colorprofile.TrueColor})
	if err != nil {
		b.Fatal(err)
	}
	return md
}

// mdEntry is a markdown message of a benchmark transcript.
type mdEntry struct{ text string }

// mdLayout renders mdEntries with glamour, as the root does, and
// estimates a message's height from its length.
type mdLayout struct{ md *markdown.Renderer }

func (l mdLayout) Render(e *mdEntry, w int) []string {
	return append([]string{"header"}, strings.Split(l.md.Render(e.text, w), "\n")...)
}

func (mdLayout) Version(*mdEntry) uint64 { return 0 }

func (mdLayout) Estimate(e *mdEntry, w int) int { return 2 + len(e.text)/max(w-4, 1) }

// longTranscript is 5,000 distinct markdown messages (questions and
// answers with a list and code) behind a Cache, 120×40.
func longTranscript(b *testing.B) (Model[*mdEntry], *markdown.Renderer) {
	md := newMarkdown(b)
	tr := New[*mdEntry](NewCache[*mdEntry](mdLayout{md}, 0), DefaultKeyMap())
	for i := range 5000 {
		text := fmt.Sprintf("question %d: how does *this* work?", i)
		if i%2 == 1 {
			text = fmt.Sprintf("## Answer %d\n\nIt works like this:\n\n- one\n- two\n\n```go\nx := %d\n```\n", i, i)
		}
		tr.Add(&mdEntry{text: text})
	}
	tr.SetSize(120, 40)
	_ = tr.Lines()
	return tr, md
}

// BenchmarkPgUp5000 pages up through 5,000 markdown messages from the
// bottom, each step drawing entries never rendered before, and reads the
// scroll position a scrollbar would show; the model restarts at the top.
func BenchmarkPgUp5000(b *testing.B) {
	tr, md := longTranscript(b)
	renders := 0
	pgUp := tea.KeyPressMsg{Code: tea.KeyPgUp}
	b.ReportAllocs()
	for b.Loop() {
		if i, skip := tr.Start(); i == 0 && skip == 0 {
			b.StopTimer()
			renders += md.Stats().Calls
			tr, md = longTranscript(b)
			b.StartTimer()
		}
		tr, _ = tr.Update(pgUp)
		_ = tr.Lines()
		if _, _, ok := tr.Position(); !ok {
			b.Fatal("no position")
		}
	}
	b.ReportMetric(float64(renders+md.Stats().Calls)/float64(b.N), "renders/step")
}

// mdLazyLayout draws lazyMsgs with glamour once loaded.
type mdLazyLayout struct {
	lazyLayout
	md *markdown.Renderer
}

func (l mdLazyLayout) Render(e *lazyMsg, w int) []string {
	if e.msg == nil {
		return l.lazyLayout.Render(e, w)
	}
	return append([]string{string(e.msg.Role)}, strings.Split(l.md.Render(e.msg.Text(), w), "\n")...)
}

// BenchmarkLazyResume5000 resumes the 5,000-message conversation from a
// real store to its first screen the lazy way: the outline with the last
// 50 messages, one placeholder entry per message, the pages the view
// wants loaded, and the screen drawn with glamour.
func BenchmarkLazyResume5000(b *testing.B) {
	store, conv := longstore.New(b)
	b.ReportAllocs()
	for b.Loop() {
		// A new renderer each time: the first screen is rendered cold.
		md := newMarkdown(b)
		r := resume(b, store, conv, 50, mdLazyLayout{md: md}, 120, 40)
		if lines := r.tr.Lines(); !strings.Contains(strings.Join(lines, "\n"), "4999") {
			b.Fatalf("the last message is not on screen:\n%s", strings.Join(lines, "\n"))
		}
	}
}

// BenchmarkFullResume5000 is the same resume loading every message
// (Store.Conversation) and laying out entries without placeholders, the
// way the root resumed before lazy loading.
func BenchmarkFullResume5000(b *testing.B) {
	store, conv := longstore.New(b)
	b.ReportAllocs()
	for b.Loop() {
		// A new renderer each time: the first screen is rendered cold.
		md := newMarkdown(b)
		c, err := store.Conversation(conv)
		if err != nil {
			b.Fatal(err)
		}
		tr := New[*lazyMsg](NewCache[*lazyMsg](mdLazyLayout{md: md}, 0), DefaultKeyMap())
		for i := range c.Messages {
			tr.Add(&lazyMsg{msg: &c.Messages[i]})
		}
		tr.SetSize(120, 40)
		if lines := tr.Lines(); !strings.Contains(strings.Join(lines, "\n"), "4999") {
			b.Fatalf("the last message is not on screen:\n%s", strings.Join(lines, "\n"))
		}
	}
}
