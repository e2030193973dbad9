package audioconv

import "math"

// ToMono averages interleaved channels into one. Mono input is returned as is.
func ToMono(pcm []int16, channels int) []int16 {
	if channels <= 1 {
		return pcm
	}
	out := make([]int16, len(pcm)/channels)
	for i := range out {
		var sum int
		for c := range channels {
			sum += int(pcm[i*channels+c])
		}
		out[i] = int16(sum / channels)
	}
	return out
}

// Resample converts mono pcm from rate `from` to rate `to` by linear
// interpolation. When downsampling it first applies a short windowed-sinc
// low-pass at the new Nyquist frequency, so content above it does not fold
// back as aliasing (speech from espeak-ng at 22.05 kHz has energy up to
// 11 kHz). Good enough for analysis and tests; not a mastering resampler.
func Resample(pcm []int16, from, to int) []int16 {
	if from == to || from <= 0 || to <= 0 || len(pcm) == 0 {
		return pcm
	}
	src := make([]float64, len(pcm))
	for i, s := range pcm {
		src[i] = float64(s)
	}
	if to < from {
		src = lowPass(src, float64(to)/2/float64(from))
	}
	n := int(int64(len(pcm)) * int64(to) / int64(from))
	out := make([]int16, n)
	step := float64(from) / float64(to)
	for i := range out {
		pos := float64(i) * step
		j := int(pos)
		frac := pos - float64(j)
		v := src[j]
		if j+1 < len(src) {
			v += (src[j+1] - v) * frac
		}
		out[i] = clampS16(v)
	}
	return out
}

// lowPass filters x with a Blackman-windowed sinc whose cutoff is given as a
// fraction of the sample rate.
func lowPass(x []float64, cutoff float64) []float64 {
	const taps = 63
	const half = taps / 2
	var kernel [taps]float64
	var sum float64
	for i := range kernel {
		m := float64(i - half)
		sinc := 2 * cutoff
		if m != 0 {
			sinc = math.Sin(2*math.Pi*cutoff*m) / (math.Pi * m)
		}
		w := 0.42 - 0.5*math.Cos(2*math.Pi*float64(i)/(taps-1)) + 0.08*math.Cos(4*math.Pi*float64(i)/(taps-1))
		kernel[i] = sinc * w
		sum += kernel[i]
	}
	out := make([]float64, len(x))
	for i := range x {
		var acc float64
		for k, c := range kernel {
			j := i + k - half
			if j >= 0 && j < len(x) {
				acc += x[j] * c
			}
		}
		out[i] = acc / sum
	}
	return out
}

func clampS16(v float64) int16 {
	v = math.Round(v)
	if v > math.MaxInt16 {
		return math.MaxInt16
	}
	if v < math.MinInt16 {
		return math.MinInt16
	}
	return int16(v)
}
