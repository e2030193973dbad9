package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Persona is one [personas.NAME] table: a system prompt with a name, and
// optionally the model it is meant for.
//
//	[personas.reviewer]
//	system = "You review Go code. Be blunt and specific."
//	model = "anthropic/claude-sonnet-4-5"
type Persona struct {
	// System is the system prompt sent to the model.
	System string `toml:"system"`
	// Model is "PROVIDER/MODEL" (or a MODEL of the default provider), as
	// -m takes it; "" keeps the model otherwise chosen.
	Model string `toml:"model"`
}

// validatePersonas checks that every persona says something. Its model is
// checked when it is used, as -m is: "a/b" may be a model ID of the default
// provider that holds a slash.
func (c *Config) validatePersonas(bad func(key []string, format string, args ...any) error) error {
	for name, p := range c.Personas {
		if strings.TrimSpace(p.System) == "" {
			return bad([]string{"personas", name, "system"}, "a persona needs a system prompt")
		}
	}
	return nil
}

// PersonaNames lists the configured personas, sorted (for completion and
// error messages).
func (c *Config) PersonaNames() []string {
	return slices.Sorted(maps.Keys(c.Personas))
}

// Persona returns persona name; an unknown name is an error listing the
// configured ones.
func (c *Config) Persona(name string) (Persona, error) {
	if p, ok := c.Personas[name]; ok {
		return p, nil
	}
	if len(c.Personas) == 0 {
		return Persona{}, fmt.Errorf("no persona %q: %s defines none (add [personas.%s] with system = \"…\")", name, c.Path, name)
	}
	return Persona{}, fmt.Errorf("no persona %q (configured: %s)", name, strings.Join(c.PersonaNames(), ", "))
}

// SystemChoice is the system prompt a new conversation starts with.
type SystemChoice struct {
	System  string // the prompt ("" = none)
	Persona string // the persona it came from, "" if none
	// Model is the persona's model ("" = none): the caller uses it unless
	// the user named a model with -m.
	Model string
}

// ChooseSystem picks the system prompt for a new conversation: --system
// TEXT (flagSystem) wins, then --persona NAME (flagPersona), then
// system_prompt. With both flags, the text replaces the persona's prompt
// but the persona's model still applies.
func (c *Config) ChooseSystem(flagSystem, flagPersona string) (SystemChoice, error) {
	var out SystemChoice
	if flagPersona != "" {
		p, err := c.Persona(flagPersona)
		if err != nil {
			return SystemChoice{}, err
		}
		out = SystemChoice{System: p.System, Persona: flagPersona, Model: p.Model}
	} else {
		out.System = c.SystemPrompt
	}
	if flagSystem != "" {
		out.System = flagSystem
	}
	return out, nil
}
