package app

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"path/filepath"

	"golang.org/x/crypto/acme/autocert"
)

// TLS returns the server's TLS configuration, or nil to serve plain HTTP
// (behind a reverse proxy that terminates TLS, or on loopback). With ACME
// hosts it also returns a handler for plain HTTP that answers Let's
// Encrypt's http-01 challenges and redirects everything else to HTTPS.
func (c Config) TLS() (*tls.Config, http.Handler, error) {
	switch {
	case c.TLSCert != "":
		cert, err := tls.LoadX509KeyPair(c.TLSCert, c.TLSKey)
		if err != nil {
			return nil, nil, fmt.Errorf("load the TLS certificate: %w", err)
		}
		return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil, nil
	case len(c.ACMEHosts) > 0:
		m := &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			HostPolicy: autocert.HostWhitelist(c.ACMEHosts...),
			Cache:      autocert.DirCache(filepath.Join(c.DataDir, "acme")),
			Email:      c.ACMEEmail,
		}
		tc := m.TLSConfig()
		tc.MinVersion = tls.VersionTLS12
		return tc, m.HTTPHandler(nil), nil
	}
	return nil, nil, nil
}
