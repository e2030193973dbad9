package session

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestExportCostsAndSystemPrompt(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("priced")
	if err := s.SetSystem(c.ID, "Be terse.\n\x1b[2JNo escapes.", "terse"); err != nil {
		t.Fatal(err)
	}
	addMsg(t, s, c.ID, RoleUser, "q")
	// gpt-4o: 1 000 in × 2.50/M + 100 out × 10/M = 0.0025 + 0.001.
	a := Message{ConversationID: c.ID, Role: RoleAssistant, Status: StatusDone, Provider: "openai",
		Model: "gpt-4o", Usage: Usage{InputTokens: 1000, OutputTokens: 100}, Parts: userText("a")}
	if err := s.AppendMessage(&a); err != nil {
		t.Fatal(err)
	}
	conv, _ := s.Conversation(c.ID)
	var md bytes.Buffer
	if err := ExportConversation(&md, conv, ExportOptions{Format: "md", Price: tablePrice}); err != nil {
		t.Fatal(err)
	}
	out := md.String()
	for _, want := range []string{"**System prompt (persona terse):**\n\n> Be terse.\n> No escapes.\n", "*cost $0.0035*", "out tokens · $0.0035\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	noEscapes(t, md.Bytes())
	var js bytes.Buffer
	if err := ExportConversation(&js, conv, ExportOptions{Format: FormatJSON, Price: tablePrice}); err != nil {
		t.Fatal(err)
	}
	var ej ExportJSON
	if err := json.Unmarshal(js.Bytes(), &ej); err != nil {
		t.Fatal(err)
	}
	if ej.CostUSD == nil || *ej.CostUSD != 0.0035 || ej.Messages[1].CostUSD == nil || ej.Messages[0].CostUSD != nil ||
		ej.System != "Be terse.\nNo escapes." || ej.Persona != "terse" {
		t.Errorf("JSON: cost %v, message costs %v %v, system %q", ej.CostUSD, ej.Messages[0].CostUSD, ej.Messages[1].CostUSD, ej.System)
	}
	// Without prices, no cost at all (not $0.00).
	js.Reset()
	if err := Export(&js, conv, FormatJSON, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(js.String(), "cost_usd") {
		t.Errorf("cost without prices:\n%s", js.String())
	}
}
