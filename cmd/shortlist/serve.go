package main

import (
	"context"
	"fmt"
	"net"

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
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel)
	a, err := app.Open(ctx, cfg, app.Options{Logger: log})
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(m.Stdout, "Shortlist listening on http://%s\n", ln.Addr())
	return a.Serve(ctx, ln)
}
