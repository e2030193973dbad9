package audio

import (
	"math"
	"time"

	"parley/media/audioconv"
)

// Level is the loudness of one short window of captured audio, for a VU
// meter. RMS and Peak are fractions of full scale (0..1).
type Level struct {
	RMS  float64
	Peak float64
	// At is the recording time at the end of the window.
	At time.Duration
}

// RMS returns the root mean square of pcm as a fraction of full scale (0..1).
func RMS(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var sum float64
	for _, s := range pcm {
		v := float64(s)
		sum += v * v
	}
	return math.Sqrt(sum/float64(len(pcm))) / 32768
}

// Peak returns the largest absolute sample of pcm as a fraction of full scale.
func Peak(pcm []int16) float64 {
	var peak int
	for _, s := range pcm {
		v := int(s)
		if v < 0 {
			v = -v
		}
		peak = max(peak, v)
	}
	return float64(peak) / 32768
}

// Waveform summarises mono pcm into buckets values (0..1), the peak of each
// equal slice, for the small waveform drawn on voice-note chips. Fewer
// samples than buckets gives one value per sample.
func Waveform(pcm []int16, buckets int) []float64 {
	if buckets <= 0 || len(pcm) == 0 {
		return nil
	}
	buckets = min(buckets, len(pcm))
	out := make([]float64, buckets)
	for i := range out {
		lo := i * len(pcm) / buckets
		hi := (i + 1) * len(pcm) / buckets
		out[i] = Peak(pcm[lo:hi])
	}
	return out
}

// ToMono averages interleaved channels into one (audioconv.ToMono).
func ToMono(pcm []int16, channels int) []int16 { return audioconv.ToMono(pcm, channels) }

// Resample converts mono pcm from rate `from` to rate `to`
// (audioconv.Resample: windowed-sinc low-pass, then linear interpolation).
func Resample(pcm []int16, from, to int) []int16 { return audioconv.Resample(pcm, from, to) }

// levelMeter accumulates samples into fixed windows and yields a Level per
// window. It allocates nothing, so it can run inside the capture callback.
type levelMeter struct {
	window int // samples per window
	count  int
	sumSq  float64
	peak   int
}

// add folds one sample in; it returns true with the finished window's level
// when the window is complete.
func (m *levelMeter) add(s int16) (Level, bool) {
	v := int(s)
	m.sumSq += float64(v * v)
	if v < 0 {
		v = -v
	}
	m.peak = max(m.peak, v)
	m.count++
	if m.count < m.window {
		return Level{}, false
	}
	l := Level{RMS: math.Sqrt(m.sumSq/float64(m.count)) / 32768, Peak: float64(m.peak) / 32768}
	*m = levelMeter{window: m.window}
	return l, true
}
