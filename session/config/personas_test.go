package config

import (
	"strings"
	"testing"
)

const personaConfig = `system_prompt = "Be concise."

[personas.reviewer]
system = "You review Go code."
model = "anthropic/claude-sonnet-4-5"

[personas.french]
system = "Réponds en français."
`

func TestChooseSystem(t *testing.T) {
	c := load(t, personaConfig, nil)
	for _, tc := range []struct {
		system, persona string
		want            SystemChoice
	}{
		{"", "", SystemChoice{System: "Be concise."}},
		{"", "reviewer", SystemChoice{System: "You review Go code.", Persona: "reviewer", Model: "anthropic/claude-sonnet-4-5"}},
		{"Only haiku.", "", SystemChoice{System: "Only haiku."}},
		{"Only haiku.", "french", SystemChoice{System: "Only haiku.", Persona: "french"}},
	} {
		got, err := c.ChooseSystem(tc.system, tc.persona)
		if err != nil || got != tc.want {
			t.Errorf("ChooseSystem(%q, %q) = %+v, %v; want %+v", tc.system, tc.persona, got, err, tc.want)
		}
	}
	_, err := c.ChooseSystem("", "pirate")
	if err == nil || !strings.Contains(err.Error(), "configured: french, reviewer") {
		t.Errorf("unknown persona: %v", err)
	}
}

func TestPersonaNeedsSystem(t *testing.T) {
	path := writeConfig(t, "[personas.empty]\nmodel = \"openai/gpt-4o\"\n", 0o600)
	_, _, err := Load(path)
	if err == nil || !strings.Contains(err.Error(), ":1: personas.empty.system: a persona needs a system prompt") {
		t.Errorf("persona without system: %v", err)
	}
}

func TestResumeModel(t *testing.T) {
	c := load(t, `default_model = "openai/gpt-4o"`+"\n", map[string]string{"OPENAI_API_KEY": "k", "GEMINI_API_KEY": "g"})
	p, m, reason, _, err := c.ResumeModel("gemini", "gemini-2.5-pro", "", "", nil)
	if err != nil || p != "gemini" || m != "gemini-2.5-pro" || reason != "" {
		t.Errorf("restore: %s/%s %q %v", p, m, reason, err)
	}
	p, m, reason, _, _ = c.ResumeModel("gone", "x", "", "", nil)
	if p != "openai" || m != "gpt-4o" || !strings.Contains(reason, "this conversation used gone/x, but provider gone is no longer configured") ||
		!strings.HasSuffix(reason, "continuing with openai/gpt-4o") {
		t.Errorf("unknown provider: %s/%s %q", p, m, reason)
	}
	p, _, reason, _, _ = c.ResumeModel("anthropic", "claude-sonnet-4-5", "", "", nil)
	if p != "openai" || !strings.Contains(reason, "anthropic has no key") || !strings.Contains(reason, "ANTHROPIC_API_KEY") {
		t.Errorf("no key: %s %q", p, reason)
	}
	p, m, reason, _, _ = c.ResumeModel("gemini", "gemini-2.5-pro", "openai/o3", "", nil)
	if p != "openai" || m != "o3" || reason != "" {
		t.Errorf("-m wins: %s/%s %q", p, m, reason)
	}
}
