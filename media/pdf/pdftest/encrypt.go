package pdftest

import (
	"crypto/md5"
	"crypto/rc4"
	"encoding/binary"
	"fmt"
)

// pdfPad is the padding string of the standard security handler.
var pdfPad = []byte{0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
	0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A}

// WithPassword returns a one-page PDF saying text, encrypted with the
// standard security handler (revision 2, 40-bit RC4) under the user
// password: readers open it with that password only.
func WithPassword(text, password string) []byte {
	id := []byte("parley-test-id-0")
	const perms = int32(-44)
	o := ownerEntry("owner-" + password)
	key := fileKey(password, o, perms, id)
	enc := func(obj int, data []byte) []byte { return rc4Crypt(objectKey(key, obj), data) }
	pages := []Page{{Text: text}}
	return buildWith(pages, enc,
		fmt.Sprintf("<< /Filter /Standard /V 1 /R 2 /O <%x> /U <%x> /P %d >>", o, rc4Crypt(key, pdfPad), perms),
		fmt.Sprintf("[<%x> <%x>]", id, id))
}

func padded(pw string) []byte {
	b := append([]byte(pw), pdfPad...)
	return b[:32]
}

// ownerEntry is algorithm 3.3 for revision 2 with no separate user
// password in it (the user password pad is what gets encrypted).
func ownerEntry(owner string) []byte {
	sum := md5.Sum(padded(owner))
	return rc4Crypt(sum[:5], pdfPad)
}

// fileKey is algorithm 3.2 for revision 2 (5-byte key).
func fileKey(user string, o []byte, perms int32, id []byte) []byte {
	h := md5.New()
	h.Write(padded(user))
	h.Write(o)
	var p [4]byte
	binary.LittleEndian.PutUint32(p[:], uint32(perms))
	h.Write(p[:])
	h.Write(id)
	return h.Sum(nil)[:5]
}

// objectKey is the key of object obj, generation 0 (algorithm 3.1).
func objectKey(key []byte, obj int) []byte {
	b := append([]byte{}, key...)
	b = append(b, byte(obj), byte(obj>>8), byte(obj>>16), 0, 0)
	sum := md5.Sum(b)
	return sum[:min(len(key)+5, 16)]
}

func rc4Crypt(key, data []byte) []byte {
	c, err := rc4.NewCipher(key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(data))
	c.XORKeyStream(out, data)
	return out
}
