package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/db"
)

// DemoOwner is the demo's owner account.
const DemoOwner = "owner@example.com"

// demoState is kept in the data directory so that a second run regenerates
// exactly the Greenhouse data the first one synced.
type demoState struct {
	Seed       int64     `json:"seed"`
	Candidates int       `json:"candidates"`
	Epoch      time.Time `json:"epoch"`
}

// demo starts the built-in simulator and the app wired to it, syncs, and
// serves.
func (m *Main) demo(ctx context.Context, args []string) error {
	cfg, err := m.config()
	if err != nil {
		return err
	}
	fs := m.flags("demo", "[flags]")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "data directory (reused by a second run)")
	candidates := fs.Int("candidates", simulator.DefaultCandidates, "number of generated candidates")
	seed := fs.Int64("seed", 1, "random seed for the generated company")
	changeEvery := fs.Duration("change-every", 20*time.Second, "how often the simulated company changes (new applications, stage moves, hires); 0: never")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := m.logger(cfg.LogLevel)
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	st, err := loadDemoState(cfg.DataDir, *seed, *candidates)
	if err != nil {
		return err
	}

	// The simulator: quiet, at Greenhouse's default rate limits.
	sim, err := simulator.New(simulator.Config{Seed: st.Seed, Candidates: st.Candidates, Epoch: st.Epoch, Logger: log.With("component", "simulator")})
	if err != nil {
		return err
	}
	simLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the simulator: %w", err)
	}
	simURL := "http://" + simLn.Addr().String()
	sim.SetBaseURL(simURL)
	simCtx, stopSim := context.WithCancel(context.WithoutCancel(ctx))
	defer stopSim()
	go sim.Serve(simCtx, simLn)

	sc := sim.Config()
	cfg.Demo = true
	cfg.Greenhouse = app.Greenhouse{APIURL: simURL, TokenURL: simURL + "/token", ClientID: sc.ClientID, ClientSecret: sc.ClientSecret}
	bar := newProgressBar(m.Stderr)
	a, err := app.Open(ctx, cfg, app.Options{Logger: log, Progress: bar.Update})
	if err != nil {
		return err
	}
	defer a.Close()

	fmt.Fprintf(m.Stderr, "Syncing the simulated Greenhouse account (%d candidates)...\n", st.Candidates)
	start := time.Now()
	sum, err := a.Sync(ctx, false)
	if s := a.Syncer(); s != nil {
		bar.Done(s.Status())
	}
	if err != nil {
		return fmt.Errorf("first sync failed: %w", err)
	}
	if _, err := a.Indexer.EnsureFresh(ctx, nil); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	fmt.Fprintf(m.Stderr, "Synced %d records and %d resumes, and indexed them, in %s.\n", sum.Records, sum.Files, time.Since(start).Round(100*time.Millisecond))

	password, err := m.demoOwner(ctx, a)
	if err != nil {
		return err
	}
	if err := demoActor(ctx, a); err != nil {
		return err
	}
	if err := demoWriteback(ctx, a); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	fmt.Fprintf(m.Stdout, "\nShortlist demo is running at http://%s\n  Log in as %s with password %s\n  Greenhouse simulator: %s\n\n",
		ln.Addr(), DemoOwner, password, simURL)
	// The simulated Greenhouse announces its changes with signed webhooks,
	// as the real one does once an owner adds the hook.
	sim.AddWebhook(simCtx, simulator.Webhook{
		URL: "http://" + ln.Addr().String() + app.WebhookPath,
		SecretFunc: func() string {
			s, _, err := a.WebhookSecret(simCtx)
			if err != nil {
				log.Error("demo webhook secret", slog.Any("error", err))
			}
			return s
		},
	})
	// The simulated Greenhouse has Shortlist installed as its Assessment
	// Partner: candidates entering a "Shortlist match" stage are sent to
	// the app, which scores them and tells Greenhouse.
	if err := demoAssessments(simCtx, a, sim, "http://"+ln.Addr().String()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "  Assessment Partner: candidates in a %q stage are scored via http://%s%s\n"+
		"  Scores are written to the simulator's %q application field (My Company → Score in Greenhouse)\n\n",
		simulator.AssessmentStageName, ln.Addr(), app.AssessmentPath, simulator.ShortlistScoreField)
	if *changeEvery > 0 {
		go sim.Run(simCtx, *changeEvery)
	}
	err = a.Serve(ctx, ln)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// demoOwner makes sure the demo owner exists and has a known password:
// SHORTLIST_DEMO_PASSWORD, or a fresh random one printed at start.
func (m *Main) demoOwner(ctx context.Context, a *app.App) (string, error) {
	password, ok := m.Getenv("SHORTLIST_DEMO_PASSWORD")
	if !ok || password == "" {
		password = app.RandomSecret(12)
	}
	acct, err := a.DB.AccountByEmail(ctx, DemoOwner)
	switch {
	case errors.Is(err, db.ErrNotFound):
		_, err = a.AddUser(ctx, DemoOwner, "Demo Owner", db.RoleOwner, password)
	case err == nil:
		err = a.SetPassword(ctx, acct.ID, password)
	}
	if err != nil {
		return "", fmt.Errorf("demo owner: %w", err)
	}
	return password, nil
}

// demoActor links the demo owner to a site admin of the simulated company,
// so adding candidates to jobs and writing notes work out of the box (the
// owner's email is no Greenhouse user's). A link an owner chose is kept.
func demoActor(ctx context.Context, a *app.App) error {
	acct, err := a.DB.AccountByEmail(ctx, DemoOwner)
	if err != nil {
		return fmt.Errorf("demo owner: %w", err)
	}
	if u, err := a.DB.GreenhouseUserFor(ctx, acct.ID); err == nil && !u.Deactivated {
		return nil
	}
	users, err := a.DB.GreenhouseUserOptions(ctx)
	if err != nil {
		return fmt.Errorf("demo owner: %w", err)
	}
	for _, u := range users {
		if u.SiteAdmin && !u.Deactivated {
			if err := a.DB.SetGreenhouseUser(ctx, acct.ID, u.ID); err != nil {
				return fmt.Errorf("demo owner: %w", err)
			}
			return nil
		}
	}
	return errors.New("demo owner: the simulated company has no active site admin to act as")
}

func loadDemoState(dir string, seed int64, candidates int) (demoState, error) {
	path := filepath.Join(dir, "demo.json")
	want := demoState{Seed: seed, Candidates: candidates}
	b, err := os.ReadFile(path)
	if err == nil {
		var st demoState
		if err := json.Unmarshal(b, &st); err != nil {
			return st, fmt.Errorf("read %s: %w", path, err)
		}
		if st.Seed == seed && st.Candidates == candidates {
			return st, nil
		}
		slog.Warn("demo settings changed; the simulated company is new", "was_seed", st.Seed, "was_candidates", st.Candidates)
	} else if !errors.Is(err, os.ErrNotExist) {
		return want, fmt.Errorf("read %s: %w", path, err)
	}
	want.Epoch = time.Now().UTC().Truncate(time.Hour)
	b, _ = json.MarshalIndent(want, "", "  ")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return want, fmt.Errorf("write %s: %w", path, err)
	}
	return want, nil
}

// demoAssessmentKeyName names the key the demo gives the simulator; each
// start revokes the last start's.
const demoAssessmentKeyName = "Greenhouse simulator (demo)"

// demoAssessments connects the simulated Greenhouse to the app's
// Assessment Partner API with a fresh key.
func demoAssessments(ctx context.Context, a *app.App, sim *simulator.Sim, base string) error {
	if _, err := a.DB.RevokeAssessmentKeysNamed(ctx, demoAssessmentKeyName); err != nil {
		return err
	}
	key, _, err := a.CreateAssessmentKey(ctx, demoAssessmentKeyName)
	if err != nil {
		return fmt.Errorf("demo assessment key: %w", err)
	}
	return sim.ConnectAssessmentPartner(ctx, simulator.AssessmentPartner{URL: base + app.AssessmentPath, Key: key})
}

// demoWriteback sends scores to the simulator's "Shortlist score" field
// hourly, unless an owner has set write-back up already.
func demoWriteback(ctx context.Context, a *app.App) error {
	// The simulator starts afresh each time, without the scores written
	// before: write them all again.
	if err := a.DB.ForgetScoreWrites(ctx); err != nil {
		return err
	}
	if s, err := a.DB.Setting(ctx, app.SettingWritebackSchedule); err != nil || s != "" {
		return err
	}
	fields, err := a.ApplicationCustomFields(ctx)
	if err != nil {
		return fmt.Errorf("demo score write-back: %w", err)
	}
	for _, f := range fields {
		if f.NameKey == simulator.ShortlistScoreKey {
			return a.SaveWritebackSettings(ctx, app.WritebackSettings{Field: f, Scale: app.ScalePercent, Schedule: app.ScheduleHourly})
		}
	}
	return fmt.Errorf("demo score write-back: the simulator has no %q field", simulator.ShortlistScoreField)
}
