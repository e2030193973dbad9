//go:build cgo

package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/audio/audiotest"
	"parley/media/audio/pulsetest"
	"parley/media/vad"
	"parley/providers"
	"parley/providers/providertest"
	"parley/providers/speech/speechtest"
)

// sentAudio is the audio part of the last message of request n (0-based).
func sentAudio(t *testing.T, p *providertest.Provider, n int) []int16 {
	t.Helper()
	req := p.Requests()[n]
	for _, part := range req.Messages[len(req.Messages)-1].Parts {
		if a, ok := part.(providers.AudioPart); ok {
			pcm, _, _, err := audio.DecodeWAV(a.Data)
			if err != nil {
				t.Fatal(err)
			}
			return pcm
		}
	}
	t.Fatalf("request %d has no audio: %+v", n, req.Messages)
	return nil
}

// Voice mode end to end on a private PulseAudio server (virtual
// microphone and speaker): speech played into the microphone becomes a
// turn (its audio sent to the model correlates with what was said); the
// reply is read aloud (its first sentence correlates with the speaker's
// monitor); a second utterance during the reply stops the reading
// (barge-in: its last sentence never sounds) and becomes the next turn.
func TestRealVoiceModeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	pa := pulsetest.Start(t, pulsetest.Options{Speaker: true}) // skips naming the packages without PulseAudio
	sentences := []string{"This first sentence is what the speaker must sound.", "Then a second one follows it closely.",
		"A third keeps the reading going for a while.", "A fourth, because barge-in needs time.",
		"A fifth sentence, still talking.", "And a sixth to end the reply."}
	p := &providertest.Provider{Events: providertest.Reply(strings.Join(sentences, " "))}
	m, r, _, _ := speakModel(t, p, false, func(o *Options) {
		o.Audio = AudioOptions{}         // the rig's default devices
		o.Speech.Audio = audio.Options{} // the virtual speaker
		o.Speech.VAD = vad.Config{Hangover: 500 * time.Millisecond}
		o.Speech.BargeIn = true
	})
	monitor := pa.Record(t, pulsetest.RecordOptions{Rate: audio.SpeechRate, Channels: 1, Latency: 20 * time.Millisecond})

	r.typeText("/voice")
	r.press(tea.KeyEnter, 0)
	r.within(20*time.Second, "the microphone", func() bool { return m.speech.Heard() > 700*time.Millisecond || noticeErr(m) })
	if noticeErr(m) {
		t.Fatalf("voice mode did not start: %s", notice(m))
	}
	first, said := audiotest.ToneFile(t, 330, 1200*time.Millisecond)
	if err := pa.Play(first); err != nil {
		t.Fatal(err)
	}
	r.within(20*time.Second, "the first turn", func() bool { return p.Calls() == 1 })
	if c, _ := audio.BestCorrelation(sentAudio(t, p, 0), said); c < 0.9 {
		t.Errorf("the first turn's audio correlates %.3f with what was said, want ≥ 0.9", c)
	}

	// The reply plays; once its first sentence has been sounded, the user
	// speaks over it.
	first0 := time.Duration(len(speechtest.PCMFor(sentences[0]))) * time.Second / audio.SpeechRate
	r.within(20*time.Second, "the first sentence to sound", func() bool { return m.speech.Played() > first0 })
	second, said2 := audiotest.ToneFile(t, 520, 1200*time.Millisecond)
	played := pa.PlayAsync(second) // the loop goes on while it plays: barge-in happens in Update
	r.within(20*time.Second, "the second turn", func() bool { return p.Calls() == 2 })
	if err := <-played; err != nil {
		t.Fatal(err)
	}
	if reply := m.chat.Entries()[1]; reply.Message().Spoken != nil {
		t.Error("the interrupted reading was kept as if read to its end")
	}
	if c, _ := audio.BestCorrelation(sentAudio(t, p, 1), said2); c < 0.9 {
		t.Errorf("the second turn's audio correlates %.3f with what was said, want ≥ 0.9", c)
	}

	audiotest.CheckInterrupted(t, monitor, speechtest.PCMFor(sentences[0]), speechtest.PCMFor(sentences[len(sentences)-1]))
	r.press(tea.KeyEscape, 0)
}
