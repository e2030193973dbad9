package graphics

// Replies recorded from real terminals on Debian 12 under Xvfb
// (the repository's testdata/terminal-replies.md), plus tmux and a few from the
// terminals' documentation.
const (
	xtermVT340DA1      = "\x1b[?63;1;2;4;6;9;15;16;22;28c"
	xtermVT340DA2      = "\x1b[>19;379;0c"
	xtermVersion       = "\x1bP>|XTerm(379)\x1b\\"
	xtermVT340Colors   = "\x1b[?1;0;256S"
	xtermVT340Geometry = "\x1b[?2;0;900;665S"
	xtermWinOps        = "\x1b[6;19;9t\x1b[4;665;900t\x1b[8;35;100t"

	xtermPlainDA1    = "\x1b[?64;1;2;6;9;15;16;17;18;21;22;28c"
	xtermPlainDA2    = "\x1b[>41;379;0c"
	xtermPlainColors = "\x1b[?1;3S"
	xtermPlainGeom   = "\x1b[?2;3S"

	mltermDA1    = "\x1b[?63;1;2;3;4;6;7;15;18;22;29c"
	mltermDA2    = "\x1b[>24;279;0c"
	mltermColors = "\x1b[?1;0;1024S"
	mltermGeom   = "\x1b[?1;3;0S"
	mltermWinOps = "\x1b[6;19;10t\x1b[4;570;1000t\x1b[8;30;100t"

	kitty026DA1    = "\x1b[?62;c"
	kitty026DA2    = "\x1b[>1;4000;26c"
	kitty026Probe  = "\x1b_Gi=31;OK\x1b\\"
	kitty026WinOps = "\x1b[6;18;9t\x1b[4;540;900t\x1b[8;30;100t"

	// tmux 3.3a answers DA1 and XTVERSION itself; 3.4 built with sixel
	// adds 4 to DA1.
	tmux33DA1     = "\x1b[?1;2c"
	tmux33Version = "\x1bP>|tmux 3.3a\x1b\\"
	tmux34DA1     = "\x1b[?1;2;4c"

	// From the terminals' documentation / source.
	kitty035Version   = "\x1bP>|kitty(0.35.2)\x1b\\"
	ghosttyVersion    = "\x1bP>|ghostty 1.1.3\x1b\\"
	wezTermVersion    = "\x1bP>|WezTerm 20240203-110809-5046fc22\x1b\\"
	iTerm2Version     = "\x1bP>|iTerm2 3.5.11\x1b\\"
	weztermDA1        = "\x1b[?65;4;6;18;22c"
	kittyProbeFailure = "\x1b_Gi=31;ENOTSUPPORTED:no graphics\x1b\\"
)
