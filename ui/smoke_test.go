package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"parley/providers/providertest"
	"parley/session"
)

// TestSmokeRun runs the real program in a terminal; it only runs when
// PARLEY_UI_SMOKE=1, for a manual check in tmux:
//
//	go test -c -o /tmp/ui.test ./ui
//	tmux new-session -d -x 100 -y 30 'PARLEY_UI_SMOKE=1 /tmp/ui.test -test.run TestSmokeRun'
func TestSmokeRun(t *testing.T) {
	if os.Getenv("PARLEY_UI_SMOKE") != "1" {
		t.Skip("set PARLEY_UI_SMOKE=1 and run in a terminal")
	}
	reply := strings.SplitAfter("Here is a **streamed** reply.\n\n```go\nfmt.Println(42)\n```\n\nThe last line.", " ")
	p := &providertest.Provider{Events: providertest.Reply(reply...), Delay: 150 * time.Millisecond}
	err := Run(t.Context(), Options{
		Model: "fake/smoke",
		Turns: func(model string) (*session.Turn, error) {
			return &session.Turn{Provider: p, Model: model}, nil
		},
		SetupHint: "smoke test: type, press enter",
		Version:   "smoke",
	})
	if err != nil {
		t.Fatal(err)
	}
}
