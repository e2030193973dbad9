package dialog

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// y and enter answer with the yes Action, n and esc close, any other key
// does nothing: a stray key never deletes.
func TestAskAnswers(t *testing.T) {
	yes := ActionDeleteConversation{ID: 7}
	for _, c := range []struct {
		key  tea.KeyPressMsg
		want Action
	}{
		{tea.KeyPressMsg{Code: 'y', Text: "y"}, yes},
		{tea.KeyPressMsg{Code: tea.KeyEnter}, yes},
		{tea.KeyPressMsg{Code: 'n', Text: "n"}, ActionClose{}},
		{tea.KeyPressMsg{Code: tea.KeyEscape}, ActionClose{}},
		{tea.KeyPressMsg{Code: 'x', Text: "x"}, nil},
	} {
		d := NewAsk(testStyles(), "Delete conversation", "Delete it?", yes)
		if a, _ := d.Update(c.key); a != c.want {
			t.Errorf("%s: %#v, want %#v", c.key, a, c.want)
		}
	}
	d := NewAsk(testStyles(), "Delete conversation", "Delete \"Go sorting\" with every message?", yes)
	v := ansi.Strip(d.View(60, 12))
	for _, want := range []string{"Delete conversation", "Go sorting", "y/enter yes · n/esc no"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}
