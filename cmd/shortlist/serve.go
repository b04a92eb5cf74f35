package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"github.com/shortlist-hq/shortlist/app"
)

// config reads the environment, then lets flags override it.
func (m *Main) config() (app.Config, error) {
	return app.ConfigFromEnv(m.Getenv)
}

// serve runs the real service.
func (m *Main) serve(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("serve", "[flags]")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address (SHORTLIST_ADDR)")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	httpAddr := fs.String("http-addr", ":80", "with automatic certificates: where to answer Let's Encrypt challenges and redirect to HTTPS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel)
	tlsConfig, acmeHTTP, err := cfg.TLS()
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	scheme := "http"
	if tlsConfig != nil {
		ln = tls.NewListener(ln, tlsConfig)
		scheme = "https"
	}
	if acmeHTTP != nil {
		srv := cfg.HTTPServer(acmeHTTP, log)
		srv.Addr = *httpAddr
		go func() {
			if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("ACME challenge listener", slog.Any("error", err))
			}
		}()
		defer srv.Close()
	}
	fmt.Fprintf(m.Stdout, "Shortlist listening on %s://%s\n", scheme, ln.Addr())
	err = a.Serve(ctx, ln)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
