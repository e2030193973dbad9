package speech

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"parley/providers"
)

// maxWAVHeader bounds the chunks read before "data": a server sending more
// is not sending a WAV file.
const maxWAVHeader = 64 << 10

// wavAudio reads a streamed WAV file's header from body and returns its
// samples as they arrive. Streaming servers leave the sizes at 0 or
// 0xFFFFFFFF, so the data runs to the end of the body whatever it says.
func wavAudio(body io.ReadCloser, fail func(error) error, who string) (*Audio, error) {
	bad := func(format string, args ...any) (*Audio, error) {
		body.Close()
		return nil, providers.Errorf(providers.ErrOther, 0, nil, "%s sent audio that is not a 16-bit PCM WAV file: %s", who, fmt.Sprintf(format, args...))
	}
	var riff [12]byte
	if _, err := io.ReadFull(body, riff[:]); err != nil {
		body.Close()
		return nil, readFail(err, fail)
	}
	if string(riff[0:4]) != "RIFF" || string(riff[8:12]) != "WAVE" {
		return bad("no RIFF/WAVE header")
	}
	rate, channels := 0, 0
	for read := 12; ; {
		var hdr [8]byte
		if _, err := io.ReadFull(body, hdr[:]); err != nil {
			body.Close()
			return nil, readFail(err, fail)
		}
		id, size := string(hdr[0:4]), int(binary.LittleEndian.Uint32(hdr[4:8]))
		if id == "data" {
			break
		}
		if read += 8 + size; size < 0 || read > maxWAVHeader {
			return bad("chunk %q is too large", id)
		}
		chunk := make([]byte, size+size%2)
		if _, err := io.ReadFull(body, chunk); err != nil {
			body.Close()
			return nil, readFail(err, fail)
		}
		if id == "fmt " {
			if size < 16 {
				return bad("short fmt chunk")
			}
			tag, bits := binary.LittleEndian.Uint16(chunk[0:2]), binary.LittleEndian.Uint16(chunk[14:16])
			channels = int(binary.LittleEndian.Uint16(chunk[2:4]))
			rate = int(binary.LittleEndian.Uint32(chunk[4:8]))
			if (tag != 1 && tag != 0xFFFE) || bits != 16 {
				return bad("format %d with %d bits per sample", tag, bits)
			}
		}
	}
	if rate <= 0 || channels <= 0 || channels > 8 {
		return bad("no usable fmt chunk before the data")
	}
	return readerAudio(body, func() { body.Close() }, rate, channels, fail), nil
}

// readFail classifies a header cut short.
func readFail(err error, fail func(error) error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return providers.Errorf(providers.ErrIncomplete, 0, err, "the speech reply ended before its audio began")
	}
	return fail(err)
}
