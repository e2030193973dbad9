package providers

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/png"
	"testing"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// wavOf is a PCM WAV header for secs of 16 kHz mono s16, plus silence.
func wavOf(secs int) []byte {
	data := make([]byte, 44+32000*secs)
	copy(data, "RIFF")
	copy(data[8:], "WAVE")
	binary.LittleEndian.PutUint32(data[28:], 32000)
	return data
}

func TestEstimateTokens(t *testing.T) {
	gemini := Caps{ImageTokens: TokensGemini}
	msgs := []Message{
		{Role: RoleUser, Parts: []Part{TextPart{Text: "12345678"}, ImagePart{MIME: "image/png", Data: pngOf(t, 1024, 1024)}}},
		{Role: RoleAssistant, Parts: []Part{TextPart{Text: "123"}}},
		{Role: RoleUser, Parts: []Part{AudioPart{MIME: "audio/wav", Data: wavOf(10)}, ImagePart{MIME: "image/heic", Data: []byte("ftypheic")}}},
	}
	// system 2; message 1: 4 + 2 + 1032 (Gemini: 4 tiles of 258); message
	// 2: 4 + 1; message 3: 4 + 321 (10 s × 32, +1) + 1300 (size unknown).
	want := 2 + (4 + 2 + 1032) + (4 + 1) + (4 + 321 + 1300)
	if got := EstimateTokens(gemini, "1234567", msgs); got != want {
		t.Errorf("EstimateTokens = %d, want %d", got, want)
	}
	// The same image on an Anthropic model: 1024·1024/750 after fitting.
	anth := Caps{ImageTokens: TokensAnthropic, MaxImageEdge: 1568, MaxImagePixels: 1_150_000}
	if got := EstimateMessageTokens(anth, msgs[0]); got != 4+2+EstimateImageTokens(anth, 1024, 1024, "") {
		t.Errorf("Anthropic image message = %d", got)
	}
}
