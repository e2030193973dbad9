package images

import (
	tea "charm.land/bubbletea/v2"

	"parley/ui/common"
)

// Msg is what the package's Cmds report: an encode's result, the
// placement timer, the end of detection, an export. The root routes
// `case images.Msg:` to Update without seeing inside.
type Msg interface{ imagesMsg() }

// queryTimeoutMsg ends detection when the DA1 sentinel never came.
type queryTimeoutMsg struct{}

func (queryTimeoutMsg) imagesMsg() {}

// Outcome is what the root must do after Update: lay the entries with
// images out again (their size or chip changed), and show a notice.
type Outcome struct {
	Relayout bool
	Notice   string
	Error    bool // the notice is an error
}

// Update handles one of the package's messages.
func (s *Images) Update(msg Msg) (tea.Cmd, Outcome) {
	switch msg := msg.(type) {
	case encodedMsg:
		cmd, relayout := s.handleEncoded(msg)
		if !msg.cancelled {
			cmd = tea.Batch(cmd, s.release.encoded(len(s.pending) == 0))
		}
		return cmd, Outcome{Relayout: relayout}
	case releaseMsg:
		return s.release.handle(msg, len(s.pending) == 0), Outcome{}
	case placeMsg:
		return s.placer.handle(msg, s.cache), Outcome{}
	case queryTimeoutMsg:
		return nil, Outcome{Relayout: s.decide()}
	case exportedMsg:
		if msg.err != nil {
			return nil, Outcome{Notice: common.FirstLine(msg.err.Error()), Error: true}
		}
		// OSC 52, which the terminal may refuse: the notice shows the
		// path so it can be copied by hand.
		return tea.SetClipboard(msg.path), Outcome{Notice: "copied " + msg.path}
	}
	return nil, Outcome{}
}
