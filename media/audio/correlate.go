package audio

import (
	"math"
	"math/cmplx"
)

// fft is an in-place iterative radix-2 FFT; len(a) must be a power of two.
// inverse computes the unscaled inverse transform.
func fft(a []complex128, inverse bool) {
	n := len(a)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		ang := 2 * math.Pi / float64(size)
		if !inverse {
			ang = -ang
		}
		w := cmplx.Rect(1, ang)
		for start := 0; start < n; start += size {
			wk := complex(1, 0)
			for k := 0; k < size/2; k++ {
				u, v := a[start+k], a[start+k+size/2]*wk
				a[start+k], a[start+k+size/2] = u+v, u-v
				wk *= w
			}
		}
	}
}

// BestCorrelation slides src over rec and returns the best normalized
// cross-correlation, Σ r·s / sqrt(Σ r² · Σ s²) over the window of rec under
// src, and the lag (index in rec where src starts). rec is padded with
// silence by a tenth of src on both sides so a capture that lost its first
// or last moments still aligns (the missing part lowers the score). Tests
// use it to check a capture or a playback against its source.
func BestCorrelation(rec, src []int16) (best float64, lag int) {
	pad := len(src) / 10
	r := make([]float64, pad+len(rec)+pad)
	for i, v := range rec {
		r[pad+i] = float64(v)
	}
	if len(r) < len(src) {
		return 0, 0
	}
	n := 1
	for n < len(r)+len(src) {
		n <<= 1
	}
	fr := make([]complex128, n)
	fs := make([]complex128, n)
	var srcEnergy float64
	for i, v := range r {
		fr[i] = complex(v, 0)
	}
	for i, v := range src {
		fs[i] = complex(float64(v), 0)
		srcEnergy += float64(v) * float64(v)
	}
	fft(fr, false)
	fft(fs, false)
	for i := range fr {
		fr[i] *= cmplx.Conj(fs[i])
	}
	fft(fr, true) // fr[L] = n * Σ r[L+i]·s[i]
	prefix := make([]float64, len(r)+1)
	for i, v := range r {
		prefix[i+1] = prefix[i] + v*v
	}
	best = -1
	for l := 0; l+len(src) <= len(r); l++ {
		e := prefix[l+len(src)] - prefix[l]
		if e == 0 || srcEnergy == 0 {
			continue
		}
		c := real(fr[l]) / float64(n) / math.Sqrt(e*srcEnergy)
		if c > best {
			best, lag = c, l-pad
		}
	}
	return best, lag
}
