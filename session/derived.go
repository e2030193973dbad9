package session

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"parley/media/imaging"
	"parley/providers"
)

// fitVersion names the fitting rules in cache keys. Bump it when the rules
// (here or in media/imaging) change what an image becomes, so that old
// derived blobs stop being used.
const fitVersion = "fit1"

// openAILowEdge is the size OpenAI's detail "low" works at: the model sees
// a 512×512 version, so sending more only costs bytes.
const openAILowEdge = 512

// FittedImage is an image as one model receives it.
type FittedImage struct {
	Data          []byte // the encoded bytes sent
	MIME          string
	Width, Height int   // pixels sent (0 for HEIC sent as is)
	Bytes         int64 // len(Data)
	Orig          Image // the stored original it was made from
	// Reused reports that Data is the original itself, sent unchanged
	// because it already fits the model.
	Reused bool
	// Notes names every lossy change from the original to Data, one
	// Notice each (none when Reused): what the chip, the inspect dialog
	// and print mode show.
	Notes []Notice
}

// ErrImageFormat matches (errors.Is) the error of an image in a format the
// model does not take and parley cannot convert (HEIC and AVIF).
var ErrImageFormat = errors.New("image format not supported by the model")

// formatError is an ErrImageFormat with its user-facing line.
type formatError struct{ msg string }

func (e *formatError) Error() string        { return e.msg }
func (e *formatError) Is(target error) bool { return target == ErrImageFormat }

// FittedImage returns img fitted to caps: accepted format, long edge and
// pixel limits (with the scaling the model's token method applies anyway,
// providers.FitSize), and byte limit. The result is derived once per
// (original, fit) and cached as a blob of its own, recorded in the derived
// table; the original is never modified. A zero caps, or an original that
// already fits, gives the original bytes (Reused). HEIC and AVIF pass
// through to models that accept them and otherwise fail with ErrImageFormat
// ("HEIC is not supported by this model; convert it to PNG or JPEG").
func (s *Store) FittedImage(img Image, caps providers.Caps) (FittedImage, error) {
	orig, err := s.Blob(img.Blob)
	if err != nil {
		return FittedImage{}, fmt.Errorf("image %s: %w", img.Name, err)
	}
	whole := FittedImage{Data: orig, MIME: img.MIME, Width: img.Width, Height: img.Height,
		Bytes: int64(len(orig)), Orig: img, Reused: true}
	if capsUnset(caps) {
		return whole, nil
	}
	if undecodable(img.MIME) {
		if !acceptsUndecodable(caps, img.MIME) {
			return FittedImage{}, &formatError{msg: unsupportedFormat(img.MIME, "this model")}
		}
		return whole, nil
	}
	spec := fitSpec(img, caps)
	key := specKey(spec)
	if f, ok := s.cachedFit(img, key); ok {
		f.Notes = imageNotices(img, orig, f)
		return f, nil
	}
	if s.onDerive != nil {
		s.onDerive()
	}
	fitted, err := imaging.Fit(orig, spec)
	if err != nil {
		return FittedImage{}, fmt.Errorf("image %s: %w", img.Name, err)
	}
	out := FittedImage{Data: fitted.Data, MIME: fitted.MIME, Width: fitted.Width,
		Height: fitted.Height, Bytes: int64(len(fitted.Data)), Orig: img,
		Reused: !fitted.Resized && !fitted.Reencoded}
	out.Notes = noticesOf(img.Name, fitted.Notes)
	dst := img.Blob
	if !out.Reused {
		if dst, err = s.PutBlob(fitted.Data); err != nil {
			return FittedImage{}, fmt.Errorf("image %s: cache fitted copy: %w", img.Name, err)
		}
	}
	// A failed cache write only costs a second fit next time.
	_ = s.recordFit(img.Blob, key, dst, out)
	return out, nil
}

// cachedFit looks up a derived image. A row whose blob is gone or damaged
// is ignored (and then overwritten by a fresh fit).
func (s *Store) cachedFit(img Image, key string) (FittedImage, bool) {
	var dst, mime string
	var w, h int
	var n int64
	err := s.read(func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT dst_sha, mime, width, height, bytes FROM derived
			WHERE src_sha = ? AND spec = ?`, img.Blob, key).Scan(&dst, &mime, &w, &h, &n)
	})
	if err != nil {
		return FittedImage{}, false
	}
	data, err := s.Blob(dst)
	if err != nil {
		return FittedImage{}, false
	}
	return FittedImage{Data: data, MIME: mime, Width: w, Height: h, Bytes: int64(len(data)),
		Orig: img, Reused: dst == img.Blob}, true
}

// recordFit stores the (original, spec) → derived row.
func (s *Store) recordFit(src, key, dst string, f FittedImage) error {
	return s.write(func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO derived(src_sha, spec, dst_sha, mime, width, height, bytes, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(src_sha, spec) DO UPDATE SET dst_sha = excluded.dst_sha, mime = excluded.mime,
				width = excluded.width, height = excluded.height, bytes = excluded.bytes,
				created_at = excluded.created_at`,
			src, key, dst, f.MIME, f.Width, f.Height, f.Bytes, now().UnixNano())
		return err
	})
}

// ImageTokens returns the pixel size img is sent at for caps and the input
// tokens it costs, for attachment chips: cheap, from the stored facts
// alone, no decoding. The size is the one FittedImage produces unless the
// byte limit forces it smaller still. HEIC/AVIF (size unknown) and a model
// without images give zeros; zero caps give the original size.
func ImageTokens(img Image, caps providers.Caps) (w, h, tokens int) {
	if img.Width <= 0 || img.Height <= 0 {
		return 0, 0, 0
	}
	if capsUnset(caps) {
		return img.Width, img.Height, providers.EstimateImageTokens(caps, img.Width, img.Height, img.Detail)
	}
	if !caps.Images {
		return 0, 0, 0
	}
	w, h = fitSpec(img, caps).TargetSize(img.Width, img.Height)
	return w, h, providers.EstimateImageTokens(caps, w, h, img.Detail)
}

// fitSpec is what img must become for caps. The target size comes from
// providers.FitSize (so chips, token estimates and what is sent agree);
// it is handed to media/imaging as a long-edge bound, which imaging turns
// back into that size (the short side to within a pixel of rounding;
// FitSpec.TargetSize gives imaging's exact answer for chips).
func fitSpec(img Image, caps providers.Caps) imaging.FitSpec {
	// RawImageBytes: Anthropic's 5 MB is measured on the base64 text.
	spec := imaging.FitSpec{Formats: slices.Clone(caps.ImageFormats), MaxBytes: caps.RawImageBytes()}
	slices.Sort(spec.Formats)
	c := caps
	if c.ImageTokens == providers.TokensOpenAITiles && img.Detail == "low" {
		c.MaxImageEdge = openAILowEdge
	}
	fw, fh := providers.FitSize(c, img.Width, img.Height)
	if img.Width > 0 && img.Height > 0 && (fw != img.Width || fh != img.Height) {
		// The long edge alone carries the size: a short-side bound as well
		// could cost a pixel of the long edge to rounding.
		spec.MaxEdge = max(fw, fh)
	}
	return spec
}

// specKey names a spec in the derived table.
func specKey(s imaging.FitSpec) string {
	return fmt.Sprintf("%s;formats=%s;edge=%d;short=%d;pixels=%d;bytes=%d", fitVersion,
		strings.Join(s.Formats, ","), s.MaxEdge, s.MaxShortSide, s.MaxPixels, s.MaxBytes)
}

// capsUnset reports whether caps is the zero Caps, which Turn and
// FittedImage treat as "not set": nothing is gated or fitted.
func capsUnset(c providers.Caps) bool {
	return reflect.ValueOf(c).IsZero()
}

// undecodable reports the image types parley passes through but cannot
// decode, so cannot convert or scale.
func undecodable(mime string) bool {
	return mime == "image/heic" || mime == "image/heif" || mime == "image/avif"
}

// acceptsUndecodable reports whether the model takes such an image as is.
// HEIC files are HEIF; models list either name.
func acceptsUndecodable(c providers.Caps, mime string) bool {
	if mime == "image/heic" || mime == "image/heif" {
		return c.AcceptsImage("image/heic") || c.AcceptsImage("image/heif")
	}
	return c.AcceptsImage(mime)
}

// unsupportedFormat is the refusal line for an undecodable image.
func unsupportedFormat(mime, model string) string {
	name := "HEIC"
	if mime == "image/avif" {
		name = "AVIF"
	}
	return fmt.Sprintf("%s is not supported by %s; convert it to PNG or JPEG", name, model)
}
