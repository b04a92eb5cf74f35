// Package static holds the browser assets, embedded in the binary: vendored
// htmx 2.x and Pico CSS (see `make vendor-assets`) and Shortlist's own small
// stylesheet and script. Assets are served under a content-hash path so they
// can be cached forever and still change on upgrade.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed *.css *.js
var files embed.FS

// hashes maps a file name to the first hex digits of its content hash.
var hashes = func() map[string]string {
	m := map[string]string{}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		b, _ := fs.ReadFile(files, e.Name())
		sum := sha256.Sum256(b)
		m[e.Name()] = hex.EncodeToString(sum[:6])
	}
	return m
}()

// Prefix is where the handler is mounted.
const Prefix = "/static/"

// Path is the URL of an asset, e.g. Path("htmx.min.js").
func Path(name string) string {
	return Prefix + hashes[name] + "/" + name
}

// Handler serves /static/{hash}/{name}. A stale hash still gets the current
// file (a page cached across an upgrade keeps working) but is not cached.
func Handler() http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := strings.TrimPrefix(r.URL.Path, Prefix)
		hash, name, ok := strings.Cut(rest, "/")
		if !ok || hashes[name] == "" {
			http.NotFound(w, r)
			return
		}
		if hash == hashes[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		fileServer.ServeHTTP(w, r2)
	})
}
