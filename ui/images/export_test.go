package images

import (
	"image/color"
	"testing"

	"parley/providers/providertest"
)

// TestImageExt: the extension follows the MIME type, else the bytes.
func TestImageExt(t *testing.T) {
	png := providertest.SolidPNG(t, 2, 2, color.RGBA{255, 0, 0, 255})
	for _, c := range []struct {
		mime string
		data []byte
		want string
	}{
		{"image/png", png, ".png"},
		{"image/jpeg", nil, ".jpg"},
		{"image/webp", nil, ".webp"},
		{"", png, ".png"},
		{"application/octet-stream", []byte("GIF89a......"), ".gif"},
		{"", []byte("not an image"), ".img"},
	} {
		if got := Ext(c.mime, c.data); got != c.want {
			t.Errorf("Ext(%q, %.6q) = %q, want %q", c.mime, c.data, got, c.want)
		}
	}
}
