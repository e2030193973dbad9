package pdf

import "image"

// Compact returns img as an *image.Gray when every pixel is an opaque
// gray (most text pages), else img itself. A gray PNG is a third of the
// bytes to filter and compress, which is most of a page's preparation.
func Compact(img *image.RGBA) image.Image {
	b := img.Bounds()
	gray := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[(y-b.Min.Y)*img.Stride : (y-b.Min.Y)*img.Stride+b.Dx()*4]
		out := gray.Pix[(y-b.Min.Y)*gray.Stride:]
		for x := 0; x < len(row); x += 4 {
			r, g, bl, a := row[x], row[x+1], row[x+2], row[x+3]
			if r != g || g != bl || a != 0xff {
				return img
			}
			out[x/4] = r
		}
	}
	return gray
}
