package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"parley/media/audioconv"
)

// ErrCorrupt matches (errors.Is) every error of CheckHeaders: the bytes
// start like an audio file but do not decode as one.
var ErrCorrupt = errors.New("not a valid audio file")

// corrupt formats a specific reason wrapping ErrCorrupt.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// CheckHeaders decodes the headers of an audio file Sniff recognised as
// mime, so that a file that only starts like one (an ID3 tag followed by
// random bytes, "OggS" and garbage) is refused before it is sent to a
// model: MP3 needs two consecutive valid MPEG audio frames after any ID3v2
// tag (or one frame that ends the file), Ogg a first page whose CRC checks
// and that begins a Vorbis, Opus, FLAC or Speex stream, FLAC a STREAMINFO
// block with a sample rate, channels and sample size, WAV a fmt chunk (see
// DecodeWAV, which decodes it whole). It reads headers only: no audio is
// decoded.
func CheckHeaders(data []byte, mime string) error {
	switch mime {
	case MIMEMP3:
		return checkMP3(data)
	case MIMEOGG:
		return checkOgg(data)
	case MIMEFLAC:
		return checkFLAC(data)
	case MIMEWAV:
		_, _, _, err := DecodeWAV(data)
		return err
	}
	return corrupt("unknown audio type %q", mime)
}

// checkMP3 skips an ID3v2 tag and checks the MPEG frames after it.
func checkMP3(data []byte) error {
	off := 0
	if bytes.HasPrefix(data, []byte("ID3")) {
		if len(data) < 10 || data[6]|data[7]|data[8]|data[9] >= 0x80 {
			return corrupt("MP3: the ID3 tag header is malformed")
		}
		size := int(data[6])<<21 | int(data[7])<<14 | int(data[8])<<7 | int(data[9])
		off = 10 + size
		if data[5]&0x10 != 0 { // footer present
			off += 10
		}
		if off >= len(data) {
			return corrupt("MP3: only an ID3 tag, no audio after it")
		}
	}
	n, ok := mpegFrameLen(data[off:])
	if !ok {
		return corrupt("MP3: no MPEG audio frame where the audio should start (byte %d)", off)
	}
	next := off + n
	switch {
	case next == len(data):
		return nil // a single-frame file
	case next > len(data):
		return corrupt("MP3: the first MPEG audio frame is cut short")
	case bytes.HasPrefix(data[next:], []byte("TAG")):
		return nil // one frame, then an ID3v1 tag
	}
	if _, ok := mpegFrameLen(data[next:]); !ok {
		return corrupt("MP3: the first MPEG audio frame is not followed by another (byte %d)", next)
	}
	return nil
}

// MPEG-1 and MPEG-2/2.5 Layer III bitrates (kbit/s) by index, and sample
// rates (Hz) by version.
var (
	bitratesV1 = [16]int{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0}
	bitratesV2 = [16]int{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0}
	rates      = map[byte][3]int{3: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 0: {11025, 12000, 8000}}
)

// mpegFrameLen returns the length of the Layer III frame whose header
// starts b, or false if b does not start with a valid one.
func mpegFrameLen(b []byte) (int, bool) {
	if !audioconv.IsMPEGFrame(b) {
		return 0, false
	}
	version := (b[1] >> 3) & 0x3 // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
	bitrate := bitratesV2[b[2]>>4]
	coef := 72
	if version == 3 {
		bitrate, coef = bitratesV1[b[2]>>4], 144
	}
	rate := rates[version][(b[2]>>2)&0x3]
	padding := int(b[2]>>1) & 1
	n := coef*bitrate*1000/rate + padding
	return n, n > 4
}

// checkOgg checks the first page: capture pattern, version, CRC, and a
// beginning-of-stream packet of a codec parley can send.
func checkOgg(data []byte) error {
	if len(data) < 27 || string(data[:4]) != "OggS" {
		return corrupt("Ogg: no page header")
	}
	if data[4] != 0 {
		return corrupt("Ogg: unknown page version %d", data[4])
	}
	if data[5]&0x02 == 0 {
		return corrupt("Ogg: the first page does not begin a stream")
	}
	nseg := int(data[26])
	hdr := 27 + nseg
	if len(data) < hdr {
		return corrupt("Ogg: the first page is cut short")
	}
	body := 0
	for _, l := range data[27:hdr] {
		body += int(l)
	}
	if len(data) < hdr+body {
		return corrupt("Ogg: the first page is cut short")
	}
	page := bytes.Clone(data[:hdr+body])
	want := binary.LittleEndian.Uint32(page[22:26])
	clear(page[22:26])
	if oggCRC(page) != want {
		return corrupt("Ogg: the first page's checksum does not match")
	}
	packet := data[hdr : hdr+body]
	for _, magic := range []string{"\x01vorbis", "OpusHead", "\x7fFLAC", "Speex   "} {
		if bytes.HasPrefix(packet, []byte(magic)) {
			return nil
		}
	}
	return corrupt("Ogg: the stream is not Vorbis, Opus, FLAC or Speex audio")
}

// oggCRC is the Ogg page checksum: CRC-32, polynomial 0x04c11db7, not
// reflected, initial value and final XOR 0 (unlike hash/crc32's IEEE).
func oggCRC(b []byte) uint32 {
	var crc uint32
	for _, c := range b {
		crc ^= uint32(c) << 24
		for range 8 {
			if crc&0x80000000 != 0 {
				crc = crc<<1 ^ 0x04c11db7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// checkFLAC checks that the first metadata block is a plausible STREAMINFO.
func checkFLAC(data []byte) error {
	if len(data) < 8+34 || string(data[:4]) != "fLaC" {
		return corrupt("FLAC: no STREAMINFO block")
	}
	if data[4]&0x7f != 0 {
		return corrupt("FLAC: the first metadata block is not STREAMINFO")
	}
	if n := int(data[5])<<16 | int(data[6])<<8 | int(data[7]); n != 34 {
		return corrupt("FLAC: STREAMINFO is %d bytes, not 34", n)
	}
	si := data[8 : 8+34]
	minBlock, maxBlock := binary.BigEndian.Uint16(si[0:2]), binary.BigEndian.Uint16(si[2:4])
	rate := int(si[10])<<12 | int(si[11])<<4 | int(si[12])>>4
	bits := int(si[12]&0x1)<<4 | int(si[13])>>4 + 1
	switch {
	case minBlock < 16 || maxBlock < minBlock:
		return corrupt("FLAC: STREAMINFO block sizes %d–%d are invalid", minBlock, maxBlock)
	case rate == 0 || rate > 655350:
		return corrupt("FLAC: STREAMINFO sample rate %d Hz is invalid", rate)
	case bits < 4:
		return corrupt("FLAC: STREAMINFO sample size %d bits is invalid", bits)
	}
	return nil
}
