package cli

// Usage is `parley --help`.
const Usage = `parley: chat with multimodal models in the terminal.

Usage:
  parley [flags] [PROMPT...]      open the chat (PROMPT, if given, is sent first)
  parley -p [flags] [PROMPT...]   print mode: one reply to stdout, then exit
  ... | parley -p [PROMPT...]     piped stdin is appended to the prompt
  parley -p -a shot.png [PROMPT]  send a file (image or audio) with the prompt
  parley -p --record 5s [PROMPT]  record a voice note, send it, print the reply
  parley image [flags] PROMPT     draw a picture and write it to a file (-o)
  parley models [--provider NAME] list providers, whether each is usable, and
                                  their models with capabilities
  parley history [WORDS...]       list recent conversations (--limit N), or search them
  parley export [ID|last]         write a conversation (--format markdown|json, -o FILE)
  parley devices                  list audio inputs and outputs (* = default)
  parley doctor                   show what the terminal can draw, and why

Print mode is also used when stdout is not a terminal.

Flags:
  -p, --print            print mode
  -m, --model NAME       PROVIDER/MODEL, or MODEL for the default provider
                         (with image: the image model, e.g. openai/gpt-image-1)
      --provider NAME    provider to use (openai, anthropic, gemini, ollama or one
                         from the config file)
      --base-url URL     endpoint of the chosen provider (OpenAI-style URLs end in /v1)
  -a, --attach PATH      attach an image (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC) or
                         audio file (WAV, MP3, Ogg, FLAC); repeatable; - reads stdin.
                         The type is read from the bytes, not the name
      --record DURATION  print mode: record a voice note from the microphone for
                         DURATION (e.g. 5s); 0 records until Enter is pressed
  -c, --continue         continue the most recent conversation
  -r, --resume ID        continue conversation ID
      --no-save          keep nothing of this run (print mode, image)
      --image-protocol P how the chat draws images: auto, kitty, sixel, iterm2,
                         blocks or none (default: image_protocol in config, else auto)
      --config FILE      config file (default $XDG_CONFIG_HOME/parley/config.toml;
                         also $PARLEY_CONFIG)
      --data-dir DIR     data directory (default $XDG_DATA_HOME/parley;
                         also $PARLEY_DATA_DIR)
      --theme NAME       dark, light or auto
      --version          print the version
  -h, --help             show this help

Image flags (parley image):
  -o, --output FILE      where to write the picture (default ./parley-<id>.png;
                         a directory gets that name inside it)
      --size WxH         picture size, e.g. 1024x1536 (default: [images] size)

Keys come from OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY (or
GOOGLE_API_KEY), or a provider's api_key_env / api_key_cmd in the config file.
Ollama is found at OLLAMA_HOST (default http://127.0.0.1:11434).
`
