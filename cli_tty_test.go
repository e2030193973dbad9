package main

import (
	"encoding/base64"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"parley/providers/providertest"
)

// TestTUIAttachFlag: -a attaches the file to the composer at start and,
// with a PROMPT, sends it; the model gets the image and the text.
func TestTUIAttachFlag(t *testing.T) {
	f := newMediaFake(t, "It is a gradient.")
	sb := newSandbox(t)
	shot := pngFile(t, sb.home, "shot.png", 120, 80)
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL(),
		"-m", "gpt-4o", "--image-protocol", "none", "-a", shot, "what is this?")
	tm.waitText("It is a gradient.")
	parts := f.userParts(t, 0)
	var kinds []string
	for _, p := range parts {
		kinds = append(kinds, p.Type)
	}
	if got := strings.Join(kinds, ","); !strings.Contains(got, "image_url") || !strings.Contains(got, "text") {
		t.Errorf("user content kinds = %s, want the image and the text", got)
	}
	tm.quit()
}

// TestRecordUntilEnterInTerminal: parley -p --record 0 in a real terminal
// shows "recording… N.Ns (press Enter to stop)" on stderr, stops on Enter,
// erases the status line and prints the reply.
func TestRecordUntilEnterInTerminal(t *testing.T) {
	f := newMediaFake(t, "Heard you.")
	sb := newSandbox(t)
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key", nullAudio), "-p", "--data-dir", sb.data, "--base-url", f.URL(),
		"-m", "gpt-4o-audio-preview", "--record", "0", "listen")
	tm.waitFor("some audio recorded", func(s string) bool {
		return strings.Contains(s, "(press Enter to stop)") && !strings.Contains(s, "recording… 0.0s")
	})
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("parley to exit", func(string) bool {
		return strings.TrimSpace(tm.run("display-message", "-p", "-t", "main", "#{pane_dead}")) == "1"
	})
	// With the scrollback: tmux's "Pane is dead" line may scroll the reply
	// off the visible screen.
	screen := tm.run("capture-pane", "-p", "-S", "-100", "-t", "main")
	if !strings.Contains(screen, "Heard you.") || strings.Contains(screen, "recording…") {
		t.Errorf("want the reply and no status line left; terminal:\n%s", screen)
	}
	parts := f.userParts(t, 0)
	if len(parts) != 2 || parts[0].Type != "input_audio" || parts[1].Text != "listen" {
		t.Fatalf("user content = %+v", parts)
	}
	wav, err := base64.StdEncoding.DecodeString(parts[0].InputAudio.Data)
	if err != nil {
		t.Fatal(err)
	}
	if w := providertest.ParseWAV(t, wav); w.Rate != 16000 || w.Channels != 1 || w.DataBytes < 3200 {
		t.Errorf("note: %+v, want 16 kHz mono and at least 100 ms", w)
	}
}

// TestDoctorInTerminal: parley doctor asks the terminal (tmux here) and
// reports the protocol with its reason, the cell size and the audio
// devices.
func TestDoctorInTerminal(t *testing.T) {
	sb := newSandbox(t)
	tm := startTUI(t, sb.env(nullAudio), "doctor")
	screen := tm.waitText("NULL Capture Device")
	for _, want := range []string{"protocol", "cell size", "colours", "tmux", "microphone: NULL Capture Device"} {
		if !strings.Contains(screen, want) {
			t.Errorf("doctor report lacks %q:\n%s", want, screen)
		}
	}
}

// TestFailedRunInTerminalQueriesNothing runs a failing print mode with
// stdout on a terminal (script's pty): the error is one line, and nothing
// asks the terminal anything (fang's error path would ask for the
// background colour and wait for an answer that script never gives).
func TestFailedRunInTerminalQueriesNothing(t *testing.T) {
	scriptBin, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to give parley a terminal")
	}
	sb := newSandbox(t)
	cmd := exec.Command(scriptBin, "-qec", binary+" -p --no-save hi", "/dev/null")
	cmd.Env = sb.env("OLLAMA_HOST=127.0.0.1:1")
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1; output %q", err, out)
	}
	if strings.Contains(string(out), "\x1b") || strings.Count(strings.TrimSpace(string(out)), "\n") != 0 ||
		!strings.HasPrefix(string(out), "parley: no provider is usable") {
		t.Errorf("terminal got %q; want one plain error line and no queries", out)
	}
}

// TestDoctorInTmuxSaysTheme: inside tmux with no answer to the background
// query (tmux 3.3 does not answer it, and passes it on only with
// allow-passthrough), doctor says the auto theme follows COLORFGBG and how
// to let the outer terminal answer; the TUI starts light with it too
// (issue 15, item 16).
func TestDoctorInTmuxSaysTheme(t *testing.T) {
	sb := newSandbox(t)
	tm := startTUI(t, sb.env(nullAudio, "COLORFGBG=0;15", "TMUX=/tmp/tmux-fake/default,1,0"), "doctor")
	screen := tm.waitText("auto picks")
	for _, want := range []string{"auto picks light (COLORFGBG=0;15", "allow-passthrough on"} {
		if !strings.Contains(strings.Join(strings.Fields(screen), " "), want) {
			t.Errorf("doctor report lacks %q:\n%s", want, screen)
		}
	}
}

// TestTUIThemeFromCOLORFGBGInTmux: the same terminal, the chat: the status
// bar is drawn in the light theme's colours with COLORFGBG=0;15 and in the
// dark theme's with 15;0.
func TestTUIThemeFromCOLORFGBGInTmux(t *testing.T) {
	statusRow := func(fgbg string) string {
		sb := newSandbox(t)
		tm := startTUI(t, sb.env("COLORFGBG="+fgbg, "TMUX=/tmp/tmux-fake/default,1,0", "OLLAMA_HOST=127.0.0.1:1"), "--data-dir", sb.data)
		tm.waitText("no key: set OPENAI_API_KEY")
		rows := strings.Split(strings.TrimRight(tm.run("capture-pane", "-p", "-e", "-t", "main"), "\n"), "\n")
		tm.quit()
		return rows[len(rows)-1]
	}
	light, dark := statusRow("0;15"), statusRow("15;0")
	if light == dark {
		t.Fatalf("COLORFGBG did not change the theme: the status bar is %q both times", light)
	}
	// The light palette's status bar background is #EAEEF2: 195 of the
	// 256 colours tmux gets under TERM=xterm-256color (the dark's #1F2335
	// is not).
	if !strings.Contains(light, "234;238;242") && !strings.Contains(light, "48;5;195m") {
		t.Errorf("light status row %q lacks the light background", light)
	}
	if strings.Contains(dark, "48;5;195m") {
		t.Errorf("dark status row %q has the light background", dark)
	}
}
