// Package providertest holds the fixtures the adapters' tests share: a
// recording httptest server, the SSE framing, the generate_image tool
// definition and the messages of one tool round trip. Only _test.go files
// import it.
package providertest
