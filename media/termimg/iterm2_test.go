package termimg

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"testing"
)

func TestITerm2(t *testing.T) {
	data := randomBytes(3000)
	out := ITerm2(data, 30, 8)
	m := regexp.MustCompile(`^\x1b\]1337;File=([^:]*):([A-Za-z0-9+/=]*)\a$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("not an OSC 1337 File sequence ending in BEL: %q…", out[:40])
	}
	want := "inline=1;size=3000;width=30;height=8;preserveAspectRatio=1;doNotMoveCursor=1"
	if m[1] != want {
		t.Errorf("arguments %q, want %q", m[1], want)
	}
	got, err := base64.StdEncoding.DecodeString(m[2])
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("payload does not decode to the data (err %v)", err)
	}
	if ITerm2(nil, 3, 3) != "" || ITerm2(data, 0, 3) != "" {
		t.Error("empty data or size must give no output")
	}
	golden(t, "iterm2", []byte(ITerm2([]byte("tiny"), 4, 2)+"\n"+TmuxPassthrough(ITerm2([]byte("tiny"), 4, 2))))
}

func TestTmuxPassthroughDoublesESC(t *testing.T) {
	if got := TmuxPassthrough("\x1b[c"); got != "\x1bPtmux;\x1b\x1b[c\x1b\\" {
		t.Errorf("got %q", got)
	}
}
