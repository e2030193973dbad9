package audio

import "parley/media/audioconv"

// The WAV codec and sniffer live in media/audioconv, which needs no cgo, so
// that session can convert audio without linking miniaudio; these names
// keep this package's API.

// MIME types Sniff reports.
const (
	MIMEWAV  = audioconv.MIMEWAV
	MIMEMP3  = audioconv.MIMEMP3
	MIMEOGG  = audioconv.MIMEOGG
	MIMEFLAC = audioconv.MIMEFLAC
)

// ErrNotWAV is returned (wrapped) by DecodeWAV when the bytes are not a
// RIFF/WAVE file at all (it is audioconv.ErrNotWAV).
var ErrNotWAV = audioconv.ErrNotWAV

// EncodeWAV returns pcm (interleaved signed 16-bit samples) as a WAV file
// with the canonical 44-byte header (audioconv.EncodeWAV).
func EncodeWAV(pcm []int16, rate, channels int) []byte {
	return audioconv.EncodeWAV(pcm, rate, channels)
}

// DecodeWAV parses a WAV file into interleaved signed 16-bit samples
// (audioconv.DecodeWAV).
func DecodeWAV(data []byte) (pcm []int16, rate, channels int, err error) {
	return audioconv.DecodeWAV(data)
}

// Sniff identifies an audio file from its first bytes (audioconv.Sniff).
func Sniff(data []byte) (mime string, ok bool) { return audioconv.Sniff(data) }
