package transcript

import (
	"testing"

	"github.com/charmbracelet/x/ansi"

	"parley/session"
	"parley/themes"
)

func TestHeader(t *testing.T) {
	st := themes.NewStyles(themes.Dark())
	for _, c := range []struct {
		kind Kind
		msg  session.Message
		tags Tags
		w    int
		want string
	}{
		{KindMessage, session.Message{Role: session.RoleUser}, Tags{}, 40, "You"},
		{KindMessage, session.Message{Role: session.RoleUser}, Tags{Branch: 2, Branches: 3, Selected: true}, 40, "▸ You · ‹ 2/3 ›"},
		{KindMessage, session.Message{Role: session.RoleUser}, Tags{Branch: 1, Branches: 1}, 40, "You"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Model: "m", Status: session.StatusError}, Tags{Branch: 2, Branches: 2, Cost: "$0.0042"}, 60,
			"Assistant · m · ‹ 2/2 › · error · $0.0042"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Provider: "openai", Model: "gpt-4o"}, Tags{}, 40, "Assistant · openai/gpt-4o"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Provider: "openai", Model: "openai/gpt-4o",
			Status: session.StatusCancelled}, Tags{}, 40, "Assistant · openai/gpt-4o · cancelled"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Model: "m", Status: session.StatusStreaming}, Tags{}, 40, "Assistant · m · ⠋"},
		{KindFailure, session.Message{Status: session.StatusError}, Tags{}, 40, "parley · error"},
		{KindNotice, session.Message{}, Tags{}, 40, "parley"},
		{KindSystem, session.Message{}, Tags{}, 40, "System prompt"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Model: "a-very-long-model-name"}, Tags{}, 16, "Assistant · a-v…"},
	} {
		if got := ansi.Strip(Header(c.kind, c.msg, c.tags, c.w, &st, "⠋")); got != c.want {
			t.Errorf("Header(%v, %+v) = %q, want %q", c.kind, c.msg, got, c.want)
		}
	}
}

// A placeholder's estimate grows with its text and images and never
// drops below the header and the blank line after it.
func TestEstimateHeight(t *testing.T) {
	empty := session.MessageHeader{}
	if h := EstimateHeight(empty, 80, 10); h != 2 {
		t.Errorf("an empty message: %d lines, want 2", h)
	}
	long := session.MessageHeader{TextBytes: 7600} // 100 lines of 76 bytes, a third more for breaks
	if h := EstimateHeight(long, 80, 10); h < 100 || h > 140 {
		t.Errorf("7,600 bytes at width 80: %d lines, want 100–140", h)
	}
	if narrow := EstimateHeight(long, 40, 10); narrow <= EstimateHeight(long, 80, 10) {
		t.Errorf("narrower is not taller: %d", narrow)
	}
	pics := session.MessageHeader{TextBytes: 10, Images: 3}
	if h := EstimateHeight(pics, 80, 10); h != 2+1+30 {
		t.Errorf("3 images of 10 rows: %d lines, want 33", h)
	}
	if h := EstimateHeight(empty, 0, 0); h != 2 {
		t.Errorf("zero width: %d", h)
	}
}
