package session

import (
	"errors"
	"os"
	"reflect"
	"slices"
	"testing"
)

// checkOutline asserts that the outline of f.conv with a tail of n shows
// exactly what Conversation shows: the same branch, the same messages.
func checkOutline(t *testing.T, s *Store, conv int64, n int) *Outline {
	t.Helper()
	c, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.ConversationOutline(conv, n)
	if err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, m := range c.Messages {
		want = append(want, m.ID)
	}
	if got := headerIDs(o.Branch); !slices.Equal(got, want) {
		t.Fatalf("outline branch %v, Conversation's %v", got, want)
	}
	if o.Conversation.LeafID != c.LeafID || o.Conversation.Title != c.Title || o.Conversation.Messages != nil {
		t.Errorf("outline row %+v, conversation leaf %d title %q", o.Conversation, c.LeafID, c.Title)
	}
	tail := c.Messages[max(len(c.Messages)-n, 0):]
	if !reflect.DeepEqual(o.Tail, tail) {
		t.Errorf("tail %+v\nwant %+v", o.Tail, tail)
	}
	for i, h := range o.Branch {
		m := c.Messages[i]
		if h.ParentID != m.ParentID || h.Role != m.Role || h.Status != m.Status ||
			h.TextBytes != len(m.Text()) || h.Parts != len(m.Parts) ||
			h.Images != len(PartsOf[Image](m)) || h.Audio != len(PartsOf[Audio](m)) {
			t.Errorf("header %+v of message %+v", h, m)
		}
	}
	return o
}

func TestOutlineFollowsTheBranch(t *testing.T) {
	f := newBranchFixture(t)
	o := checkOutline(t, f.s, f.conv, 2)
	if got := texts(o.Tail); !slices.Equal(got, []string{"u2 edited", "a2 edited"}) {
		t.Errorf("tail %q", got)
	}
	if _, err := f.s.SwitchBranch(f.conv, f.u2.ID); err != nil {
		t.Fatal(err)
	}
	o = checkOutline(t, f.s, f.conv, 3)
	if got := texts(o.Tail); !slices.Equal(got, []string{"a1", "u2", "a2"}) {
		t.Errorf("tail after the switch %q", got)
	}
	// A tail longer than the branch is the whole branch; a negative one
	// is none.
	checkOutline(t, f.s, f.conv, 100)
	if o, err := f.s.ConversationOutline(f.conv, -1); err != nil || len(o.Tail) != 0 || len(o.Branch) != 4 {
		t.Errorf("a negative tail: %+v, %v", o, err)
	}
}

// A conversation whose leaf was never set (written before branches kept
// one) shows its newest message's branch, like Conversation.
func TestOutlineWithoutLeaf(t *testing.T) {
	f := newBranchFixture(t)
	if _, err := f.s.db.Exec(`UPDATE conversations SET leaf_id = NULL`); err != nil {
		t.Fatal(err)
	}
	checkOutline(t, f.s, f.conv, 1)
}

func TestOutlineOfEmptyAndMissing(t *testing.T) {
	s := openTest(t)
	c, err := s.CreateConversation("empty")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.ConversationOutline(c.ID, 10)
	if err != nil || len(o.Branch) != 0 || len(o.Tail) != 0 || o.Conversation.Title != "empty" {
		t.Fatalf("empty conversation: %+v, %v", o, err)
	}
	if _, err := s.ConversationOutline(c.ID+1, 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing conversation: %v", err)
	}
	if _, err := openTest(t).LatestOutline(10); !errors.Is(err, ErrNotFound) {
		t.Errorf("latest of an empty store: %v", err)
	}
}

// LatestOutline is the outline of the conversation LatestConversation
// would load.
func TestLatestOutline(t *testing.T) {
	f := newBranchFixture(t)
	if _, err := f.s.CreateConversation("older, then touched"); err != nil {
		t.Fatal(err)
	}
	addMsg(t, f.s, f.conv, RoleUser, "u3") // f.conv is the latest again
	latest, err := f.s.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	o, err := f.s.LatestOutline(2)
	if err != nil {
		t.Fatal(err)
	}
	if o.Conversation.ID != latest.ID || len(o.Branch) != len(latest.Messages) ||
		!reflect.DeepEqual(o.Tail, latest.Messages[len(latest.Messages)-2:]) {
		t.Errorf("latest outline of %d (%d headers, tail %q); LatestConversation is %d with %d messages",
			o.Conversation.ID, len(o.Branch), texts(o.Tail), latest.ID, len(latest.Messages))
	}
}

// Messages loads a page by ID, parts and all, and refuses an ID that is
// not the conversation's (deleted meanwhile, or another conversation's).
func TestMessagesByID(t *testing.T) {
	f := newBranchFixture(t)
	c, err := f.s.Conversation(f.conv)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.s.Messages(f.conv, []int64{c.Messages[2].ID, c.Messages[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Message{c.Messages[0], c.Messages[2]}; !reflect.DeepEqual(got, want) {
		t.Errorf("page %+v\nwant %+v", got, want)
	}
	other, err := f.s.CreateConversation("other")
	if err != nil {
		t.Fatal(err)
	}
	stranger := addMsg(t, f.s, other.ID, RoleUser, "elsewhere")
	for _, ids := range [][]int64{{f.u1.ID, stranger.ID}, {9999}} {
		if got, err := f.s.Messages(f.conv, ids); !errors.Is(err, ErrNotFound) || got != nil {
			t.Errorf("Messages(%v) = %d messages, %v; want ErrNotFound", ids, len(got), err)
		}
	}
	if got, err := f.s.Messages(f.conv, nil); err != nil || got != nil {
		t.Errorf("no ids: %v, %v", got, err)
	}
}

// Opening a long conversation reads no blob: its pictures' files can be
// gone and the outline and its pages still load, naming their blobs.
func TestOutlineReadsNoBlob(t *testing.T) {
	s := longStore(t, 200, 10)
	var sha string
	if err := s.db.QueryRow(`SELECT sha FROM blobs`).Scan(&sha); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(s.BlobPath(sha)); err != nil {
		t.Fatal(err)
	}
	o := checkOutline(t, s, 1, 50)
	images := 0
	for _, h := range o.Branch {
		images += h.Images
	}
	if images != 10 {
		t.Errorf("%d image parts in the headers, want 10", images)
	}
	page, err := s.Messages(1, []int64{o.Branch[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	if img, ok := page[0].Parts[1].(Image); !ok || img.Blob != sha {
		t.Errorf("first message's parts %+v, want the image of blob %s", page[0].Parts, sha)
	}
}

// The headers count a message's images and voice notes: a view knows
// where the media are before their messages are loaded.
func TestOutlineHeadersCountMedia(t *testing.T) {
	s := openTest(t)
	c, err := s.CreateConversation("media")
	if err != nil {
		t.Fatal(err)
	}
	sha, err := s.PutBlob([]byte("RIFF not really a wave"))
	if err != nil {
		t.Fatal(err)
	}
	m := Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{
		Text{Text: "listen and look"}, Audio{Blob: sha, MIME: "audio/wav", Name: "a.wav"},
		Image{Blob: sha, MIME: "image/png"}, Audio{Blob: sha, MIME: "audio/wav", Name: "b.wav"}}}
	if err := s.AppendMessage(&m); err != nil {
		t.Fatal(err)
	}
	o := checkOutline(t, s, c.ID, 1)
	if h := o.Branch[0]; h.Images != 1 || h.Audio != 2 || h.Parts != 4 {
		t.Errorf("header %+v, want 1 image, 2 voice notes, 4 parts", h)
	}
}
