package graphics

import (
	"reflect"
	"strings"
	"sync"
	"testing"
)

func key(blob string) Key {
	return Key{Blob: blob, Cols: 10, Rows: 4, CellW: 9, CellH: 19, Protocol: Sixel}
}

func val(n int) Rendered { return Rendered{Seq: strings.Repeat("x", n)} }

func TestCacheEvictsLeastRecentlyUsedByBytes(t *testing.T) {
	c := NewCache(1000)
	c.Put(key("a"), val(400))
	c.Put(key("b"), Rendered{Lines: []string{strings.Repeat("y", 200), strings.Repeat("y", 200)}})
	if c.Bytes() != 800 || c.Len() != 2 {
		t.Fatalf("bytes %d len %d, want 800 and 2", c.Bytes(), c.Len())
	}
	if _, ok := c.Get(key("a")); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	if ev := c.Put(key("c"), val(300)); !reflect.DeepEqual(ev, []Key{key("b")}) {
		t.Errorf("evicted %v, want b (least recently used)", ev)
	}
	if _, ok := c.Get(key("b")); ok {
		t.Error("b still cached")
	}
	if c.Bytes() != 700 {
		t.Errorf("bytes %d, want 700", c.Bytes())
	}
	// One big entry pushes out both others.
	if ev := c.Put(key("d"), val(900)); len(ev) != 2 || c.Len() != 1 || c.Bytes() != 900 {
		t.Errorf("evicted %v, len %d, bytes %d", ev, c.Len(), c.Bytes())
	}
	// Larger than the whole budget: not stored, nothing evicted.
	if ev := c.Put(key("e"), val(1001)); ev != nil || c.Len() != 1 {
		t.Errorf("oversized value: evicted %v, len %d", ev, c.Len())
	}
}

func TestCacheKeyFieldsAndReplace(t *testing.T) {
	c := NewCache(1 << 20)
	k := key("a")
	c.Put(k, val(10))
	other := k
	other.Protocol = Blocks
	if _, ok := c.Get(other); ok {
		t.Error("a different protocol must be a different entry")
	}
	other = k
	other.CellH = 20
	if _, ok := c.Get(other); ok {
		t.Error("a different cell size must be a different entry")
	}
	c.Put(k, val(25))
	if v, _ := c.Get(k); len(v.Seq) != 25 || c.Bytes() != 25 || c.Len() != 1 {
		t.Errorf("replace: len(seq) %d bytes %d len %d", len(v.Seq), c.Bytes(), c.Len())
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache(5000)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				k := key(string(rune('a' + (g*7+i)%26)))
				c.Put(k, val(100+i%50))
				c.Get(k)
			}
		}(g)
	}
	wg.Wait()
	if c.Bytes() > 5000 {
		t.Errorf("over budget: %d", c.Bytes())
	}
}
