package audioconv

import "fmt"

// Target is the audio a model gains from: Rate 0 keeps the source's rate,
// Mono mixes channels down. Set them only for models that downsample or mix
// on their side anyway (Gemini hears 16 kHz mono), so nothing audible is
// lost; otherwise the sound goes as it was recorded.
type Target struct {
	Rate int
	Mono bool
}

// Converted is audio re-encoded as 16-bit PCM WAV.
type Converted struct {
	WAV      []byte
	From     string // codec of the source ("Ogg Vorbis")
	Rate     int
	Channels int
	// Notes names every change, one phrase each ("converted Ogg Vorbis to
	// WAV", "resampled 48 kHz to 16 kHz", "mixed stereo down to mono",
	// "24-bit samples reduced to 16-bit"), for the user to see.
	Notes []string
}

// ToWAV decodes data (any format Decode reads) and encodes it as WAV for t.
func ToWAV(data []byte, t Target) (Converted, error) {
	p, codec, err := Decode(data)
	if err != nil {
		return Converted{}, err
	}
	src := Info{Codec: codec, Rate: p.Rate, Channels: p.Channels, Bits: p.Bits}
	c := Converted{From: codec, Rate: p.Rate, Channels: p.Channels, Notes: Notes(src, t)}
	pcm := p.Samples
	if t.Mono && p.Channels > 1 {
		pcm = ToMono(pcm, p.Channels)
		c.Channels = 1
	}
	if t.Rate > 0 && t.Rate < p.Rate {
		if c.Channels > 1 {
			pcm = resampleInterleaved(pcm, c.Channels, p.Rate, t.Rate)
		} else {
			pcm = Resample(pcm, p.Rate, t.Rate)
		}
		c.Rate = t.Rate
	}
	c.WAV = EncodeWAV(pcm, c.Rate, c.Channels)
	return c, nil
}

// Notes lists what ToWAV changes converting audio of src for t, in the
// order it does them: the notes of a conversion made earlier (and cached)
// come from Probe and this, without decoding again.
func Notes(src Info, t Target) []string {
	var out []string
	if src.Codec != "WAV" {
		out = append(out, fmt.Sprintf("converted %s to WAV", src.Codec))
	}
	if src.Bits > 16 {
		out = append(out, fmt.Sprintf("%d-bit samples reduced to 16-bit", src.Bits))
	}
	if t.Mono && src.Channels > 1 {
		out = append(out, fmt.Sprintf("mixed %s down to mono", channelName(src.Channels)))
	}
	if t.Rate > 0 && t.Rate < src.Rate {
		out = append(out, fmt.Sprintf("resampled %s to %s", khz(src.Rate), khz(t.Rate)))
	}
	return out
}

// resampleInterleaved resamples each channel of interleaved pcm.
func resampleInterleaved(pcm []int16, channels, from, to int) []int16 {
	chans := make([][]int16, channels)
	for c := range chans {
		mono := make([]int16, len(pcm)/channels)
		for i := range mono {
			mono[i] = pcm[i*channels+c]
		}
		chans[c] = Resample(mono, from, to)
	}
	out := make([]int16, len(chans[0])*channels)
	for i := range chans[0] {
		for c := range chans {
			out[i*channels+c] = chans[c][i]
		}
	}
	return out
}

func channelName(n int) string {
	if n == 2 {
		return "stereo"
	}
	return fmt.Sprintf("%d channels", n)
}

// khz writes 44100 as "44.1 kHz" and 16000 as "16 kHz".
func khz(rate int) string {
	if rate%1000 == 0 {
		return fmt.Sprintf("%d kHz", rate/1000)
	}
	return fmt.Sprintf("%.1f kHz", float64(rate)/1000)
}
