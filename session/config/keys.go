package config

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"parley/media/files"
	"parley/media/shellwords"
	"parley/providers"
)

// DefaultOllamaHost is where Ollama listens unless OLLAMA_HOST says otherwise.
const DefaultOllamaHost = "http://127.0.0.1:11434"

// defaultKeyCmdTimeout bounds api_key_cmd: a password manager waiting for a
// passphrase must not hang parley forever, but a person typing a gpg
// passphrase needs more than a few seconds (api_key_cmd_timeout changes it).
const defaultKeyCmdTimeout = 30 * time.Second

// defaultKeyEnvs are the env vars each built-in provider reads its key from,
// in order of preference.
var defaultKeyEnvs = map[string][]string{
	"openai":    {"OPENAI_API_KEY"},
	"anthropic": {"ANTHROPIC_API_KEY"},
	"gemini":    {"GEMINI_API_KEY", "GOOGLE_API_KEY"},
}

// Settings resolves provider name into the settings its adapter needs,
// reading the key from its env var, command or the config. A provider that
// needs a key and has none is an error saying exactly what to set.
func (c *Config) Settings(name string) (providers.Settings, error) {
	p, err := c.provider(name)
	if err != nil {
		return providers.Settings{}, err
	}
	s := providers.Settings{Name: name, Type: p.Type, BaseURL: c.baseURL(name, p)}
	switch {
	case p.APIKeyCmd != "":
		s.KeySource = "providers." + name + ".api_key_cmd"
		s.APIKey, err = c.cmdKey(name, p.APIKeyCmd)
		if err != nil {
			return providers.Settings{}, err
		}
		return s, nil
	case p.APIKey != "":
		s.KeySource = "providers." + name + ".api_key"
		s.APIKey = p.APIKey
		return s, nil
	}
	for _, env := range c.keyEnvs(name, p) {
		s.KeySource = env
		if v := c.lookup(env); v != "" {
			s.APIKey = v
			return s, nil
		}
	}
	if c.needsKey(name, p) {
		return providers.Settings{}, &providers.MissingKeyError{Provider: name, Sources: c.keyEnvs(name, p), Hint: c.keyHint(name)}
	}
	return s, nil
}

// keyEnvs lists the env vars a provider's key may come from.
func (c *Config) keyEnvs(name string, p Provider) []string {
	if p.APIKeyEnv != "" {
		return []string{p.APIKeyEnv}
	}
	return defaultKeyEnvs[name]
}

// needsKey reports whether a provider is unusable without a key. Ollama
// takes none, and neither do most local servers: a provider whose endpoint
// was changed from its default needs one only if the config names a source.
func (c *Config) needsKey(name string, p Provider) bool {
	switch {
	case p.Type == "ollama":
		return false
	case p.APIKeyEnv != "" || p.APIKeyCmd != "":
		return true
	case c.baseURL(name, p) != "":
		return false
	}
	return true
}

// hasKey reports, without running any command, whether a key is available.
func (c *Config) hasKey(name string, p Provider) bool {
	if p.APIKeyCmd != "" || p.APIKey != "" {
		return true
	}
	for _, env := range c.keyEnvs(name, p) {
		if c.lookup(env) != "" {
			return true
		}
	}
	return false
}

// baseURL is the endpoint of a provider: the --base-url override for the
// chosen provider, the config's base_url, or OLLAMA_HOST for Ollama.
func (c *Config) baseURL(name string, p Provider) string {
	switch {
	case c.BaseURL != "" && name == c.chosen:
		return c.BaseURL
	case p.BaseURL != "":
		return p.BaseURL
	case name == "ollama":
		return ollamaURL(c.lookup("OLLAMA_HOST"))
	}
	return ""
}

// ollamaURL turns an OLLAMA_HOST value ("", "host", "host:port",
// "http://host:port") into a URL, with Ollama's defaults for what is missing.
func ollamaURL(host string) string {
	if host == "" {
		return DefaultOllamaHost
	}
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	u, err := url.Parse(host)
	if err != nil || u.Host == "" {
		return DefaultOllamaHost
	}
	if u.Port() == "" {
		u.Host += ":11434"
	}
	return strings.TrimRight(u.String(), "/")
}

// keyHint says exactly what to set to give provider name a key.
func (c *Config) keyHint(name string) string {
	p, _ := c.provider(name)
	switch {
	case p.APIKeyEnv != "":
		return fmt.Sprintf("%s has no key: set %s (named by providers.%s.api_key_env in %s)", name, p.APIKeyEnv, name, c.Path)
	case slices.Contains(builtins, name):
		return fmt.Sprintf("%s has no key: set %s, or providers.%s.api_key_cmd in %s",
			name, strings.Join(defaultKeyEnvs[name], " or "), name, c.Path)
	}
	return fmt.Sprintf("%s has no key: set providers.%s.api_key_env or api_key_cmd in %s", name, name, c.Path)
}

// cmdKey returns the key printed by command, running it only the first
// time. Failures are not cached: the user may fix things and retry.
func (c *Config) cmdKey(name, command string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key, ok := c.cmdKeys[name]; ok {
		return key, nil
	}
	key, err := c.runKeyCmd(name, command)
	if err != nil {
		return "", err
	}
	if c.cmdKeys == nil {
		c.cmdKeys = map[string]string{}
	}
	c.cmdKeys[name] = key
	return key, nil
}

// runKeyCmd runs an api_key_cmd without a shell and returns its trimmed
// output. Errors never include the output: it may be the key.
func (c *Config) runKeyCmd(name, command string) (string, error) {
	what := "providers." + name + ".api_key_cmd"
	args, err := shellwords.Split(command)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if len(args) == 0 {
		return "", fmt.Errorf("%s is empty", what)
	}
	timeout := cmp.Or(c.Providers[name].keyCmdTimeout, c.KeyCmdTimeout, defaultKeyCmdTimeout)
	ctx, cancel := context.WithTimeout(cmp.Or(c.ctx, context.Background()), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	out := &files.LimitedBuffer{Max: maxKeyCmdOutput}
	cmd.Stdout = out
	// A command that leaves a child holding stdout open must not hang us.
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	prog := show(args[0])
	switch {
	case out.Over:
		return "", fmt.Errorf("%s (%s) printed more than a key: output %w", what, prog, &files.LimitError{Limit: maxKeyCmdOutput})
	case c.ctx != nil && c.ctx.Err() != nil:
		return "", fmt.Errorf("%s (%s) was interrupted: %w", what, prog, c.ctx.Err())
	case ctx.Err() != nil:
		return "", fmt.Errorf("%s (%s) did not finish within %s", what, prog, timeout)
	case err != nil:
		return "", fmt.Errorf("%s (%s) failed: %s", what, prog, exitReason(err))
	}
	key := strings.TrimSpace(out.String())
	switch {
	case key == "":
		return "", fmt.Errorf("%s (%s) printed nothing", what, prog)
	case strings.ContainsFunc(key, notKeyRune):
		// An HTTP header cannot carry these; without this check the SDK
		// says "invalid header field value", which points nowhere.
		return "", fmt.Errorf("the output of %s (%s) is not a valid key (it contains control characters)", what, prog)
	}
	return key, nil
}

// maxKeyCmdOutput bounds what an api_key_cmd may print: keys are under a
// few hundred bytes; a command printing more is not printing a key, and
// one that never stops (yes) must not fill memory until its timeout.
const maxKeyCmdOutput = 64 << 10

// notKeyRune reports a rune no key can hold: a control character (the
// output ends trimmed, so only inner ones count), DEL or a C1 control.
func notKeyRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || r == utf8.RuneError
}

// exitReason describes a failed command without its output.
func exitReason(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ProcessState.String()
	}
	return err.Error()
}
