package providers

import "regexp"

// urlUserinfo matches the userinfo of a URL ("user:secret@" after the
// scheme), which --base-url http://user:secret@host/v1 puts in every error
// that quotes the endpoint.
var urlUserinfo = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@"'<>]+@`)

// secretParam matches a query parameter whose name looks like it holds a
// credential (key, api_key, token, access_token, secret, password, sig,
// signature, auth, credential, …) up to the end of its value. Gemini-style
// ?key= endpoints and pre-signed URLs carry secrets this way.
var secretParam = regexp.MustCompile(`(?i)([?&;][a-z0-9_.\-]*(?:key|token|secret|passw|pwd|sig|auth|credential|session)[a-z0-9_.\-]*=)[^&#\s"'<>]+`)

// RedactURLs returns s with the credentials that URLs in it carry replaced
// by "[redacted]": userinfo ("http://[redacted]@host/v1") and the values of
// secret-looking query parameters ("?key=[redacted]"). It works on any text
// (an error line, a log message, a stored error), not only on a bare URL,
// and leaves everything else as it was. Redact applies it too.
func RedactURLs(s string) string {
	s = urlUserinfo.ReplaceAllString(s, "${1}[redacted]@")
	return secretParam.ReplaceAllString(s, "${1}[redacted]")
}
