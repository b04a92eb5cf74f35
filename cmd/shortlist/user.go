package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/shortlist-hq/shortlist/app"
)

// user manages Shortlist accounts: `shortlist user add --email E --role R`.
func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(m.Stderr, "Usage: shortlist user add --email E --role owner|recruiter [--name N] [--data DIR]")
		return errUsage
	}
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("user add", "--email E --role owner|recruiter [--name N] [--data DIR]\n\nThe password is prompted for, or read from stdin when it is not a terminal.")
	email := fs.String("email", "", "the person's email (their login)")
	role := fs.String("role", "recruiter", "owner or recruiter")
	name := fs.String("name", "", "display name")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (SHORTLIST_DATA)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *email == "" {
		fs.Usage()
		return errUsage
	}
	password, err := m.readPassword("Password for " + *email + ": ")
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.Options{Logger: m.logger(cfg.LogLevel), DatabaseOnly: true})
	if err != nil {
		return err
	}
	defer a.Close()
	acct, err := a.AddUser(ctx, *email, *name, *role, password)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Added %s (%s).\n", acct.Email, acct.Role)
	return nil
}

// readPassword prompts on a terminal (twice, without echo) or reads one
// line from stdin.
func (m *Main) readPassword(prompt string) (string, error) {
	if f, ok := m.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(m.Stderr, prompt)
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(m.Stderr, "Again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", errors.New("the passwords do not match")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password given on stdin")
	}
	return line, nil
}
