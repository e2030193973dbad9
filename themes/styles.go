package themes

import "charm.land/lipgloss/v2"

// Styles is every lipgloss style the UI draws with, built once from a
// Palette. It is a value: copy it freely, rebuild it when the theme changes.
type Styles struct {
	Palette Palette

	// Transcript.
	UserLabel      lipgloss.Style // "You" in a user message header
	AssistantLabel lipgloss.Style // the model's name in a reply header
	SystemLabel    lipgloss.Style // "parley" in a notice header
	HeaderMeta     lipgloss.Style // secondary header text: provider, time
	Streaming      lipgloss.Style // the spinner mark of a streaming reply
	Cancelled      lipgloss.Style // the "cancelled" mark
	Interrupted    lipgloss.Style // the "interrupted" mark
	ErrorMark      lipgloss.Style // the "error" mark
	ErrorLine      lipgloss.Style // the one-line reason under a failed reply
	Notice         lipgloss.Style // body text of a notice from parley
	UserBody       lipgloss.Style // wraps the rendered text of user messages
	Empty          lipgloss.Style // the hint shown in an empty transcript

	// Composer.
	ComposerFocused lipgloss.Style // border around the focused composer
	ComposerBlurred lipgloss.Style // border around the composer otherwise
	Prompt          lipgloss.Style
	Placeholder     lipgloss.Style
	Text            lipgloss.Style
	Selection       lipgloss.Style
	CursorLine      lipgloss.Style

	// Status bar.
	StatusBar   lipgloss.Style // the whole bar
	StatusModel lipgloss.Style // provider/model
	StatusState lipgloss.Style // waiting, tokens/s
	StatusUsage lipgloss.Style // token counts
	StatusTitle lipgloss.Style // conversation title
	StatusError lipgloss.Style // a failed last reply
	StatusSep   lipgloss.Style // the separator between fields

	// Dialogs (help and later pickers).
	Dialog      lipgloss.Style // border and padding of a dialog box
	DialogTitle lipgloss.Style
	HelpKey     lipgloss.Style
	HelpDesc    lipgloss.Style
	HelpSep     lipgloss.Style

	Muted  lipgloss.Style
	Accent lipgloss.Style
}

// NewStyles builds the Styles for a palette.
func NewStyles(p Palette) Styles {
	base := lipgloss.NewStyle()
	fg := base.Foreground(p.Fg)
	muted := base.Foreground(p.Muted)
	border := lipgloss.RoundedBorder()
	return Styles{
		Palette: p,

		UserLabel:      base.Foreground(p.User).Bold(true),
		AssistantLabel: base.Foreground(p.Assistant).Bold(true),
		SystemLabel:    base.Foreground(p.System).Bold(true),
		HeaderMeta:     muted,
		Streaming:      base.Foreground(p.Accent),
		Cancelled:      base.Foreground(p.Warning),
		Interrupted:    base.Foreground(p.Warning),
		ErrorMark:      base.Foreground(p.Error).Bold(true),
		ErrorLine:      base.Foreground(p.Error),
		Notice:         base.Foreground(p.System),
		UserBody:       fg,
		Empty:          muted.Italic(true),

		ComposerFocused: base.Border(border).BorderForeground(p.Accent),
		ComposerBlurred: base.Border(border).BorderForeground(p.Border),
		Prompt:          base.Foreground(p.Accent),
		Placeholder:     muted,
		Text:            fg,
		Selection:       base.Background(p.Selection),
		CursorLine:      base,

		StatusBar:   base.Background(p.StatusBg).Foreground(p.Fg),
		StatusModel: base.Background(p.StatusBg).Foreground(p.Accent).Bold(true),
		StatusState: base.Background(p.StatusBg).Foreground(p.Fg),
		StatusUsage: base.Background(p.StatusBg).Foreground(p.Muted),
		StatusTitle: base.Background(p.StatusBg).Foreground(p.Fg).Italic(true),
		StatusError: base.Background(p.StatusBg).Foreground(p.Error),
		StatusSep:   base.Background(p.StatusBg).Foreground(p.Border),

		Dialog:      base.Border(border).BorderForeground(p.Accent).Padding(0, 1),
		DialogTitle: base.Foreground(p.Accent).Bold(true),
		HelpKey:     base.Foreground(p.Accent).Bold(true),
		HelpDesc:    fg,
		HelpSep:     muted,

		Muted:  muted,
		Accent: base.Foreground(p.Accent),
	}
}
