package session

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/media/audio"

	"parley/providers/providertest"
)

// TestStoredErrorNeverHoldsURLCredentials: a failure quoting the endpoint
// (Go's url.Error does, and so may a server) is stored in messages.error
// and shown; the userinfo and ?key= of --base-url must not be in either.
func TestStoredErrorNeverHoldsURLCredentials(t *testing.T) {
	s := openTest(t)
	fail := errors.New(`Post "http://user:hunter2@127.0.0.1:9/v1/chat/completions?key=k3y": dial tcp: connection refused`)
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: providertest.Steps(providertest.Text("partial"), fail)}, Model: "m"}
	evs := collect(t, turn.Run(t.Context(), 0, nil, userText("hi")))
	last := evs[len(evs)-1]
	stored := storedLast(t, s)
	for _, got := range []string{stored.Error, last.Message.Error} {
		if strings.Contains(got, "hunter2") || strings.Contains(got, "k3y") || !strings.Contains(got, "127.0.0.1:9") {
			t.Errorf("error %q: want the endpoint without its credentials", got)
		}
	}
}

// TestAddAudioRefusesGarbageThatLooksLikeMP3: an ID3 header followed by
// random bytes used to be stored and sent (exit 0).
func TestAddAudioRefusesGarbageThatLooksLikeMP3(t *testing.T) {
	s := openTest(t)
	junk := append([]byte("ID3\x03\x00\x00\x00\x00\x00\x0a0123456789"), bytes.Repeat([]byte{0x5a, 0x13, 0xc7}, 2000)...)
	_, err := s.AddAudio(junk, "song.mp3")
	if !errors.Is(err, audio.ErrCorrupt) || !strings.HasPrefix(err.Error(), "song.mp3: not a valid audio file: MP3: ") {
		t.Fatalf("AddAudio(garbage mp3) = %v, want a specific refusal", err)
	}
	mp3, err := os.ReadFile(filepath.Join("..", "media", "audio", "testdata", "tone.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAudio(mp3, "tone.mp3"); err != nil {
		t.Fatalf("AddAudio(real mp3) = %v", err)
	}
}
