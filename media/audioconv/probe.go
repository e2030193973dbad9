package audioconv

import (
	"bytes"
	"errors"

	"github.com/hajimehoshi/go-mp3"
	"github.com/jfreymuth/oggvorbis"
	"github.com/mewkiz/flac"
	"github.com/pion/opus/pkg/oggreader"
)

// Info is what an audio file's headers say, as Decode would report it.
type Info struct {
	Codec    string // "WAV", "MP3", "Ogg Vorbis", "Ogg Opus", "FLAC"
	Rate     int
	Channels int // as decoded: MP3 always decodes to 2
	Bits     int
}

// Probe reads only the headers of data (WAV is decoded: it is already
// PCM), for the notes of a conversion without doing it again.
func Probe(data []byte) (Info, error) {
	mime, ok := Sniff(data)
	if !ok {
		return Info{}, errors.New("not an audio format parley reads (WAV, MP3, Ogg, FLAC)")
	}
	r := bytes.NewReader(data)
	switch {
	case mime == MIMEWAV:
		_, rate, ch, err := DecodeWAV(data)
		return Info{Codec: "WAV", Rate: rate, Channels: ch, Bits: 16}, err
	case mime == MIMEMP3:
		d, err := mp3.NewDecoder(r)
		if err != nil {
			return Info{Codec: "MP3"}, err
		}
		return Info{Codec: "MP3", Rate: d.SampleRate(), Channels: 2, Bits: 16}, nil
	case mime == MIMEFLAC:
		s, err := flac.New(r)
		if err != nil {
			return Info{Codec: "FLAC"}, err
		}
		return Info{Codec: "FLAC", Rate: int(s.Info.SampleRate), Channels: int(s.Info.NChannels), Bits: int(s.Info.BitsPerSample)}, nil
	case IsOpus(data):
		_, h, err := oggreader.NewWith(r)
		if err != nil {
			return Info{Codec: "Ogg Opus"}, err
		}
		return Info{Codec: "Ogg Opus", Rate: opusRate, Channels: int(h.Channels), Bits: 16}, nil
	}
	v, err := oggvorbis.NewReader(r)
	if err != nil {
		return Info{Codec: "Ogg Vorbis"}, err
	}
	return Info{Codec: "Ogg Vorbis", Rate: v.SampleRate(), Channels: v.Channels(), Bits: 16}, nil
}
