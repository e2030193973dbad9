package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestSpokenKeptLoadedExportedAndDeleted stores a reply's speech, reads
// it back after a checkpoint of the reply (which rewrites its parts),
// exports it in both formats, and deletes it with the conversation.
func TestSpokenKeptLoadedExportedAndDeleted(t *testing.T) {
	s := openTest(t)
	conv, err := s.CreateConversation("spoken")
	if err != nil {
		t.Fatal(err)
	}
	msgs := sampleMessages(conv.ID)
	for _, m := range msgs {
		if err := s.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	reply := msgs[1]
	sha, err := s.PutBlob([]byte("RIFF fake wav bytes"))
	if err != nil {
		t.Fatal(err)
	}
	sp := Spoken{Blob: sha, MIME: "audio/wav", Duration: 2 * time.Second, Waveform: []float64{0, 0.5, 1}}
	if err := s.SetSpoken(reply.ID, sp); err != nil {
		t.Fatal(err)
	}
	// The turn's last checkpoint comes after the reading: the speech stays.
	reply.Parts = append(reply.Parts, Text{Text: " more"})
	if err := s.UpdateMessage(reply); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	got, err := s.Conversation(conv.ID)
	if err != nil {
		t.Fatal(err)
	}
	g := got.Messages[1].Spoken
	if g == nil || g.Blob != sha || g.MIME != "audio/wav" || g.Duration != sp.Duration || len(g.Waveform) != 3 || g.Waveform[1] < 0.49 {
		t.Fatalf("loaded speech %+v, want %+v", g, sp)
	}
	if got.Messages[0].Spoken != nil {
		t.Errorf("the user message has speech: %+v", got.Messages[0].Spoken)
	}

	locate := func(sha string) (string, bool) { return s.BlobPath(sha), true }
	var md, js bytes.Buffer
	if err := Export(&md, got, "markdown", locate); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "[read aloud 0:02](<"+s.BlobPath(sha)+">)") {
		t.Errorf("markdown export does not link the speech:\n%s", md.String())
	}
	if err := Export(&js, got, "json", locate); err != nil {
		t.Fatal(err)
	}
	var out ExportJSON
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if j := out.Messages[1].Spoken; j == nil || j.Blob != sha || j.DurationMS != 2000 || j.Path == "" {
		t.Errorf("json export speech = %+v", j)
	}

	if err := s.DeleteConversation(conv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.BlobPath(sha)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the speech's blob outlived its conversation: %v", err)
	}
}

func TestSetSpokenRejects(t *testing.T) {
	s := openTest(t)
	sha, err := s.PutBlob([]byte("wav"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSpoken(999, Spoken{Blob: sha, MIME: "audio/wav"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("speech for a missing message: %v, want ErrNotFound", err)
	}
	if err := s.SetSpoken(1, Spoken{Blob: "nope", MIME: "audio/wav"}); err == nil || !strings.Contains(err.Error(), "not a SHA-256") {
		t.Errorf("bad blob: %v", err)
	}
}
