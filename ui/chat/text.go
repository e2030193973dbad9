package chat

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"parley/session"
	"parley/ui/clip"
	"parley/ui/transcript"
)

// This file is what the chat's text is used for besides showing it:
// copying a reply or its code blocks, reading a message aloud, and esc's
// ways back (stop the reply, take the queued message back, cancel an
// edit).

// ReadAloud is /speak and alt+s: the selected message (the one holding
// the selected image or voice note), else the last reply, is read aloud;
// a message whose speech was kept replays it.
func (c *Chat) ReadAloud() Outcome {
	e := c.speakTarget()
	if e == nil {
		return say("nothing to read aloud yet: /speak reads the last reply (or the selected message)", true)
	}
	if out, ok := c.loaded(e, afterPage{}); !ok {
		return out // lazy.go: read once its page arrives
	}
	return c.readEntry(e)
}

// readEntry reads loaded entry e aloud, or replays its kept speech.
func (c *Chat) readEntry(e *Entry) Outcome {
	if sp := e.msg.Spoken; sp != nil && c.opts.Store != nil {
		return Outcome{Cmd: c.opts.Speech.Replay(c.ctx, e, *sp)}
	}
	id := e.msg.ID
	if e.msg.Role != session.RoleAssistant || e.streaming() {
		id = 0 // only a finished reply keeps its speech
	}
	return Outcome{Cmd: c.opts.Speech.Read(c.ctx, e, id, e.text())}
}

// speakTarget is the message ReadAloud reads: the selected message,
// else the selected media's, else the last reply with text.
func (c *Chat) speakTarget() *Entry {
	if e, ok := c.list.Selected(); ok && (e.pending || strings.TrimSpace(e.text()) != "") {
		return e
	}
	var vs VoiceRef
	if c.opts.Voice != nil {
		vs, _ = c.opts.Voice.Selected()
	}
	if r, ok := mediaSel(c.imgSel, vs); ok && strings.TrimSpace(r.e.text()) != "" {
		return r.e
	}
	entries := c.list.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if e.kind == transcript.KindMessage && e.msg.Role == session.RoleAssistant && strings.TrimSpace(e.text()) != "" {
			return e
		}
	}
	return nil
}

// Copy is /copy (the last reply's markdown), /copy code [N] (its Nth
// code block, the last by default) and the copy key (the selected
// message, else the last reply): a Cmd of ui/clip's.
func (c *Chat) Copy(arg string) Outcome {
	e, _ := c.list.Selected()
	what := "the selected message"
	if e == nil {
		e, what = lastReply(c.list.Entries()), "the last reply"
	}
	if e == nil {
		return say("nothing to copy yet: no reply in this conversation", true)
	}
	if out, ok := c.loaded(e, afterPage{copy: true, arg: arg}); !ok {
		return out // lazy.go: copied once its page arrives
	}
	return c.copyEntry(e, arg, what)
}

// copyEntry is Copy of loaded entry e, named what in the notice.
func (c *Chat) copyEntry(e *Entry, arg, what string) Outcome {
	text := e.text()
	if word, n, _ := strings.Cut(arg, " "); word == "code" {
		blocks := clip.CodeBlocks(text)
		i, err := blockIndex(strings.TrimSpace(n), len(blocks))
		if err != nil {
			return say(err.Error(), true)
		}
		text, what = blocks[i], fmt.Sprintf("code block %d of %d of %s", i+1, len(blocks), what)
	} else if arg != "" {
		return say("/copy copies the last reply; /copy code [N] its Nth code block", true)
	}
	if text == "" {
		return say(what+" has no text to copy", true)
	}
	out := say(fmt.Sprintf("copying %s…", what), false)
	out.Cmd = clip.Copy(text, what, clip.Env{Tmux: os.Getenv("TMUX") != ""})
	return out
}

// blockIndex is the index of block n (1-based, "" for the last) of count.
func blockIndex(n string, count int) (int, error) {
	if count == 0 {
		return 0, fmt.Errorf("the reply has no code block to copy")
	}
	if n == "" {
		return count - 1, nil
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > count {
		return 0, fmt.Errorf("/copy code N: N is 1 to %d", count)
	}
	return i - 1, nil
}

// lastReply is the newest assistant message with text, or nil.
func lastReply(entries []*Entry) *Entry {
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.kind == transcript.KindMessage && e.msg.Role == session.RoleAssistant && e.text() != "" {
			return e
		}
	}
	return nil
}

// Esc is the stop key past the selection layers: it stops the streaming
// reply (a queued message is then held), else takes a queued message back
// into the empty composer, else cancels an /edit in progress; the
// selected message, if any, is let go.
func (c *Chat) Esc(composerEmpty bool) Outcome {
	var out Outcome
	switch {
	case c.stream.Busy():
		c.Stop()
	default:
		var ok bool
		if out, ok = c.TakeBack(composerEmpty); !ok {
			out, _ = c.cancelEdit()
		}
	}
	c.list.Deselect()
	return out
}
