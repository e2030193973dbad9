package transcript

import (
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"
)

// TestReasoningTailBounded: the line keeps only the latest reasoning, on
// one line with single spaces, and once ended says how long it took and
// takes no more.
func TestReasoningTailBounded(t *testing.T) {
	var th Thinking
	if th.Lines(80, lipgloss.NewStyle()) != nil {
		t.Fatal("a line before any reasoning")
	}
	at := time.Unix(0, 0)
	for range 200 { // 1000 runes of reasoning, collapsed
		th.Add("word\n\n", at)
	}
	line := th.Lines(10000, lipgloss.NewStyle())[0]
	tail := strings.TrimPrefix(line, "  thinking: ")
	if n := len([]rune(tail)); n > thinkTailRunes || n < thinkTailRunes-2 {
		t.Fatalf("the line shows %d runes of reasoning, want about %d", n, thinkTailRunes)
	}
	if strings.Contains(tail, "\n") || strings.Contains(tail, "  ") {
		t.Fatalf("tail is not one line with single spaces: %q", tail)
	}
	if !th.End(at.Add(65*time.Second)) || th.End(at) || th.Add("more", at) {
		t.Fatal("End or a later Add reported a change it should not")
	}
	if got := th.Lines(80, lipgloss.NewStyle()); len(got) != 1 || got[0] != "  thought for 1m 5s" {
		t.Fatalf("after the reply started: %q", got)
	}
}

// TestThinkingSanitizes: an escape sequence split across two deltas does
// not reach the line.
func TestThinkingSanitizes(t *testing.T) {
	var th Thinking
	th.Add("look \x1b[", time.Unix(0, 0))
	th.Add("31mred", time.Unix(0, 0))
	if got := th.Lines(80, lipgloss.NewStyle())[0]; strings.Contains(got, "\x1b") || !strings.Contains(got, "look red") {
		t.Fatalf("line %q", got)
	}
}

func TestThoughtFor(t *testing.T) {
	for d, want := range map[time.Duration]string{
		300 * time.Millisecond:   "thought for <1s",
		4200 * time.Millisecond:  "thought for 4s",
		59600 * time.Millisecond: "thought for 1m 0s",
		65 * time.Second:         "thought for 1m 5s",
	} {
		if got := thoughtFor(d); got != want {
			t.Errorf("thoughtFor(%v) = %q, want %q", d, got, want)
		}
	}
}
