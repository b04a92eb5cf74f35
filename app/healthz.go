package app

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"github.com/shortlist-hq/shortlist/app/ingest"
)

// health is the /healthz document.
type health struct {
	Status string `json:"status"` // ok | error
	// Connected reports whether Greenhouse credentials are configured, and
	// Version which Harvest API they use.
	Connected bool   `json:"connected"`
	Version   string `json:"api_version,omitempty"`
	// Records counts synced rows per table.
	Records map[string]int `json:"records"`
	Resumes struct {
		Total    int `json:"total"`
		WithText int `json:"with_text"`
		Failed   int `json:"failed"`
		Pending  int `json:"pending"`
	} `json:"resumes"`
	LastSync *lastSync       `json:"last_sync"`
	Sync     ingest.Progress `json:"sync"`
	// Sweeps are the latest removals by full syncs (rows Greenhouse no
	// longer listed), refused ones included, newest first.
	Sweeps []sweep `json:"sweeps"`
	// ScoreWriteback is the match score written back to Greenhouse, and
	// Assessments the Assessment Partner's tests (healthz_scores.go).
	ScoreWriteback *writebackHealth  `json:"score_writeback,omitempty"`
	Assessments    *assessmentHealth `json:"assessments,omitempty"`
	Error          string            `json:"error,omitempty"`
}

type sweep struct {
	Resource string    `json:"resource"`
	At       time.Time `json:"at"`
	Stored   int       `json:"stored"`  // rows when the walk ended
	Seen     int       `json:"seen"`    // rows the walk listed
	Removed  int       `json:"removed"` // rows deleted
	Outcome  string    `json:"outcome"` // done | refused | forced
}

type lastSync struct {
	Kind       string    `json:"kind"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Outcome    string    `json:"outcome"` // running | ok | failed | cancelled
	Error      string    `json:"error,omitempty"`
	Records    int       `json:"records"`
	Files      int       `json:"files"`
}

// healthz answers whether the service works: {"status":"ok"}, or 503 with
// {"status":"error"} when the database cannot be read. That is all anyone
// may learn; an owner, logged in or with an API token, gets the full
// report (healthReport): record counts, resume texts, the last sync and
// its error.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	if s.ownerAsking(r) {
		s.healthReport(w, r)
		return
	}
	status, h := http.StatusOK, map[string]string{"status": "ok"}
	if _, err := s.DB.SchemaUpToDate(r.Context()); err != nil {
		s.log.Error("health check: database unreadable", slog.Any("error", err))
		status, h["status"] = http.StatusServiceUnavailable, "error"
	}
	writeHealth(w, status, h)
}

// ownerAsking reports whether the request comes from an owner: by API
// token if it has an Authorization header, else by session cookie. It only
// reads the session: it never sets a cookie.
func (s *server) ownerAsking(r *http.Request) bool {
	ctx := r.Context()
	if tok, ok := bearerToken(r); ok {
		acct, _, err := s.DB.AccountByTokenHash(ctx, hashToken(tok))
		return err == nil && isOwner(&acct)
	}
	if _, err := r.Cookie(sessionCookie); err != nil {
		return false
	}
	store, err := s.cookieStore(ctx)
	if err != nil {
		return false
	}
	sess, _ := store.New(r, sessionCookie)
	st := &sessionState{sess: sess}
	return s.resolveAccount(r, st) == nil && isOwner(st.account)
}

func writeHealth(w http.ResponseWriter, status int, h any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(h)
}

// healthReport reports whether the service works, what it holds and how
// the last sync went. It answers 503 only when the database cannot be read.
func (a *App) healthReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h := health{Status: "ok"}
	status := http.StatusOK
	var err error
	fail := func(err error) {
		h.Status, h.Error = "error", err.Error()
		status = http.StatusServiceUnavailable
	}
	if counts, err := a.DB.Counts(ctx); err != nil {
		fail(err)
	} else {
		h.Records = counts
	}
	if tc, err := a.DB.TextCounts(ctx); err != nil {
		fail(err)
	} else {
		h.Resumes.Total, h.Resumes.WithText, h.Resumes.Failed, h.Resumes.Pending = tc.Resumes, tc.ResumesWithText, tc.Failed, tc.Pending
	}
	if runs, err := a.DB.LastSyncRuns(ctx, 1); err != nil {
		fail(err)
	} else if len(runs) > 0 {
		r := runs[0]
		h.LastSync = &lastSync{Kind: r.Kind, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Outcome: r.Outcome,
			Error: r.Error, Records: r.Records, Files: r.Files}
	}
	h.Sweeps = []sweep{}
	// Enough for every table one run sweeps: a run against empty lists is
	// refused in all of them, and the first refusals matter most.
	if sws, err := a.DB.RecentSweeps(ctx, 30); err != nil {
		fail(err)
	} else {
		for _, sw := range sws {
			h.Sweeps = append(h.Sweeps, sweep{Resource: sw.Resource, At: sw.At, Stored: sw.Stored, Seen: sw.Seen,
				Removed: sw.Removed, Outcome: sw.Outcome})
		}
	}
	if h.ScoreWriteback, h.Assessments, err = a.scoresHealth(ctx); err != nil {
		fail(err)
	}
	a.mu.RLock()
	if a.gh != nil {
		h.Connected, h.Version = true, a.gh.Version()
	}
	s := a.sync
	a.mu.RUnlock()
	if s != nil {
		h.Sync = s.Status()
	}
	writeHealth(w, status, h)
}
