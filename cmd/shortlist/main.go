// Command shortlist is Shortlist: candidate matching for recruiters whose
// company runs Greenhouse. One binary holds the web app, the sync, a
// Greenhouse simulator for the demo and tests, and the admin commands.
//
//	shortlist demo    the app wired to the built-in simulator (make run)
//	shortlist serve   the real service, syncing a Greenhouse account
//	shortlist sim     the Greenhouse simulator alone
//	shortlist sync    one sync run, with progress on the terminal
//	shortlist reindex rebuild the search index from the database
//	shortlist user    add an account
//	shortlist token   create a personal API token
//	shortlist assessment-key  create a key for Greenhouse's assessment calls
//	shortlist eval    score the rankers on a labelled evaluation set
//	shortlist audit   bias audit of the ranking from Greenhouse's EEOC answers
//
// Run `shortlist help` for the full list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.LookupEnv}
	err := m.Run(ctx, os.Args[1:])
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "shortlist:", err)
		}
		os.Exit(exitCode(err))
	}
}

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) || errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

var errUsage = errors.New("usage")

// Main is the program, with its environment made explicit so tests can run
// it in-process.
type Main struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Getenv         func(string) (string, bool)
}

type command struct {
	name, summary string
	run           func(m *Main, ctx context.Context, args []string) error
}

func (m *Main) commands() []command {
	return []command{
		{"demo", "start the app on the built-in Greenhouse simulator with generated data", (*Main).demo},
		{"serve", "run the service, syncing a real Greenhouse account", (*Main).serve},
		{"sim", "run the Greenhouse simulator alone", (*Main).sim},
		{"sync", "run one sync now, with progress", (*Main).syncCmd},
		{"reindex", "rebuild the search index from the database", (*Main).reindex},
		{"user", "add an account: user add --email E --role owner|recruiter", (*Main).user},
		{"token", "create a personal API token: token create --email E", (*Main).token},
		{"assessment-key", "create a key Greenhouse calls the Assessment Partner API with: assessment-key create", (*Main).assessmentKey},
		{"eval", "score the rankers on a labelled set: eval --set FILE [--train FILE | --folds K] [--json]", (*Main).evalCmd},
		{"audit", "bias audit of the ranking (EEOC impact ratios): audit [--job ID] [--json]", (*Main).auditCmd},
		{"version", "print the version", func(m *Main, _ context.Context, _ []string) error {
			fmt.Fprintln(m.Stdout, "shortlist", version)
			return nil
		}},
	}
}

// Run runs the command named by args[0].
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage()
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range m.commands() {
		if c.name == args[0] {
			return c.run(m, ctx, args[1:])
		}
	}
	m.usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func (m *Main) usage() {
	fmt.Fprintf(m.Stderr, "Shortlist %s: candidate matching for Greenhouse.\n\nUsage: shortlist <command> [flags]\n\nCommands:\n", version)
	for _, c := range m.commands() {
		fmt.Fprintf(m.Stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(m.Stderr, "\nRun 'shortlist <command> -h' for a command's flags. Settings also come from the environment (see README).\n")
}

// flags returns a FlagSet that reports errors instead of exiting.
func (m *Main) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: shortlist %s %s\n\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// logger logs to stderr as text.
func (m *Main) logger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
}
