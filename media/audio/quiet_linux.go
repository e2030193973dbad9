//go:build linux && cgo

package audio

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <pthread.h>

// libasound reports errors by printf-ing to stderr from C unless a handler
// is installed. miniaudio dlopens libasound for its ALSA backend (tried when
// no PulseAudio server answers) and installs none, so an app with no sound
// server gets dozens of "ALSA lib conf.c:..." lines on its terminal.
typedef void (*parley_snd_error_handler)(const char *file, int line, const char *function, int err, const char *fmt, ...);
typedef int (*parley_snd_set_handler)(parley_snd_error_handler);

static void parley_snd_silent(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

static pthread_once_t parley_alsa_once = PTHREAD_ONCE_INIT;

static void parley_alsa_quiet_once(void) {
	// Loaded once and never closed, so the handler stays installed in the
	// same library instance miniaudio's later dlopen gets.
	void *h = dlopen("libasound.so.2", RTLD_NOW | RTLD_GLOBAL);
	if (h == NULL) {
		h = dlopen("libasound.so", RTLD_NOW | RTLD_GLOBAL);
	}
	if (h == NULL) {
		return; // no ALSA: nothing will print
	}
	parley_snd_set_handler set = (parley_snd_set_handler)dlsym(h, "snd_lib_error_set_handler");
	if (set != NULL) {
		set(parley_snd_silent);
	}
}

static void parley_alsa_quiet(void) {
	pthread_once(&parley_alsa_once, parley_alsa_quiet_once);
}
*/
import "C"

// quietNativeLogs stops libasound from printing to fd 2. It is idempotent
// and cheap after the first call.
func quietNativeLogs() { C.parley_alsa_quiet() }
