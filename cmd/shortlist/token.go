package main

import (
	"context"
	"fmt"

	"github.com/shortlist-hq/shortlist/app"
)

// token manages personal API tokens: `shortlist token create --email E`.
func (m *Main) token(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(m.Stderr, "Usage: shortlist token create --email E [--name N] [--data DIR]")
		return errUsage
	}
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("token create", "--email E [--name N] [--data DIR]")
	email := fs.String("email", "", "the account the token acts as")
	name := fs.String("name", "", "what the token is for, e.g. \"weekly report script\"")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errUsage
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel), DatabaseOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	tok, _, err := a.CreateToken(ctx, *email, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "API token for %s (shown once; send it as 'Authorization: Bearer <token>'):\n", *email)
	fmt.Fprintln(m.Stdout, tok)
	return nil
}
