package pdf

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultMaxPages is how many pages are rendered as images when the user
// chose no range.
const DefaultMaxPages = 20

// ParseRange reads a page range against a document of n pages: "1-5",
// "2,4-6", "7-" (to the end), "3"; spaces are ignored, "" or "all" means
// every page. It returns 1-based page numbers in the order given, each
// once. Errors name the bad piece: "page 30 is past the end (12 pages)",
// "\"5-2\" runs backwards".
func ParseRange(spec string, n int) ([]int, error) {
	spec = strings.ReplaceAll(strings.TrimSpace(spec), " ", "")
	if spec == "" || strings.EqualFold(spec, "all") {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out, nil
	}
	seen := map[int]bool{}
	var out []int
	for _, piece := range strings.Split(spec, ",") {
		lo, hi, err := parsePiece(piece, n)
		if err != nil {
			return nil, err
		}
		for p := lo; p <= hi; p++ {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// parsePiece reads "N", "N-M" or "N-".
func parsePiece(piece string, n int) (lo, hi int, err error) {
	if piece == "" {
		return 0, 0, fmt.Errorf("page range has an empty piece (two commas?)")
	}
	a, b, isRange := strings.Cut(piece, "-")
	if lo, err = pageNum(a, piece); err != nil {
		return 0, 0, err
	}
	hi = lo
	if isRange {
		hi = n
		if b != "" {
			if hi, err = pageNum(b, piece); err != nil {
				return 0, 0, err
			}
		}
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("page range %q runs backwards", piece)
	}
	if lo > n || hi > n {
		return 0, 0, fmt.Errorf("page %d is past the end (the document has %d pages)", max(lo, hi), n)
	}
	return lo, hi, nil
}

func pageNum(s, piece string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 {
		return 0, fmt.Errorf("page range %q: %q is not a page number (pages count from 1)", piece, s)
	}
	return v, nil
}

// Select is the pages to render: the range spec (see ParseRange) capped at
// maxPages (0 = DefaultMaxPages). omitted is how many pages of the range
// were left out by the cap, for the notice.
func Select(spec string, n, maxPages int) (pages []int, omitted int, err error) {
	if maxPages <= 0 {
		maxPages = DefaultMaxPages
	}
	pages, err = ParseRange(spec, n)
	if err != nil {
		return nil, 0, err
	}
	if len(pages) > maxPages {
		omitted = len(pages) - maxPages
		pages = pages[:maxPages]
	}
	return pages, omitted, nil
}
