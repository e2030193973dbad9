package voice

import (
	"strings"
	"testing"

	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/providers/providertest"
	"parley/session"
)

// Only WAV notes play, and only from a store.
func TestToggleRefuses(t *testing.T) {
	p := NewPlayer[string](AudioOptions{}, openStore(t))
	out, cmd := p.Toggle(t.Context(), "a", session.Audio{Name: "a.mp3", MIME: "audio/mpeg"})
	if cmd != nil || !out.IsErr || !strings.Contains(out.Notice, "a.mp3 is MPEG") {
		t.Errorf("mp3: %+v", out)
	}
	none := NewPlayer[string](AudioOptions{}, nil)
	out, cmd = none.Toggle(t.Context(), "a", session.Audio{Name: "a.wav", MIME: audio.MIMEWAV})
	if cmd != nil || !strings.Contains(out.Notice, "no data directory") {
		t.Errorf("no store: %+v", out)
	}
	if _, ok := p.Playing(); ok {
		t.Error("a refused note plays")
	}
}

// A note plays on miniaudio's null backend: started, paused and resumed
// by a second and third Toggle, and stopped; every change names the note
// to redraw, and a stale tick changes nothing.
func TestTogglePlaysPausesStops(t *testing.T) {
	st := openStore(t)
	au, err := st.AddAudio(providertest.ToneWAV(2000), "tone.wav")
	if err != nil {
		t.Fatal(err)
	}
	p := NewPlayer[string](AudioOptions{Backends: []malgo.Backend{audio.BackendNull}}, st)
	out, cmd := p.Toggle(t.Context(), "n1", au)
	if ref, ok := p.Playing(); !ok || ref != "n1" || !p.Starting() || len(out.Redraw) != 1 || !p.ViewOf("n1").On {
		t.Fatalf("after Toggle: %v %v starting %v %+v", ref, ok, p.Starting(), out)
	}
	out, _, _ = p.UpdatePlay(cmd().(Msg))
	if out.SetNotice {
		t.Skipf("no playback device here: %s", out.Notice)
	}
	if p.Starting() || p.ViewOf("n1").Dur == 0 || p.ViewOf("other").On {
		t.Fatalf("after start: starting %v view %+v", p.Starting(), p.ViewOf("n1"))
	}
	p.Toggle(t.Context(), "n1", au)
	if !p.Paused() {
		t.Error("the second Toggle did not pause")
	}
	p.Toggle(t.Context(), "n1", au)
	if p.Paused() {
		t.Error("the third Toggle did not resume")
	}
	if out, cmd, ok := p.UpdatePlay(playTickMsg{gen: p.gen - 1}); !ok || cmd != nil || len(out.Redraw) != 0 {
		t.Error("a stale tick did something")
	}
	out = p.Stop()
	if _, ok := p.Playing(); ok || len(out.Redraw) != 1 || out.Redraw[0] != "n1" || p.ViewOf("n1").On {
		t.Errorf("after Stop: %+v", out)
	}
}
