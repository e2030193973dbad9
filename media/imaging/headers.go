package imaging

import "encoding/binary"

// This file holds small, bounds-checked parsers for the header facts the
// standard decoders do not expose: EXIF orientation, GIF frame count and
// PNG transparency. They never allocate in proportion to the input and
// treat anything malformed as "absent".

// jpegOrientation walks the JPEG marker segments up to the first scan and
// returns the Orientation tag of the first APP1 Exif segment, or 1.
func jpegOrientation(data []byte) int {
	off := 2 // past SOI
	for off+4 <= len(data) {
		if data[off] != 0xff {
			return 1
		}
		marker := data[off+1]
		if marker == 0xff { // fill byte
			off++
			continue
		}
		if marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) {
			off += 2 // markers without a length
			continue
		}
		if marker == 0xda || marker == 0xd9 { // SOS/EOI: no metadata after this
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[off+2 : off+4]))
		if n < 2 || off+2+n > len(data) {
			return 1
		}
		seg := data[off+4 : off+2+n]
		if marker == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		off += 2 + n
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from IFD0 of a TIFF structure (a TIFF
// file, or the payload of an Exif segment).
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:4]) != 42 {
		return 1
	}
	ifd := int(bo.Uint32(t[4:8]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[ifd : ifd+2]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:e+2]) != 0x0112 {
			continue
		}
		// SHORT (3), count 1: the value sits in the first two bytes of the
		// value field regardless of byte order.
		if bo.Uint16(t[e+2:e+4]) != 3 || bo.Uint32(t[e+4:e+8]) != 1 {
			return 1
		}
		if v := int(bo.Uint16(t[e+8 : e+10])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// gifScan counts the image descriptors of a GIF by walking its block
// structure (skipping the LZW data, never decoding it) and notes whether
// any graphic control extension declares a transparent colour. A truncated
// stream returns what was counted so far (at least 1).
func gifScan(d []byte) (frames int, alpha bool) {
	if len(d) < 13 {
		return 1, false
	}
	off := 13
	if d[10]&0x80 != 0 { // global colour table
		off += 3 << (int(d[10]&7) + 1)
	}
	for off < len(d) {
		switch d[off] {
		case 0x21: // extension: label, then sub-blocks
			if off+1 >= len(d) {
				return max(frames, 1), alpha
			}
			if d[off+1] == 0xf9 && off+3 < len(d) && d[off+3]&1 != 0 {
				alpha = true
			}
			off = skipSubBlocks(d, off+2)
		case 0x2c: // image descriptor (10 bytes), local table, LZW min size
			if off+10 > len(d) {
				return max(frames, 1), alpha
			}
			frames++
			flags := d[off+9]
			off += 10
			if flags&0x80 != 0 {
				off += 3 << (int(flags&7) + 1)
			}
			off = skipSubBlocks(d, off+1)
		default: // 0x3b trailer, or garbage
			return max(frames, 1), alpha
		}
	}
	return max(frames, 1), alpha
}

// skipSubBlocks returns the offset after the data sub-blocks starting at off
// (each a length byte and that many bytes, ended by a zero length).
func skipSubBlocks(d []byte, off int) int {
	for off < len(d) {
		n := int(d[off])
		off++
		if n == 0 {
			return off
		}
		off += n
	}
	return len(d)
}

// pngHasAlpha reports whether a PNG has an alpha channel (colour types 4
// and 6) or a tRNS chunk before its image data.
func pngHasAlpha(d []byte) bool {
	if len(d) < 33 {
		return false
	}
	if ct := d[25]; ct == 4 || ct == 6 {
		return true
	}
	for off := 8; off+8 <= len(d); {
		n := int(binary.BigEndian.Uint32(d[off : off+4]))
		switch string(d[off+4 : off+8]) {
		case "tRNS":
			return true
		case "IDAT", "IEND":
			return false
		}
		if n < 0 || n > len(d) {
			return false
		}
		off += 12 + n
	}
	return false
}
