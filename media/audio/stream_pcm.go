package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"parley/media/audioconv"
)

// SpeechRate is the rate speech backends deliver (OpenAI's pcm format and
// Gemini's audio/L16 parts): 24 kHz mono signed 16-bit.
const SpeechRate = 24000

// Resampler converts a stream of mono samples from one rate to another by
// linear interpolation, chunk by chunk, carrying its position across
// chunks so the seams are inaudible. Good for upsampling speech (22.05 kHz
// from a local server to 24 kHz); downsampling does not filter.
type Resampler struct {
	from, to int64
	pos      int64 // position of the next output, in 1/to input samples, relative to the chunk start
	prev     int16 // the last sample of the previous chunk (index -1)
	started  bool
	out      []int16
}

// NewResampler returns a resampler from rate from to rate to (Hz).
func NewResampler(from, to int) *Resampler {
	return &Resampler{from: int64(from), to: int64(to)}
}

// Process converts one chunk. The result is reused by the next call. With
// equal rates it returns in itself.
func (r *Resampler) Process(in []int16) []int16 {
	if r.from == r.to || r.from <= 0 || r.to <= 0 || len(in) == 0 {
		return in
	}
	r.out = r.out[:0]
	sample := func(i int64) int16 {
		if i < 0 {
			return r.prev
		}
		return in[i]
	}
	if !r.started {
		r.started, r.prev = true, in[0]
	}
	last := int64(len(in) - 1)
	for {
		i := floorDiv(r.pos, r.to)
		if i >= last {
			break
		}
		frac := r.pos - i*r.to
		a, b := int64(sample(i)), int64(sample(i+1))
		r.out = append(r.out, int16(a+(b-a)*frac/r.to))
		r.pos += r.from
	}
	r.pos -= int64(len(in)) * r.to
	r.prev = in[last]
	return r.out
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// WAVWriter streams 16-bit PCM into a WAV file without holding it in
// memory: it writes the header with zero sizes first and fills them in on
// Close.
type WAVWriter struct {
	w        io.WriteSeeker
	rate     int
	channels int
	bytes    int64
	buf      []byte
	err      error
}

// NewWAVWriter writes a WAV header for rate and channels to w.
func NewWAVWriter(w io.WriteSeeker, rate, channels int) (*WAVWriter, error) {
	ww := &WAVWriter{w: w, rate: rate, channels: max(channels, 1)}
	if _, err := w.Write(EncodeWAV(nil, rate, ww.channels)); err != nil {
		return nil, fmt.Errorf("write wav: %w", err)
	}
	return ww, nil
}

// maxWAVData is the largest data chunk a RIFF size field can describe.
const maxWAVData = 1<<32 - 1 - audioconv.WAVHeaderSize

// ErrWAVFull is returned when a WAV file would pass the format's 4 GB limit.
var ErrWAVFull = errors.New("write wav: the file would pass the 4 GB WAV limit")

// Write appends interleaved samples.
func (ww *WAVWriter) Write(pcm []int16) error {
	if ww.err != nil {
		return ww.err
	}
	if ww.bytes+int64(2*len(pcm)) > maxWAVData {
		ww.err = ErrWAVFull
		return ww.err
	}
	ww.buf = ww.buf[:0]
	for _, s := range pcm {
		ww.buf = binary.LittleEndian.AppendUint16(ww.buf, uint16(s))
	}
	n, err := ww.w.Write(ww.buf)
	ww.bytes += int64(n)
	if err != nil {
		ww.err = fmt.Errorf("write wav: %w", err)
	}
	return ww.err
}

// Samples is how many samples per channel were written so far.
func (ww *WAVWriter) Samples() int64 { return ww.bytes / 2 / int64(ww.channels) }

// Close fills in the header's sizes. It does not close the underlying file.
func (ww *WAVWriter) Close() error {
	if ww.err != nil && !errors.Is(ww.err, ErrWAVFull) {
		return ww.err
	}
	var b [4]byte
	patch := func(off int64, v uint32) error {
		binary.LittleEndian.PutUint32(b[:], v)
		if _, err := ww.w.Seek(off, io.SeekStart); err != nil {
			return err
		}
		_, err := ww.w.Write(b[:])
		return err
	}
	if err := patch(4, uint32(36+ww.bytes)); err != nil {
		return fmt.Errorf("write wav: %w", err)
	}
	if err := patch(40, uint32(ww.bytes)); err != nil {
		return fmt.Errorf("write wav: %w", err)
	}
	_, err := ww.w.Seek(0, io.SeekEnd)
	return err
}
