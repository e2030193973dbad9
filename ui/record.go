package ui

import (
	tea "charm.land/bubbletea/v2"

	"parley/ui/tray"
	"parley/ui/voice"
)

// Recorder is what Ctrl+R records voice notes with (voice.Recorder); the
// name stays for ui.Options' users.
type Recorder = voice.Recorder

// AudioOptions configure voice notes (voice.AudioOptions); main wires them
// from [audio] in the config.
type AudioOptions = voice.AudioOptions

// startRecording starts a voice note (ctrl+r).
func (m *Model) startRecording() tea.Cmd {
	out, cmd := m.rec.Start(m.ctx)
	return tea.Batch(cmd, m.applyRecording(out))
}

// discardRecording drops the voice note being recorded (esc).
func (m *Model) discardRecording() tea.Cmd {
	out, cmd := m.rec.Discard()
	return tea.Batch(cmd, m.applyRecording(out))
}

// handleRecording passes the recording's messages to it.
func (m *Model) handleRecording(msg voice.Msg) tea.Cmd {
	out, cmd := m.rec.Update(msg)
	return tea.Batch(cmd, m.applyRecording(out))
}

// applyRecording shows what the recording reports: a stored note becomes
// a voice chip (transcribed if the model needs a transcript), and the
// notice line says how it went.
func (m *Model) applyRecording(out voice.Outcome) tea.Cmd {
	id := 0
	if out.Saved != nil {
		id = m.tray.Add(tray.NewAudio(*out.Saved, true))
	}
	if out.SetNotice {
		m.tray.SetNotice(out.Notice, out.IsErr)
	}
	var cmd tea.Cmd
	if id != 0 {
		cmd = m.transcribeIfNeeded(m.tray.ByID(id))
		m.refreshChips()
	}
	if out.Resized || out.SetNotice {
		m.layout()
	}
	return cmd
}

// trayLines is what sits above the composer: the chips and either the
// recording bar or the tray's notice line.
func (m *Model) trayLines() []string {
	if !m.rec.Active() {
		return m.tray.View(m.width, m.styles)
	}
	return append(m.tray.ChipView(m.width, m.styles), m.rec.View(m.width, m.styles))
}
