package files

import "bytes"

// LimitedBuffer is an io.Writer that keeps at most Max bytes. The write
// that would pass Max fails with a *LimitError, so a command whose stdout
// it is (exec.Cmd.Stdout) stops being read and dies of a broken pipe at the
// limit instead of running on until its timeout. The zero Max refuses any
// byte.
//
// It deliberately does not embed bytes.Buffer: io.Copy (which exec uses)
// would find the promoted ReadFrom and read past any limit Write enforces.
type LimitedBuffer struct {
	Max int64
	// Over is set once a write was refused.
	Over bool
	buf  bytes.Buffer
}

// Write appends p, or fails with a *LimitError if that would pass Max.
func (b *LimitedBuffer) Write(p []byte) (int, error) {
	if room := b.Max - int64(b.buf.Len()); int64(len(p)) > room {
		b.Over = true
		n, _ := b.buf.Write(p[:max(room, 0)])
		return n, &LimitError{Limit: b.Max}
	}
	return b.buf.Write(p)
}

// Bytes returns what was kept; it aliases the buffer.
func (b *LimitedBuffer) Bytes() []byte { return b.buf.Bytes() }

// String returns what was kept.
func (b *LimitedBuffer) String() string { return b.buf.String() }

// Len returns how many bytes were kept.
func (b *LimitedBuffer) Len() int { return b.buf.Len() }
