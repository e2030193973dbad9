package imaging

import (
	"bytes"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Decode checks data with Inspect (so the limits hold before any pixel is
// allocated), decodes it and applies the EXIF orientation. The result is
// always an *image.RGBA with its bounds at the origin, whatever the source
// (CMYK JPEG, 16-bit PNG, paletted GIF…), so callers need only one pixel
// layout. For an animated GIF it is the first frame, composited on the
// logical screen. HEIC and AVIF fail with ErrHEICUnsupported.
func Decode(data []byte) (image.Image, Info, error) {
	info, err := Inspect(data)
	if err != nil {
		return nil, info, err
	}
	raw, err := decodeRaw(data, info)
	if err != nil {
		return nil, info, err
	}
	return orient(toRGBA(raw), info.Orientation), info, nil
}

// decodeRaw decodes the pixels as stored (no orientation applied).
func decodeRaw(data []byte, info Info) (image.Image, error) {
	var (
		img image.Image
		err error
	)
	r := bytes.NewReader(data)
	switch info.Format {
	case PNG:
		img, err = png.Decode(r)
	case JPEG:
		img, err = jpeg.Decode(r)
	case GIF:
		img, err = decodeGIFFirstFrame(data, info)
	case WebP:
		img, err = webp.Decode(r)
	case BMP:
		img, err = bmp.Decode(r)
	case TIFF:
		img, err = tiff.Decode(r)
	case HEIC:
		return nil, ErrHEICUnsupported
	case AVIF:
		return nil, errorf(ErrHEICUnsupported, "AVIF cannot be decoded here; convert it to PNG or JPEG")
	}
	if err != nil {
		return nil, corrupt(info.Format, err)
	}
	sw, sh := info.storedSize()
	if b := img.Bounds(); b.Dx() != sw || b.Dy() != sh {
		return nil, errorf(ErrCorrupt, "image data is truncated or corrupt (%s: header says %d×%d, pixels are %d×%d)",
			info.Format, sw, sh, b.Dx(), b.Dy())
	}
	return img, nil
}

// decodeGIFFirstFrame decodes the first frame and places it on a canvas the
// size of the GIF's logical screen, since a frame may cover only part of it.
func decodeGIFFirstFrame(data []byte, info Info) (image.Image, error) {
	frame, err := gif.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	canvas := image.Rect(0, 0, info.Width, info.Height)
	if frame.Bounds() == canvas {
		return frame, nil
	}
	dst := image.NewRGBA(canvas)
	draw.Draw(dst, frame.Bounds().Intersect(canvas), frame, frame.Bounds().Min, draw.Src)
	return dst, nil
}

// toRGBA converts any decoded image to *image.RGBA at the origin. The
// stdlib draw package has fast paths for the common sources (YCbCr, Gray,
// CMYK, NRGBA, Paletted); 16-bit images take the exact generic path.
func toRGBA(src image.Image) *image.RGBA {
	if m, ok := src.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, src, b.Min, draw.Src)
	return dst
}

// orient applies EXIF orientation o to m. For a source pixel (x, y) of a
// W×H image the destination is:
//
//	1 (x, y)          2 (W-1-x, y)       3 (W-1-x, H-1-y)   4 (x, H-1-y)
//	5 (y, x)          6 (H-1-y, x)       7 (H-1-y, W-1-x)   8 (y, W-1-x)
//
// 5–8 swap width and height: 6 is "rotate 90° clockwise to display", 8 is
// "rotate 90° counter-clockwise", 5 and 7 add a mirror.
func orient(m *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return m
	}
	w, h := m.Rect.Dx(), m.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+4*w]
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dy*dst.Stride+4*dx:dy*dst.Stride+4*dx+4], row[4*x:4*x+4])
		}
	}
	return dst
}
