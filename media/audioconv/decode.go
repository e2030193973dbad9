// Package audioconv decodes the audio formats people attach (WAV, MP3,
// Ogg Vorbis, Ogg Opus, FLAC) and re-encodes them as WAV, in pure Go: it
// needs no cgo, so session can convert a voice note for a model without
// linking the capture library. Every change it makes is named in a Note.
package audioconv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/hajimehoshi/go-mp3"
	"github.com/jfreymuth/oggvorbis"
	"github.com/mewkiz/flac"
	"github.com/pion/opus"
	"github.com/pion/opus/pkg/oggreader"
)

// MaxSamples bounds decoded audio (interleaved samples, 256 MB of int16:
// 46 minutes of 48 kHz stereo), so a small compressed file cannot make
// parley allocate without end.
const MaxSamples = 128 << 20

// ErrTooLong is returned (wrapped) for audio past MaxSamples.
var ErrTooLong = errors.New("audio too long to convert")

// PCM is decoded audio: interleaved signed 16-bit samples.
type PCM struct {
	Samples  []int16
	Rate     int // Hz
	Channels int
	// Bits is the source's sample depth (16 for MP3, Vorbis and Opus,
	// which decode to at least that).
	Bits int
}

// Duration is how long the audio plays.
func (p PCM) Duration() time.Duration {
	if p.Rate <= 0 || p.Channels <= 0 {
		return 0
	}
	return time.Duration(int64(len(p.Samples)/p.Channels) * int64(time.Second) / int64(p.Rate))
}

// Decode decodes data, sniffed from its bytes, and names the codec found
// ("WAV", "MP3", "Ogg Vorbis", "Ogg Opus", "FLAC"). Errors are one line.
func Decode(data []byte) (PCM, string, error) {
	mime, ok := Sniff(data)
	if !ok {
		return PCM{}, "", errors.New("not an audio format parley reads (WAV, MP3, Ogg, FLAC)")
	}
	var (
		p     PCM
		codec string
		err   error
	)
	switch mime {
	case MIMEWAV:
		codec = "WAV"
		p.Samples, p.Rate, p.Channels, err = DecodeWAV(data)
		p.Bits = 16
	case MIMEMP3:
		codec = "MP3"
		p, err = decodeMP3(data)
	case MIMEFLAC:
		codec = "FLAC"
		p, err = decodeFLAC(data)
	case MIMEOGG:
		if IsOpus(data) {
			codec = "Ogg Opus"
			p, err = decodeOpus(data)
		} else {
			codec = "Ogg Vorbis"
			p, err = decodeVorbis(data)
		}
	}
	if err != nil {
		return PCM{}, codec, fmt.Errorf("%s: %w", codec, err)
	}
	if p.Rate <= 0 || p.Channels <= 0 {
		return PCM{}, codec, fmt.Errorf("%s: no sample rate or channels", codec)
	}
	return p, codec, nil
}

// IsOpus tells Ogg Opus from Ogg Vorbis (both sniff as audio/ogg) by the
// first packet's magic, which sits right after the first page's header and
// segment table.
func IsOpus(data []byte) bool {
	if len(data) < 27 {
		return false
	}
	start := 27 + int(data[26])
	return start+8 <= len(data) && string(data[start:start+8]) == "OpusHead"
}

func decodeMP3(data []byte) (PCM, error) {
	d, err := mp3.NewDecoder(bytes.NewReader(data))
	if err != nil {
		return PCM{}, err
	}
	// go-mp3 always yields 16-bit little-endian stereo.
	raw, err := readBounded(d, 4*MaxSamples/2)
	if err != nil {
		return PCM{}, err
	}
	s := make([]int16, len(raw)/2)
	for i := range s {
		s[i] = int16(uint16(raw[2*i]) | uint16(raw[2*i+1])<<8)
	}
	return PCM{Samples: s, Rate: d.SampleRate(), Channels: 2, Bits: 16}, nil
}

// readBounded reads r to the end, failing with ErrTooLong past limit bytes.
func readBounded(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, ErrTooLong
	}
	return b, nil
}

func decodeVorbis(data []byte) (PCM, error) {
	r, err := oggvorbis.NewReader(bytes.NewReader(data))
	if err != nil {
		return PCM{}, err
	}
	p := PCM{Rate: r.SampleRate(), Channels: r.Channels(), Bits: 16}
	buf := make([]float32, 4096*max(p.Channels, 1))
	for {
		n, err := r.Read(buf)
		for _, v := range buf[:n] {
			p.Samples = append(p.Samples, floatToS16(float64(v)))
		}
		if len(p.Samples) > MaxSamples {
			return PCM{}, ErrTooLong
		}
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return PCM{}, err
		}
	}
}

func decodeFLAC(data []byte) (PCM, error) {
	s, err := flac.New(bytes.NewReader(data))
	if err != nil {
		return PCM{}, err
	}
	info := s.Info
	p := PCM{Rate: int(info.SampleRate), Channels: int(info.NChannels), Bits: int(info.BitsPerSample)}
	shift := p.Bits - 16
	for {
		f, err := s.ParseNext()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return PCM{}, err
		}
		if len(f.Subframes) != p.Channels {
			return PCM{}, fmt.Errorf("frame has %d channels, stream %d", len(f.Subframes), p.Channels)
		}
		for i := range f.Subframes[0].Samples {
			for _, sub := range f.Subframes {
				p.Samples = append(p.Samples, flacSample(sub.Samples[i], shift))
			}
		}
		if len(p.Samples) > MaxSamples {
			return PCM{}, ErrTooLong
		}
	}
}

// flacSample scales a FLAC sample of 16+shift bits to 16 bits, rounding.
func flacSample(v int32, shift int) int16 {
	switch {
	case shift > 0:
		return clampS16(math.Round(float64(v) / float64(int64(1)<<shift)))
	case shift < 0:
		return int16(v << -shift)
	}
	return int16(v)
}

// opusRate is what parley decodes Opus at: its native rate, so nothing is
// resampled here.
const opusRate = 48000

func decodeOpus(data []byte) (PCM, error) {
	ogg, head, err := oggreader.NewWith(bytes.NewReader(data))
	if err != nil {
		return PCM{}, err
	}
	ch := int(head.Channels)
	if ch < 1 || ch > 2 {
		return PCM{}, fmt.Errorf("%d-channel Opus is not supported (mono or stereo only)", ch)
	}
	dec, err := opus.NewDecoderWithOutput(opusRate, ch)
	if err != nil {
		return PCM{}, err
	}
	p := PCM{Rate: opusRate, Channels: ch, Bits: 16}
	frame := make([]int16, 5760*ch) // 120 ms, the longest Opus packet
	skip := int(head.PreSkip) * ch
	for {
		pkt, _, err := ogg.ParseNextPacket()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return PCM{}, err
		}
		if bytes.HasPrefix(pkt, []byte("OpusTags")) || len(pkt) == 0 {
			continue
		}
		n, err := dec.DecodeToInt16(pkt, frame)
		if err != nil {
			return PCM{}, err
		}
		out := frame[:n*ch]
		if skip > 0 {
			k := min(skip, len(out))
			out, skip = out[k:], skip-k
		}
		p.Samples = append(p.Samples, out...)
		if len(p.Samples) > MaxSamples {
			return PCM{}, ErrTooLong
		}
	}
}
