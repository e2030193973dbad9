package audioconv

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// WAVHeaderSize is the size of the canonical RIFF/WAVE header EncodeWAV
// writes: RIFF chunk (12) + "fmt " chunk (24) + "data" chunk header (8).
const WAVHeaderSize = 44

// WAV format tags parley understands.
const (
	wavFormatPCM        = 1
	wavFormatFloat      = 3
	wavFormatExtensible = 0xFFFE
)

// ErrNotWAV is returned (wrapped) by DecodeWAV when the bytes are not a
// RIFF/WAVE file at all, as opposed to a WAV parley cannot decode.
var ErrNotWAV = errors.New("not a WAV file")

// EncodeWAV returns pcm (interleaved signed 16-bit samples) as a WAV file
// with the canonical 44-byte header. rate is in Hz; channels is 1 for mono.
func EncodeWAV(pcm []int16, rate, channels int) []byte {
	if channels < 1 {
		channels = 1
	}
	dataLen := len(pcm) * 2
	out := make([]byte, WAVHeaderSize+dataLen)
	le := binary.LittleEndian
	copy(out[0:4], "RIFF")
	le.PutUint32(out[4:8], uint32(36+dataLen))
	copy(out[8:12], "WAVE")
	copy(out[12:16], "fmt ")
	le.PutUint32(out[16:20], 16)
	le.PutUint16(out[20:22], wavFormatPCM)
	le.PutUint16(out[22:24], uint16(channels))
	le.PutUint32(out[24:28], uint32(rate))
	le.PutUint32(out[28:32], uint32(rate*channels*2)) // byte rate
	le.PutUint16(out[32:34], uint16(channels*2))      // block align
	le.PutUint16(out[34:36], 16)                      // bits per sample
	copy(out[36:40], "data")
	le.PutUint32(out[40:44], uint32(dataLen))
	for i, s := range pcm {
		le.PutUint16(out[WAVHeaderSize+2*i:], uint16(s))
	}
	return out
}

// wavFormat is the decoded "fmt " chunk.
type wavFormat struct {
	tag      uint16
	channels int
	rate     int
	bits     int
}

// DecodeWAV parses a WAV file and returns its samples as interleaved signed
// 16-bit PCM, with the sample rate and channel count. It accepts integer PCM
// of 8, 16, 24 and 32 bits and 32/64-bit float, plain or WAVE_FORMAT_EXTENSIBLE.
// Errors are one line and say what is wrong with the file.
func DecodeWAV(data []byte) (pcm []int16, rate, channels int, err error) {
	if len(data) < 12 || string(data[0:4]) != "RIFF" || string(data[8:12]) != "WAVE" {
		return nil, 0, 0, fmt.Errorf("decode wav: %w (no RIFF/WAVE header)", ErrNotWAV)
	}
	var fmtc *wavFormat
	var body []byte
	found := false
	for p := 12; p+8 <= len(data); {
		id := string(data[p : p+4])
		size := int(binary.LittleEndian.Uint32(data[p+4 : p+8]))
		start := p + 8
		end := start + size
		if size < 0 || end > len(data) || end < start {
			if id != "data" {
				return nil, 0, 0, fmt.Errorf("decode wav: chunk %q is truncated", id)
			}
			// Streams written live often leave the data size unset
			// (0xFFFFFFFF) or too large: take what is there.
			end = len(data)
		}
		switch id {
		case "fmt ":
			if fmtc, err = parseWAVFormat(data[start:end]); err != nil {
				return nil, 0, 0, err
			}
		case "data":
			body, found = data[start:end], true
		}
		p = end + (end-start)%2 // chunks are padded to an even size
	}
	if fmtc == nil {
		return nil, 0, 0, errors.New("decode wav: missing fmt chunk")
	}
	if !found {
		return nil, 0, 0, errors.New("decode wav: missing data chunk")
	}
	pcm, err = convertWAVSamples(body, fmtc)
	if err != nil {
		return nil, 0, 0, err
	}
	return pcm, fmtc.rate, fmtc.channels, nil
}

func parseWAVFormat(b []byte) (*wavFormat, error) {
	if len(b) < 16 {
		return nil, errors.New("decode wav: fmt chunk too short")
	}
	le := binary.LittleEndian
	f := &wavFormat{
		tag:      le.Uint16(b[0:2]),
		channels: int(le.Uint16(b[2:4])),
		rate:     int(le.Uint32(b[4:8])),
		bits:     int(le.Uint16(b[14:16])),
	}
	if f.tag == wavFormatExtensible {
		if len(b) < 26 {
			return nil, errors.New("decode wav: extensible fmt chunk too short")
		}
		// The first two bytes of the sub-format GUID are the real tag.
		f.tag = le.Uint16(b[24:26])
	}
	switch {
	case f.channels < 1:
		return nil, errors.New("decode wav: zero channels")
	case f.rate < 1:
		return nil, errors.New("decode wav: zero sample rate")
	case f.tag != wavFormatPCM && f.tag != wavFormatFloat:
		return nil, fmt.Errorf("decode wav: unsupported encoding (format tag %#x); only PCM and float are supported", f.tag)
	}
	return f, nil
}

func convertWAVSamples(body []byte, f *wavFormat) ([]int16, error) {
	bytesPer := f.bits / 8
	valid := (f.tag == wavFormatPCM && (f.bits == 8 || f.bits == 16 || f.bits == 24 || f.bits == 32)) ||
		(f.tag == wavFormatFloat && (f.bits == 32 || f.bits == 64))
	if !valid {
		return nil, fmt.Errorf("decode wav: unsupported sample size %d bits", f.bits)
	}
	frame := bytesPer * f.channels
	n := len(body) / frame * f.channels // drop a trailing partial frame
	out := make([]int16, n)
	le := binary.LittleEndian
	for i := range out {
		s := body[i*bytesPer:]
		switch {
		case f.tag == wavFormatFloat && f.bits == 32:
			out[i] = floatToS16(float64(math.Float32frombits(le.Uint32(s))))
		case f.tag == wavFormatFloat:
			out[i] = floatToS16(math.Float64frombits(le.Uint64(s)))
		case f.bits == 8: // 8-bit WAV is unsigned
			out[i] = int16((int(s[0]) - 128) << 8)
		case f.bits == 16:
			out[i] = int16(le.Uint16(s))
		case f.bits == 24:
			out[i] = int16(int32(uint32(s[0])<<8|uint32(s[1])<<16|uint32(s[2])<<24) >> 16)
		default:
			out[i] = int16(int32(le.Uint32(s)) >> 16)
		}
	}
	return out, nil
}

// floatToS16 converts a [-1,1] sample to int16 with clipping.
func floatToS16(v float64) int16 {
	v *= 32768
	switch {
	case v >= math.MaxInt16:
		return math.MaxInt16
	case v <= math.MinInt16:
		return math.MinInt16
	case math.IsNaN(v):
		return 0
	}
	return int16(math.Round(v))
}

// MIME types Sniff reports.
const (
	MIMEWAV  = "audio/wav"
	MIMEMP3  = "audio/mpeg"
	MIMEOGG  = "audio/ogg"
	MIMEFLAC = "audio/flac"
)

// Sniff identifies an audio file from its first bytes (never its name):
// WAV, MP3 (ID3 tag or an MPEG audio frame sync), Ogg or FLAC. ok is false
// for anything else.
func Sniff(data []byte) (mime string, ok bool) {
	switch {
	case len(data) >= 12 && string(data[0:4]) == "RIFF" && string(data[8:12]) == "WAVE":
		return MIMEWAV, true
	case bytes.HasPrefix(data, []byte("fLaC")):
		return MIMEFLAC, true
	case bytes.HasPrefix(data, []byte("OggS")):
		return MIMEOGG, true
	case bytes.HasPrefix(data, []byte("ID3")) && len(data) >= 10:
		return MIMEMP3, true
	case IsMPEGFrame(data):
		return MIMEMP3, true
	}
	return "", false
}

// IsMPEGFrame reports whether data starts with a plausible MPEG-1/2/2.5
// Layer III frame header: an 11-bit sync, a valid version, layer III, and a
// bitrate and sample-rate index that are not reserved. Checking all of these
// keeps random binary that happens to start with 0xFF 0xE? from matching.
func IsMPEGFrame(data []byte) bool {
	if len(data) < 4 || data[0] != 0xFF || data[1]&0xE0 != 0xE0 {
		return false
	}
	version := (data[1] >> 3) & 0x3
	layer := (data[1] >> 1) & 0x3
	bitrate := data[2] >> 4
	rate := (data[2] >> 2) & 0x3
	return version != 1 && layer == 1 && bitrate != 0 && bitrate != 0xF && rate != 3
}
