package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/shortlist-hq/shortlist/db"
)

// Shortlist is a Greenhouse Assessment Partner (greenhouse.md §3): a job's
// interview plan gets a stage with the test "Shortlist match: <job>", and
// when a candidate reaches it Greenhouse calls send_test; Shortlist ranks
// the candidate against the job as soon as it has the resume (fetching the
// candidate from Harvest when it has not synced them yet), answers
// test_status with the score on the job's curve, a link to the Match page
// and a summary, and PATCHes the url Greenhouse gave it so that Greenhouse
// asks at once rather than at its next hourly poll.
//
// Greenhouse authenticates with HTTP Basic: the user name is a key
// Shortlist issued (My Company, or `shortlist assessment-key create`), the
// password blank. Only the keys' hashes are stored.

// AssessmentPath is where the Assessment Partner API is served:
// AssessmentPath + "/list_tests", "/send_test", "/test_status" and
// "/response_error".
const AssessmentPath = "/assessment"

// assessmentKeyPrefix starts every key, so a leaked one is recognisable.
const assessmentKeyPrefix = "sla_"

// assessmentTestPrefix starts every test's name.
const assessmentTestPrefix = "Shortlist match: "

// CreateAssessmentKey issues a key for Greenhouse. The key is returned
// once; only its hash is stored.
func (a *App) CreateAssessmentKey(ctx context.Context, name string) (string, db.AssessmentKey, error) {
	name = strings.TrimSpace(name)
	if len([]rune(name)) > 100 {
		return "", db.AssessmentKey{}, invalid("the key's name must have at most 100 characters")
	}
	key := assessmentKeyPrefix + RandomSecret(32)
	k, err := a.DB.CreateAssessmentKey(ctx, name, key[:len(assessmentKeyPrefix)+6], hashToken(key))
	return key, k, err
}

// RotateAssessmentKey replaces a live key with a new one (the old one
// stops working at once) and returns the new key, once.
func (a *App) RotateAssessmentKey(ctx context.Context, id int64) (string, db.AssessmentKey, error) {
	key := assessmentKeyPrefix + RandomSecret(32)
	k, err := a.DB.RotateAssessmentKey(ctx, id, key[:len(assessmentKeyPrefix)+6], hashToken(key))
	return key, k, err
}

// assessor runs the assessments in the background.
type assessor struct {
	wake chan struct{}
	// client PATCHes Greenhouse's callbacks.
	client *http.Client
}

func newAssessor() *assessor {
	return &assessor{wake: make(chan struct{}, 1), client: &http.Client{Timeout: 30 * time.Second}}
}

// poke asks the worker to look for due work now.
func (as *assessor) poke() {
	select {
	case as.wake <- struct{}{}:
	default:
	}
}

// assessmentBatch is how many due requests one round takes.
const assessmentBatch = 50

// assessLoop works on due requests until ctx ends.
func (a *App) assessLoop(ctx context.Context) {
	for {
		if _, err := a.ProcessAssessments(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("assessments", slog.Any("error", err))
		}
		wait := time.Minute
		if next, err := a.DB.NextAssessmentDue(ctx); err == nil && !next.IsZero() {
			wait = min(max(time.Until(next), 50*time.Millisecond), time.Minute)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-a.assess.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// ProcessAssessments works on every request with work due: it scores the
// pending ones it can and PATCHes the callbacks of completed ones. It
// returns how many requests it completed or notified.
func (a *App) ProcessAssessments(ctx context.Context) (int, error) {
	done := 0
	for {
		due, err := a.DB.DueAssessmentRequests(ctx, a.DB.Now(), assessmentBatch)
		if err != nil || len(due) == 0 {
			return done, err
		}
		for _, r := range due {
			if err := ctx.Err(); err != nil {
				return done, err
			}
			ok, err := a.assessOne(ctx, r)
			if err != nil {
				return done, err
			}
			if ok {
				done++
			}
		}
		if len(due) < assessmentBatch {
			return done, nil
		}
	}
}

// assessmentRetry is how long a request waits after n failed tries: 5 s, doubling,
// at most an hour (Greenhouse asks for 8 weeks).
func assessmentRetry(n int) time.Duration {
	return min(5*time.Second<<min(n, 10), time.Hour)
}

// assessOne works on one due request. It returns an error only when the
// database fails; anything else leaves the request pending with a reason.
func (a *App) assessOne(ctx context.Context, r db.AssessmentRequest) (bool, error) {
	if r.Status == db.AssessmentComplete {
		return a.notifyAssessment(ctx, r)
	}
	wait := func(why string) (bool, error) {
		return false, a.DB.DeferAssessmentRequest(ctx, r.ID, why, a.DB.Now().Add(assessmentRetry(r.Attempts)))
	}
	jd, err := a.DB.JobDetail(ctx, r.JobID)
	if errors.Is(err, db.ErrNotFound) {
		return wait(fmt.Sprintf("job %d is not synced yet", r.JobID))
	}
	if err != nil {
		return false, err
	}
	cand, app := r.CandidateID, r.ApplicationID
	if cand == 0 && r.Email != "" {
		if cand, err = a.DB.CandidateIDByEmail(ctx, r.Email); err != nil && !errors.Is(err, db.ErrNotFound) {
			return false, err
		}
	}
	if cand == 0 {
		return wait("no candidate has the email " + r.Email + " yet")
	}
	prof, err := a.DB.CandidateProfile(ctx, cand)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return false, err
	}
	hasApp := err == nil && applicationIn(prof, app, r.JobID)
	if !hasApp {
		// Greenhouse sends a test as soon as the candidate enters the
		// stage, often before a webhook or sync brought them: read them
		// from Harvest now.
		if sy := a.Syncer(); sy != nil {
			if _, ferr := sy.FetchCandidates(ctx, []int64{cand}); ferr != nil {
				a.log.Warn("assessment: fetching the candidate failed", slog.Int64("candidate_id", cand), slog.Any("error", ferr))
			}
			if prof, err = a.DB.CandidateProfile(ctx, cand); err != nil && !errors.Is(err, db.ErrNotFound) {
				return false, err
			}
			hasApp = err == nil && applicationIn(prof, app, r.JobID)
		}
	}
	if errors.Is(err, db.ErrNotFound) {
		return wait(fmt.Sprintf("candidate %d is not in Greenhouse's data yet", cand))
	}
	if !hasApp {
		return wait(fmt.Sprintf("candidate %d has no application to job %d yet", cand, r.JobID))
	}
	if app == 0 {
		if app, err = a.DB.ApplicationToJob(ctx, cand, r.JobID); err != nil {
			return false, err
		}
	}
	if cand != r.CandidateID || app != r.ApplicationID {
		if err := a.DB.LinkAssessmentRequest(ctx, r.ID, cand, app); err != nil {
			return false, err
		}
	}
	if prof.Resume.Text == "" {
		if sy := a.Syncer(); sy != nil {
			sy.FetchResumes(ctx)
			if prof, err = a.DB.CandidateProfile(ctx, cand); err != nil {
				return false, err
			}
		}
		if prof.Resume.Text == "" {
			return wait("the candidate's resume has not been read yet")
		}
	}
	// The candidate's document must be in the index before the ranking.
	if _, err := a.Indexer.Drain(ctx); err != nil {
		return wait("the search index is not ready: " + err.Error())
	}
	curve, err := a.jobCurve(ctx, jd)
	if err != nil {
		return wait("ranking failed: " + err.Error())
	}
	raw, ok := curve.Scores[cand]
	if !ok {
		return wait("the candidate is not ranked for the job yet")
	}
	m, err := a.matchResult(ctx, curve.Job.Text, prof.Resume.Text)
	if err != nil {
		return wait("matching failed: " + err.Error())
	}
	score := math.Round(curve.Percent(raw))
	if err := a.DB.CompleteAssessmentRequest(ctx, r.ID, score, raw, assessmentMetadata(jd, curve, cand, m)); err != nil {
		return false, err
	}
	a.log.Info("assessment scored", slog.String("partner_interview_id", r.ID), slog.Int64("job_id", r.JobID),
		slog.Int64("candidate_id", cand), slog.Float64("score", score))
	r.Status = db.AssessmentComplete
	if r.CallbackURL == "" {
		return true, nil
	}
	return a.notifyAssessment(ctx, r)
}

// applicationIn reports whether the profile holds the application (or,
// app 0, any application to the job).
func applicationIn(p db.CandidateProfile, app, jobID int64) bool {
	for _, x := range p.Applications {
		if (app != 0 && x.ID == app) || (app == 0 && slices.Contains(x.JobIDs(), jobID)) {
			return true
		}
	}
	return false
}

// notifyAssessment PATCHes Greenhouse's callback (no body), which makes
// Greenhouse ask test_status now.
func (a *App) notifyAssessment(ctx context.Context, r db.AssessmentRequest) (bool, error) {
	if r.CallbackURL == "" || !r.NotifiedAt.IsZero() {
		return false, nil
	}
	err := func() error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPatch, r.CallbackURL, nil)
		if err != nil {
			return err
		}
		req.Header.Set("User-Agent", "Shortlist (+https://github.com/shortlist-hq/shortlist)")
		resp, err := a.assess.client.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return err
		}
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return fmt.Errorf("Greenhouse answered HTTP %d", resp.StatusCode)
		}
		return nil
	}()
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		a.log.Warn("assessment: telling Greenhouse the result is ready failed; will retry", slog.String("partner_interview_id", r.ID),
			slog.Any("error", err))
		return false, a.DB.AssessmentNotified(ctx, r.ID, err.Error(), a.DB.Now().Add(assessmentRetry(r.Attempts)))
	}
	return true, a.DB.AssessmentNotified(ctx, r.ID, "", time.Time{})
}

// callbackAllowed reports whether Shortlist may PATCH u: an https address
// of Greenhouse's, or one on the connected Greenhouse API's host (the
// simulator, a proxy). Anything else would let a key holder make Shortlist
// call arbitrary addresses.
func (a *App) callbackAllowed(ctx context.Context, u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" || pu.User != nil {
		return false
	}
	host := strings.ToLower(pu.Hostname())
	if pu.Scheme == "https" && (host == "greenhouse.io" || strings.HasSuffix(host, ".greenhouse.io")) {
		return true
	}
	conn, err := a.Connection(ctx)
	if err != nil || conn.APIURL == "" {
		return false
	}
	api, err := url.Parse(conn.APIURL)
	return err == nil && strings.EqualFold(api.Scheme, pu.Scheme) && strings.EqualFold(api.Host, pu.Host)
}

// parseProfileURL reads the candidate and application ids of
// greenhouse_profile_url: https://app.greenhouse.io/people/{id}?application_id={id}.
func parseProfileURL(s string) (candidate, application int64) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return 0, 0
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "people" {
			candidate, _ = strconv.ParseInt(parts[i+1], 10, 64)
		}
	}
	application, _ = strconv.ParseInt(u.Query().Get("application_id"), 10, 64)
	if candidate < 0 || application < 0 {
		return 0, 0
	}
	return candidate, application
}

// assessmentKeyKey carries the calling key in the request context.
type assessmentKeyKey struct{}

// assessmentRoutes are the Assessment Partner API's routes.
func (s *server) assessmentRoutes(r chi.Router) {
	r.Use(s.requireAssessmentKey)
	r.Get("/list_tests", s.assessmentListTests)
	r.Post("/send_test", s.assessmentSendTest)
	r.Get("/test_status", s.assessmentTestStatus)
	r.Post("/response_error", s.assessmentResponseError)
}

// requireAssessmentKey admits calls whose HTTP Basic user name is a live
// key (the password is blank, and ignored).
func (s *server) requireAssessmentKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _, ok := r.BasicAuth()
		if !ok || key == "" {
			w.Header().Set("WWW-Authenticate", `Basic realm="Shortlist assessments"`)
			assessmentError(w, http.StatusUnauthorized, "send the API key Shortlist issued as the HTTP Basic user name, with a blank password")
			return
		}
		k, err := s.DB.AssessmentKeyByHash(r.Context(), hashToken(key))
		if errors.Is(err, db.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Basic realm="Shortlist assessments"`)
			assessmentError(w, http.StatusUnauthorized, "invalid or revoked API key")
			return
		}
		if err != nil {
			s.log.Error("assessment: check key", slog.Any("error", err))
			assessmentError(w, http.StatusInternalServerError, "internal error")
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), assessmentKeyKey{}, k)))
	})
}

// assessmentError answers an Assessment Partner call that failed.
func assessmentError(w http.ResponseWriter, status int, msg string) {
	writeAssessmentJSON(w, status, map[string]string{"error": msg})
}

// writeAssessmentJSON writes an Assessment Partner answer.
func writeAssessmentJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
}

// matchURL is the candidate's Match page for the job, absolute.
func matchURL(base string, jobID, candidateID int64) string {
	return fmt.Sprintf("%s/jobs/%d/candidates/%d/match", strings.TrimRight(base, "/"), jobID, candidateID)
}
