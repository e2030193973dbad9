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
		w    int
		want string
	}{
		{KindMessage, session.Message{Role: session.RoleUser}, 40, "You"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Provider: "openai", Model: "gpt-4o"}, 40, "Assistant · openai/gpt-4o"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Provider: "openai", Model: "openai/gpt-4o",
			Status: session.StatusCancelled}, 40, "Assistant · openai/gpt-4o · cancelled"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Model: "m", Status: session.StatusStreaming}, 40, "Assistant · m · ⠋"},
		{KindFailure, session.Message{Status: session.StatusError}, 40, "parley · error"},
		{KindNotice, session.Message{}, 40, "parley"},
		{KindSystem, session.Message{}, 40, "System prompt"},
		{KindMessage, session.Message{Role: session.RoleAssistant, Model: "a-very-long-model-name"}, 16, "Assistant · a-v…"},
	} {
		if got := ansi.Strip(Header(c.kind, c.msg, c.w, &st, "⠋")); got != c.want {
			t.Errorf("Header(%v, %+v) = %q, want %q", c.kind, c.msg, got, c.want)
		}
	}
}
