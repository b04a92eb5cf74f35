package main

import (
	"context"
	"fmt"

	"github.com/shortlist-hq/shortlist/app"
)

// assessmentKey manages the keys Greenhouse calls the Assessment Partner
// API with: `shortlist assessment-key create [--name N] [--data DIR]`
// prints a new key on stdout.
func (m *Main) assessmentKey(ctx context.Context, args []string) error {
	const usage = "create [--name N] [--data DIR]"
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(m.Stderr, "Usage: shortlist assessment-key "+usage)
		return errUsage
	}
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("assessment-key create", "[--name N] [--data DIR]")
	name := fs.String("name", "Greenhouse", "what the key is for")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel), DatabaseOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	key, _, err := a.CreateAssessmentKey(ctx, *name)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "Assessment Partner API key (shown once; Greenhouse sends it as the HTTP Basic user name with a blank password,\n"+
		"to %s/list_tests, /send_test, /test_status and /response_error on this server):\n", app.AssessmentPath)
	fmt.Fprintln(m.Stdout, key)
	return nil
}
