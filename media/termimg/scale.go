package termimg

import (
	"image"
	stddraw "image/draw"

	xdraw "golang.org/x/image/draw"
)

// toRGBA returns img as an *image.RGBA with bounds starting at (0,0),
// converting only when needed. image/draw has fast paths for the types PNG
// and JPEG decoders produce (NRGBA, YCbCr, Gray).
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Bounds().Min == (image.Point{}) {
		return r
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	stddraw.Draw(dst, dst.Bounds(), img, b.Min, stddraw.Src)
	return dst
}

// resize scales img to exactly w×h pixels. Large reductions (at least 2× in
// both directions) use an area-averaging box filter, because bilinear
// sampling skips most source pixels there and turns text into noise; other
// sizes use x/image's approximate bilinear filter, which is fast for RGBA.
// Transparent pixels come out premultiplied, i.e. composited over black.
func resize(img image.Image, w, h int) *image.RGBA {
	src := toRGBA(img)
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	if sw == w && sh == h {
		return src
	}
	if w*2 <= sw && h*2 <= sh {
		return boxDownscale(src, w, h)
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if sw == 0 || sh == 0 {
		return dst
	}
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	return dst
}

// boxDownscale averages every source pixel into the destination pixel whose
// area covers it (integer boundaries), so each source pixel is read once.
func boxDownscale(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	x0 := make([]int, w+1)
	for x := range x0 {
		x0[x] = x * sw / w
	}
	sums := make([]uint32, w*4)
	for y := 0; y < h; y++ {
		clear(sums)
		ya, yb := y*sh/h, (y+1)*sh/h
		for sy := ya; sy < yb; sy++ {
			row := src.Pix[sy*src.Stride : sy*src.Stride+sw*4]
			for x := 0; x < w; x++ {
				s := sums[x*4 : x*4+4 : x*4+4]
				for i := x0[x] * 4; i < x0[x+1]*4; i += 4 {
					s[0] += uint32(row[i])
					s[1] += uint32(row[i+1])
					s[2] += uint32(row[i+2])
					s[3] += uint32(row[i+3])
				}
			}
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		for x := 0; x < w; x++ {
			n := uint32((x0[x+1] - x0[x]) * (yb - ya))
			for c := 0; c < 4; c++ {
				out[x*4+c] = uint8((sums[x*4+c] + n/2) / n)
			}
		}
	}
	return dst
}
