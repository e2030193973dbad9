package providers

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif"  // registers GIF for image.DecodeConfig
	_ "image/jpeg" // registers JPEG
	_ "image/png"  // registers PNG

	_ "golang.org/x/image/webp" // registers WebP
)

// The figures of the token estimate. They are deliberately a little
// generous: an estimate that runs low sends a request the provider
// refuses, one that runs high only leaves out an old turn earlier.
const (
	bytesPerToken = 4 // English text and code average about 4 bytes per token
	// messageOverhead covers the role and framing tokens every protocol
	// adds around a message.
	messageOverhead = 4
	// unknownImageTokens is used for an image whose size cannot be read
	// (HEIC): about a megapixel on the rough method.
	unknownImageTokens = 1300
	// audioTokensPerSecond is Gemini's published rate, the only provider
	// that takes audio and says what it costs.
	audioTokensPerSecond = 32
	// compressedAudioBytesPerSecond guesses the length of non-WAV audio
	// (128 kbit/s).
	compressedAudioBytesPerSecond = 16000
)

// EstimateTokens estimates the input tokens of a request with system
// prompt system and messages msgs on a model with caps c: text ≈ bytes/4,
// images by the model's own method (EstimateImageTokens, from the size
// read from the image's header), audio at 32 tokens a second. It reads
// no more than image and WAV headers, so it is cheap enough to call before
// every send.
func EstimateTokens(c Caps, system string, msgs []Message) int {
	n := textTokens(system)
	for _, m := range msgs {
		n += EstimateMessageTokens(c, m)
	}
	return n
}

// EstimateMessageTokens estimates one message's input tokens; see
// EstimateTokens.
func EstimateMessageTokens(c Caps, m Message) int {
	n := messageOverhead
	for _, p := range m.Parts {
		switch p := p.(type) {
		case TextPart:
			n += textTokens(p.Text)
		case ImagePart:
			n += imageTokens(c, p)
		case AudioPart:
			n += audioTokens(p)
		case ToolCallPart:
			n += textTokens(p.Name) + textTokens(p.Arguments)
		case ToolResultPart:
			n += textTokens(p.Name) + textTokens(p.Content)
		}
	}
	return n
}

// textTokens is ⌈bytes/4⌉.
func textTokens(s string) int { return ceilDiv(len(s), bytesPerToken) }

// imageTokens reads the image's size from its header and prices it.
func imageTokens(c Caps, p ImagePart) int {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(p.Data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return unknownImageTokens
	}
	return EstimateImageTokens(c, cfg.Width, cfg.Height, p.Detail)
}

// audioTokens estimates the length of a recording: exactly for PCM WAV
// (from its header), by bitrate for compressed audio.
func audioTokens(p AudioPart) int {
	secs := float64(len(p.Data)) / compressedAudioBytesPerSecond
	if rate, ok := wavByteRate(p.Data); ok {
		secs = float64(len(p.Data)-44) / float64(rate)
	}
	return int(secs*audioTokensPerSecond) + 1
}

// wavByteRate returns the byte rate of a RIFF/WAVE header, if data has one.
func wavByteRate(data []byte) (int, bool) {
	if len(data) < 44 || string(data[0:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return 0, false
	}
	rate := int(binary.LittleEndian.Uint32(data[28:32]))
	return rate, rate > 0
}
