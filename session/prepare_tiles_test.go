package session

import (
	"context"
	"parley/providers/providertest"
	"strings"
	"testing"

	"parley/providers"
)

func TestImageTileChoiceForDenseScreenshot(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.ScreenshotPNG(t, 2880, 1800), "shot.png")
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	c, err := s.ImageTileChoice(img, caps)
	if err != nil {
		t.Fatal(err)
	}
	if c.Whole.Tiles != 1 || c.Whole.Width != 1385 || c.Whole.Tokens < 1500 || c.Whole.XHeight > 3.5 {
		t.Errorf("whole %+v", c.Whole)
	}
	if c.Tiles.Tiles != 4 || c.Tiles.XHeight < 6.5 || c.Tiles.Tokens < 4*1500 || max(c.Tiles.Width, c.Tiles.Height) > 1568 {
		t.Errorf("tiles %+v", c.Tiles)
	}
	// Decided once: asking again reads the derived table.
	rows := count(t, s, `SELECT COUNT(*) FROM derived WHERE spec LIKE 'tiles1;%'`)
	if again, err := s.ImageTileChoice(img, caps); err != nil || again != c {
		t.Errorf("cached choice %+v %v", again, err)
	}
	if n := count(t, s, `SELECT COUNT(*) FROM derived WHERE spec LIKE 'tiles1;%'`); n != rows || rows != 5 {
		t.Errorf("derived rows %d then %d, want the plan and 4 tiles", rows, n)
	}
	// A model that takes the full size needs no tiles; nor does a photo.
	big := providers.CapsFor("anthropic", "", "claude-opus-4-7")
	if c, err := s.ImageTileChoice(img, big.Apply(providers.CapsOverride{MaxImageEdge: new(3000), MaxImagePixels: new(0), PatchBudget: new(0)})); err != nil || c.Tiles.Tiles != 0 {
		t.Errorf("full-size model: %+v %v", c, err)
	}
	photo, _ := s.AddImage(providertest.GradientPNG(t, 2000, 1500, 3), "photo.png")
	if c, err := s.ImageTileChoice(photo, caps); err != nil || c.Tiles.Tiles != 0 || c.Whole.XHeight != 0 {
		t.Errorf("photo: %+v %v", c, err)
	}
}

func TestTurnSendsTilesWhenAuto(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.ScreenshotPNG(t, 2880, 1800), "shot.png")
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	for _, mode := range []string{TilesOff, TilesAuto} {
		fp := &providertest.Provider{Script: okScript()}
		turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: &caps, ImageTiles: mode}
		notices := prepareAndRun(t, turn, nil, []Part{Text{Text: "read this"}, img})
		sent := requestImages(fp.LastRequest())
		switch mode {
		case TilesOff:
			if len(sent) != 1 {
				t.Errorf("off: sent %d images", len(sent))
			}
		case TilesAuto:
			if len(sent) != 4 {
				t.Fatalf("auto: sent %d images", len(sent))
			}
			for i, ip := range sent {
				if w, h, _ := providertest.ImageSize(t, ip.Data); max(w, h) > 1568 || w*h > 1_200_000 {
					t.Errorf("tile %d sent at %d×%d", i, w, h)
				}
			}
			if len(notices) != 1 || notices[0].Kind != NoticeTiles ||
				!strings.Contains(notices[0].Line(), "parley: shot.png: text would be 3.") ||
				!strings.Contains(notices[0].Text, "sending 4 tiles (2×2) at 6.") {
				t.Errorf("notices %+v", notices)
			}
		}
	}
}

// Tiles that would take a Claude request past 20 images are not used: the
// many-image rule would shrink every image instead.
func TestTilesOffPastManyImageRule(t *testing.T) {
	s := openTest(t)
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	var parts []Part
	for i := range 7 {
		// 2000×1250 reads at 4.9 px whole on Sonnet, 7 px as three
		// columns: 21 images in all.
		img, err := s.AddImage(providertest.ScreenshotPNG(t, 2000+i, 1250), "shot.png")
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, img)
	}
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: &caps, ImageTiles: TilesAuto}
	evs := collect(t, turn.Run(context.Background(), 0, nil, parts))
	if fin := evs[len(evs)-1]; fin.Err != nil {
		t.Fatal(fin.Err)
	}
	if n := len(requestImages(fp.LastRequest())); n != 7 {
		t.Errorf("sent %d images, want the 7 whole", n)
	}
	if c, err := s.ImageTileChoice(parts[0].(Image), caps); err != nil || c.Tiles.Tiles != 3 {
		t.Errorf("precondition: each alone goes as 3 tiles: %+v %v", c, err)
	}
}

// Gemini 3 images carry the model's media_resolution level; Gemini 2.5,
// which refuses a per-part level, gets none even when the config sets one.
func TestImageMediaResolutionOnlyForGemini3(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.GradientPNG(t, 64, 48, 1), "p.png")
	if err != nil {
		t.Fatal(err)
	}
	low := "low"
	for model, want := range map[string]string{"gemini-3-flash": "low", "gemini-2.5-flash": ""} {
		caps := providers.CapsFor("gemini", "", model).Apply(providers.CapsOverride{MediaResolution: &low})
		fp := &providertest.Provider{Script: okScript()}
		prepareAndRun(t, &Turn{Store: s, Provider: fp, Model: model, Caps: &caps}, nil, []Part{img})
		if got := requestImages(fp.LastRequest()); len(got) != 1 || got[0].Resolution != want {
			t.Errorf("%s: sent %+v, want level %q", model, got, want)
		}
	}
}

// The user's choice on the image (the inspect dialog's toggle) wins over
// the turn's auto mode: an image marked TilesOff goes whole, and its
// choice survives the store, so later turns send it whole too.
func TestImageTilesOffGoesWhole(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.ScreenshotPNG(t, 2880, 1800), "shot.png")
	if err != nil {
		t.Fatal(err)
	}
	img.Tiles = TilesOff
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: &caps, ImageTiles: TilesAuto}
	if notices := prepareAndRun(t, turn, nil, []Part{Text{Text: "read this"}, img}); len(notices) != 0 {
		for _, n := range notices {
			if n.Kind == NoticeTiles {
				t.Errorf("a tiles notice for an image sent whole: %+v", n)
			}
		}
	}
	if sent := requestImages(fp.LastRequest()); len(sent) != 1 {
		t.Fatalf("sent %d images, want the whole one", len(sent))
	}
	convs, err := s.RecentConversations(10)
	if err != nil || len(convs) == 0 {
		t.Fatalf("conversations %v, %v", convs, err)
	}
	c, err := s.Conversation(convs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range c.Messages {
		for _, p := range m.Parts {
			if im, ok := p.(Image); ok && im.Tiles != TilesOff {
				t.Errorf("stored image lost its choice: %+v", im)
			}
		}
	}
}
