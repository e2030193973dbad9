package session

import (
	"fmt"
	"image"
	"strconv"
	"strings"

	"parley/media/imaging"
	"parley/providers"
)

// The Turn.ImageTiles modes (print mode's --image-tiles auto|off).
const (
	TilesAuto = "auto"
	TilesOff  = "off"
)

// minReadableXHeight is the x-height, in pixels as the model sees them,
// under which text is taken to be too small to read reliably.
const minReadableXHeight = 8

// tilesVersion names the tiling rules in derived-table keys.
const tilesVersion = "tiles1"

// TileOption is one way of sending an image.
type TileOption struct {
	Tiles         int     // pieces: 1 for the whole image
	Width, Height int     // the largest piece as sent
	Tokens        int     // input tokens of all pieces together
	XHeight       float64 // the text's x-height as the model sees it, px
}

// TileChoice is what the inspect dialog offers for an image: sending it
// Whole, or as Tiles when it is a text-heavy screenshot whose text would
// shrink below a readable x-height (~8 px) whole (Tiles.Tiles is 0 when
// not). Text-heavy is judged from the image's rows of ink: at least eight
// lines of text-height runs covering a fifth of the image
// (imaging.AnalyzeText).
type TileChoice struct {
	Whole, Tiles TileOption
}

// tilePlan is a cached tiling decision: the fitted pieces (none when the
// image goes whole) and the x-heights whole and in pieces.
type tilePlan struct {
	pieces         []FittedImage
	rows, cols     int
	whole, inTiles float64
}

// ImageTileChoice compares sending img to caps whole and as tiles, with
// the token cost of each. It decodes the image the first time (tens of
// milliseconds for a 5 MP screenshot); the decision and the fitted tiles
// are cached in the derived table, so sending reuses them.
func (s *Store) ImageTileChoice(img Image, caps providers.Caps) (TileChoice, error) {
	w, h, tok := ImageTokens(img, caps)
	c := TileChoice{Whole: TileOption{Tiles: 1, Width: w, Height: h, Tokens: tok}}
	if capsUnset(caps) || !caps.Images || undecodable(img.MIME) {
		return c, nil
	}
	p, err := s.tilePlan(img, caps)
	if err != nil {
		return c, err
	}
	c.Whole.XHeight = p.whole
	if len(p.pieces) == 0 {
		return c, nil
	}
	c.Tiles = TileOption{Tiles: len(p.pieces), XHeight: p.inTiles}
	for _, f := range p.pieces {
		c.Tiles.Width, c.Tiles.Height = max(c.Tiles.Width, f.Width), max(c.Tiles.Height, f.Height)
		c.Tiles.Tokens += providers.EstimateImageTokens(caps, f.Width, f.Height, img.Detail)
	}
	return c, nil
}

// tilePlan returns the cached decision for img on caps, making it when
// there is none.
func (s *Store) tilePlan(img Image, caps providers.Caps) (tilePlan, error) {
	key := tilesVersion + ";" + specKey(fitSpec(img, caps))
	if p, ok := s.cachedTilePlan(img, key); ok {
		return p, nil
	}
	orig, err := s.Blob(img.Blob)
	if err != nil {
		return tilePlan{}, fmt.Errorf("image %s: %w", img.Name, err)
	}
	dec, _, err := imaging.Decode(orig)
	if err != nil {
		return tilePlan{}, fmt.Errorf("image %s: %w", img.Name, err)
	}
	rgba, ok := dec.(*image.RGBA)
	if !ok {
		return tilePlan{}, fmt.Errorf("image %s: decoded as %T", img.Name, dec)
	}
	lay := imaging.AnalyzeText(rgba)
	fit := func(w, h int) (int, int) { return providers.FitSize(caps, w, h) }
	plan, use := imaging.PlanTiles(rgba, lay, fit, minReadableXHeight)
	p := tilePlan{whole: plan.Whole}
	if use {
		p.rows, p.cols, p.inTiles = plan.Rows, plan.Cols, plan.XHeight
		if p.pieces, err = s.fitTiles(img, caps, rgba, plan.Rects, key); err != nil {
			return tilePlan{}, err
		}
	} else if lay.TextHeavy {
		fw, _ := fit(img.Width, img.Height)
		p.whole = lay.XHeight * float64(fw) / float64(img.Width)
	}
	// A failed cache write only costs deciding again next time.
	_ = s.recordFit(img.Blob, key, img.Blob, FittedImage{MIME: p.encode(), Bytes: int64(len(p.pieces))})
	return p, nil
}

// fitTiles crops rects out of rgba, fits each piece to caps like an image
// of its own, and caches the pieces under key;i=N.
func (s *Store) fitTiles(img Image, caps providers.Caps, rgba *image.RGBA, rects []image.Rectangle, key string) ([]FittedImage, error) {
	var out []FittedImage
	for i, r := range rects {
		crop, err := imaging.Crop(rgba, r)
		if err != nil {
			return nil, fmt.Errorf("image %s: tile %d: %w", img.Name, i+1, err)
		}
		piece := Image{Name: img.Name, MIME: "image/png", Width: r.Dx(), Height: r.Dy(), Detail: img.Detail}
		fitted, err := imaging.Fit(crop, fitSpec(piece, caps))
		if err != nil {
			return nil, fmt.Errorf("image %s: tile %d: %w", img.Name, i+1, err)
		}
		dst, err := s.PutBlob(fitted.Data)
		if err != nil {
			return nil, fmt.Errorf("image %s: tile %d: %w", img.Name, i+1, err)
		}
		f := FittedImage{Data: fitted.Data, MIME: fitted.MIME, Width: fitted.Width, Height: fitted.Height,
			Bytes: int64(len(fitted.Data)), Orig: img}
		_ = s.recordFit(img.Blob, key+";i="+strconv.Itoa(i), dst, f)
		out = append(out, f)
	}
	return out, nil
}

// cachedTilePlan reads a decision and its pieces back; any piece missing
// makes the whole decision be taken again.
func (s *Store) cachedTilePlan(img Image, key string) (tilePlan, bool) {
	row, ok := s.cachedFit(img, key)
	if !ok {
		return tilePlan{}, false
	}
	p, ok := decodeTilePlan(row.MIME)
	if !ok {
		return tilePlan{}, false
	}
	for i := range p.rows * p.cols {
		f, ok := s.cachedFit(img, key+";i="+strconv.Itoa(i))
		if !ok {
			return tilePlan{}, false
		}
		p.pieces = append(p.pieces, f)
	}
	return p, true
}

// encode writes the decision in the derived row's MIME column, which a
// plan row has no other use for: "x-parley/tiles;rows=2;cols=2;whole=3.4;tiles=6.7".
func (p tilePlan) encode() string {
	return fmt.Sprintf("x-parley/tiles;rows=%d;cols=%d;whole=%v;tiles=%v", p.rows, p.cols, p.whole, p.inTiles)
}

func decodeTilePlan(s string) (tilePlan, bool) {
	var p tilePlan
	rest, ok := strings.CutPrefix(s, "x-parley/tiles;")
	if !ok {
		return p, false
	}
	_, err := fmt.Sscanf(rest, "rows=%d;cols=%d;whole=%g;tiles=%g", &p.rows, &p.cols, &p.whole, &p.inTiles)
	return p, err == nil && p.rows >= 0 && p.cols >= 0 && p.rows*p.cols <= 4
}

// planTiles turns tiling on for this request when the turn asks for it,
// and counts the tiles as images: when they would take the request past
// the model's many-image rule (Claude: over 20, each then within
// 2000×2000), tiling is off for the whole request, since smaller whole
// images are what that rule asks for.
func (p *preparation) planTiles(history []Message, parts []Part) {
	t := p.t
	if t.ImageTiles != TilesAuto || t.Store == nil || t.Caps == nil || !t.Caps.Images {
		return
	}
	caps := *t.Caps
	total := 0
	count := func(ps []Part) {
		for _, part := range ps {
			img, ok := part.(Image)
			if !ok {
				continue
			}
			total++
			if img.Tiles == TilesOff {
				continue
			}
			if pl, err := t.Store.tilePlan(img, caps); err == nil && len(pl.pieces) > 0 {
				total += len(pl.pieces) - 1
			}
		}
	}
	for _, m := range history {
		if m.Role != RoleAssistant {
			count(m.Parts)
		}
	}
	count(parts)
	if caps.ManyImagesOver > 0 && total > caps.ManyImagesOver && total > p.images {
		return
	}
	p.tiles, p.images = true, total
}

// tiledImage sends img as tiles when this request tiles and img is a
// text-heavy screenshot that reads better in pieces; ok is false to send
// it whole.
func (p *preparation) tiledImage(img Image, isNew bool, idx int) ([]providers.Part, bool) {
	if !p.tiles || img.Tiles == TilesOff || undecodable(img.MIME) {
		return nil, false
	}
	pl, err := p.t.Store.tilePlan(img, p.fit)
	if err != nil || len(pl.pieces) == 0 {
		return nil, false
	}
	var parts []providers.Part
	for _, f := range pl.pieces {
		parts = append(parts, p.imagePart(img, f))
	}
	if isNew {
		p.notices = append(p.notices, Notice{Name: img.Name, Kind: NoticeTiles, Part: idx,
			Text: fmt.Sprintf("text would be %.1f px high whole: sending %d tiles (%d×%d) at %.1f px, in reading order",
				pl.whole, len(pl.pieces), pl.rows, pl.cols, pl.inTiles)})
	}
	return parts, true
}
