package session

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"parley/media/audio"
	"parley/media/audioconv"
	"parley/media/imaging"
	"parley/media/sanitize"
)

// MaxAudioBytes is the largest audio file AddAudio takes. Ten minutes of a
// 16 kHz mono voice note is about 19 MB; inline audio beyond this is
// refused by every provider anyway.
const MaxAudioBytes = 100 << 20

// waveformBuckets is how many levels a voice note's waveform keeps.
const waveformBuckets = 48

// maxNameRunes bounds an attachment's display name.
const maxNameRunes = 120

// AddImage checks data as an image and stores it once as a blob, returning
// the Image part to attach. The type is sniffed from the bytes, never taken
// from name; the size is read from the header alone, so a decompression
// bomb (more than 100 MP, or a file over 50 MB) is refused without decoding
// it; the pixels are then decoded once to catch a truncated or corrupt
// file. HEIC and AVIF are let through with an unknown pixel size: they go to
// models that take them as they are. Errors are one line, prefixed with the
// name, and match media/imaging's sentinels with errors.Is ("shot.png: not
// an image (starts with "hello")", "file is empty", "image is 50000×50000,
// the limit is 100 MP").
func (s *Store) AddImage(data []byte, name string) (Image, error) {
	name = cleanName(name)
	info, err := imaging.Inspect(data)
	if err != nil {
		return Image{}, nameErr(name, err)
	}
	if info.Format != imaging.HEIC && info.Format != imaging.AVIF {
		// The header alone passes a truncated file; decoding it once now
		// says so at attach time rather than when a model receives it
		// (an image that already fits is sent without being decoded).
		if _, _, err := imaging.Decode(data); err != nil {
			return Image{}, nameErr(name, err)
		}
	}
	if name == "" {
		name = "image." + string(info.Format)
	}
	sha, err := s.PutBlob(data)
	if err != nil {
		return Image{}, nameErr(name, err)
	}
	return Image{Blob: sha, MIME: info.MIME, Name: name, Width: info.Width,
		Height: info.Height, Bytes: int64(len(data)), Frames: info.Frames}, nil
}

// AddAudio checks data as an audio file (WAV, MP3, Ogg or FLAC, sniffed
// from the bytes) and stores it once as a blob, returning the Audio part to
// attach. WAV files are decoded for their duration and a waveform of 48
// levels; for the other formats both stay unknown (zero), but their headers
// are decoded (audio.CheckHeaders). A file that does not decode is refused
// with the decoder's reason (matching audio.ErrCorrupt for MP3, Ogg, FLAC).
func (s *Store) AddAudio(data []byte, name string) (Audio, error) {
	name = cleanName(name)
	if len(data) == 0 {
		return Audio{}, nameErr(name, errors.New("file is empty"))
	}
	if len(data) > MaxAudioBytes {
		return Audio{}, nameErr(name, fmt.Errorf("audio file is %d MB, the limit is %d MB",
			(len(data)+(1<<20)-1)>>20, MaxAudioBytes>>20))
	}
	mime, ok := audio.Sniff(data)
	if !ok {
		return Audio{}, nameErr(name, fmt.Errorf("not an audio file (starts with %s); parley takes WAV, MP3, Ogg and FLAC", describePrefix(data)))
	}
	if mime != audio.MIMEWAV {
		// A file that only starts like MP3, Ogg or FLAC (an ID3 tag and
		// then anything) would be sent and fail at the model, or worse,
		// be "heard" as noise: decode its headers now.
		if err := audio.CheckHeaders(data, mime); err != nil {
			return Audio{}, nameErr(name, err)
		}
	}
	a := Audio{MIME: mime, Name: name}
	// Every format is decoded for its duration (audio tokens are priced by
	// it) and waveform; only a WAV that cannot be decoded is refused: the
	// others may still go to a model that takes them as they are.
	var pcm audioconv.PCM
	var err error
	if mime == audio.MIMEWAV {
		pcm.Samples, pcm.Rate, pcm.Channels, err = audio.DecodeWAV(data)
		if err != nil {
			return Audio{}, nameErr(name, err)
		}
	} else {
		pcm, _, err = audioconv.Decode(data)
	}
	if err == nil && pcm.Rate > 0 && pcm.Channels > 0 {
		a.Duration = pcm.Duration()
		a.Waveform = audio.Waveform(audio.ToMono(pcm.Samples, pcm.Channels), waveformBuckets)
	}
	if a.Name == "" {
		a.Name = "audio." + audioExt(mime)
	}
	sha, err := s.PutBlob(data)
	if err != nil {
		return Audio{}, nameErr(a.Name, err)
	}
	a.Blob = sha
	return a, nil
}

// cleanName makes a display name from what the user or the OS gave: control
// and escape sequences removed (a file name can carry them), the directory
// dropped (either separator), whitespace trimmed, length bounded.
func cleanName(name string) string {
	name = sanitize.String(name)
	name = strings.ReplaceAll(name, "\\", "/")
	if strings.TrimSpace(name) == "" {
		return ""
	}
	name = strings.TrimSpace(path.Base(strings.TrimRight(name, "/")))
	if name == "." || name == "/" {
		return ""
	}
	if utf8.RuneCountInString(name) > maxNameRunes {
		r := []rune(name)
		name = string(r[:maxNameRunes-1]) + "…"
	}
	return name
}

// nameErr prefixes err with the attachment's name, keeping it matchable.
func nameErr(name string, err error) error {
	if name == "" {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// describePrefix shows the first bytes of a file that is not what it
// claims: quoted when they are text, hex otherwise.
func describePrefix(data []byte) string {
	p := data[:min(len(data), 8)]
	text := utf8.Valid(p)
	for _, c := range p {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			text = false
		}
	}
	if text {
		return fmt.Sprintf("%q", string(p))
	}
	parts := make([]string, len(p))
	for i, c := range p {
		parts[i] = fmt.Sprintf("%02x", c)
	}
	return "bytes " + strings.Join(parts, " ")
}

// audioExt is the usual file extension of an audio MIME type.
func audioExt(mime string) string {
	switch mime {
	case audio.MIMEMP3:
		return "mp3"
	case audio.MIMEOGG:
		return "ogg"
	case audio.MIMEFLAC:
		return "flac"
	}
	return "wav"
}
