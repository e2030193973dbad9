package config

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"parley/media/files"
)

// hostile reports what in s could act on a terminal, or "".
func hostile(s string) string {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			return "a control character"
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return "a bidi control"
		}
	}
	return ""
}

func TestLoadRefusesDevicesFIFOsAndHugeFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := writeConfig(t, "# "+strings.Repeat("x", MaxConfigBytes)+"\n", 0o600)
	for path, want := range map[string]error{fifo: files.ErrNotRegular, "/dev/zero": files.ErrNotRegular, big: files.ErrTooLarge} {
		// Before the fix /dev/zero ate memory and the FIFO blocked forever.
		_, _, err := Load(path)
		if !errors.Is(err, want) || !strings.HasPrefix(err.Error(), "config: "+path+": ") {
			t.Errorf("Load(%s) = %v, want a %v error naming the file", path, err, want)
		}
	}
	_, _, err := Load(big)
	if !strings.Contains(err.Error(), "larger than 1 MB, the limit") {
		t.Errorf("Load(big) = %v, want the limit named", err)
	}
}

func TestLoadContextIsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := LoadContext(ctx, writeConfig(t, "theme = \"dark\"\n", 0o600)); !errors.Is(err, context.Canceled) {
		t.Fatalf("LoadContext(cancelled) = %v, want context.Canceled", err)
	}
}

func TestUnknownKeyLineIsNeverZero(t *testing.T) {
	for body, line := range map[string]string{
		"\ufefffoo = 1\n": ":1: ",
		"theme = \"dark\"\n[providers.\"\\u0061\"]\nfoo = 1\n":          ":3: ",
		"[providers.\"\\u00e9t\\u00e9\"]\ntype = \"openai\"\nfoo = 1\n": ":3: ",
	} {
		path := writeConfig(t, body, 0o600)
		_, _, err := Load(path)
		if err == nil || !strings.HasPrefix(err.Error(), path+line) {
			t.Errorf("Load(%q) = %v, want it at %s", body, err, path+line)
		}
	}
}

func TestConfigErrorsEchoValuesSafely(t *testing.T) {
	huge := strings.Repeat("A", 500<<10)
	for _, body := range []string{
		"default_model = \"\\u001b]0;TITLE\\u0007x/y\"\n",
		"default_model = \"\\u202ex/y\"\n",
		"theme = \"\\u001b[2J" + huge + "\"\n",
		"[providers.\"\\u001b]0;T\\u0007\"]\ntype = \"nope\"\n",
		"[images]\nprovider = \"\\u001b]0;T\\u0007p\"\n",
		"[models.\"\\u001b]0;T\\u0007\"]\nimages = true\n",
	} {
		_, _, err := Load(writeConfig(t, body, 0o600))
		if err == nil {
			t.Errorf("Load(%.40q) succeeded", body)
			continue
		}
		msg := err.Error()
		if h := hostile(msg); h != "" {
			t.Errorf("error for %.40q contains %s: %q", body, h, msg)
		}
		if len(msg) > 400 {
			t.Errorf("error for %.40q is %d bytes long: echoed values must be capped", body, len(msg))
		}
	}
}

func TestKeyCmdOutputMustBeAKey(t *testing.T) {
	c := load(t, "[providers.openai]\napi_key_cmd = \"printf 'sk-abc\\\\033]0;T\\\\007def'\"\n"+
		"[providers.big]\napi_key_cmd = \"head -c 200000 /dev/zero\"\n"+
		"[providers.endless]\napi_key_cmd = \"yes\"\napi_key_cmd_timeout = \"20s\"\n", nil)
	_, err := c.Settings("openai")
	want := "the output of providers.openai.api_key_cmd (printf) is not a valid key (it contains control characters)"
	if err == nil || err.Error() != want {
		t.Errorf("Settings(openai) = %v, want %q", err, want)
	}
	for _, name := range []string{"big", "endless"} {
		// "yes" never ends: it must be stopped at the limit, not reported
		// as a timeout 20 s later.
		_, err := c.Settings(name)
		if !errors.Is(err, files.ErrTooLarge) || !strings.Contains(err.Error(), "larger than 64 KB, the limit") {
			t.Errorf("Settings(%s) = %v, want the 64 KB limit named", name, err)
		}
	}
}

// TestKeyCmdEndsWithTheSignalContext: a key command waiting for a
// passphrase must end when parley is interrupted, not at its timeout.
func TestKeyCmdEndsWithTheSignalContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	path := writeConfig(t, "[providers.openai]\napi_key_cmd = \"sleep 60\"\napi_key_cmd_timeout = \"10m\"\n", 0o600)
	c, _, err := LoadContext(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := c.Settings("openai")
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "was interrupted") {
		t.Fatalf("Settings after interrupt = %v, want it interrupted", err)
	}
}
