package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Greenhouse's side of the Assessment Partner API (greenhouse.md §3): an
// interview plan stage holds a partner's test, and when a candidate enters
// that stage Greenhouse calls the partner's send_test, then asks
// test_status until the test is complete (hourly; or at once when the
// partner PATCHes the url send_test carried, the flow Greenhouse requires of
// integrations built since 2019). The result shows in the candidate's
// activity feed as a note of type TAKE_HOME_TEST (v3 GET /v3/notes, v1 the
// activity feed), the type Greenhouse's v3 reference lists for it, with the
// score, the partner's link and its metadata.
//
// About half the jobs (chosen by hashing the job id, so that no random
// number is drawn and the rest of the account is as it was) have the stage
// "Shortlist match" right after Application Review. In the generated
// history candidates pass it after a few days, and a few are never moved on;
// those still there (in open jobs) get their test once a partner is
// connected (ConnectAssessmentPartner), as do the candidates Step or
// AdvanceToAssessment moves into it later.

// AssessmentStageName is the interview plan stage that holds the partner's
// test.
const AssessmentStageName = "Shortlist match"

// Assessment statuses, as AssessmentResult.Status reports them.
const (
	AssessmentQueued   = "queued"   // the candidate is in the stage; the test is not sent yet
	AssessmentSent     = "sent"     // send_test answered; polling test_status
	AssessmentComplete = "complete" // test_status answered complete with a score
	AssessmentFailed   = "failed"   // the partner has no test for the job, or refused it
	AssessmentStopped  = "stopped"  // the application left the process before a result
)

// maxAssessmentAge is how long Greenhouse keeps asking for a result.
const maxAssessmentAge = 8 * 7 * 24 * time.Hour

// maxTime is later than any simulated time.
var maxTime = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// hasAssessment reports whether job id's interview plan has the assessment
// stage.
func hasAssessment(jobID int64) bool { return splitmix(uint64(jobID)^0xa55e55)%2 == 0 }

// addAssessmentStage puts the assessment stage into ji's plan right after
// Application Review, for the jobs that have one. It draws no random
// number.
func (g *gen) addAssessmentStage(ji *jobInfo, at time.Time) {
	if !hasAssessment(ji.job.ID) || len(ji.stages) < 2 {
		return
	}
	stg := &JobInterviewStage{Meta: Meta{CreatedAt: at, UpdatedAt: at}, JobID: ji.job.ID, Name: AssessmentStageName,
		SortOrder: ji.stages[1].SortOrder, Active: true}
	stg.Interviews = []JobInterview{{ID: g.st.newID(seqJobInterviews), Name: AssessmentStageName, KitID: g.st.newID(seqKits),
		KitContent: "<p>Greenhouse sends the candidate to Shortlist, which scores the resume against the job.</p>"}}
	for _, later := range ji.stages[1:] {
		later.SortOrder++
	}
	addRow(g, g.st.stages, resJobInterviewStages, stg, false)
	g.st.jobInterview[stg.Interviews[0].ID] = &stg.Interviews[0]
	ji.stages = slices.Insert(ji.stages, 1, stg)
}

// passAssessment plays the assessment stage of the generated history: the
// team reads the score and moves the candidate on after a few days (the
// decision is the next stage's). It reports false when the application
// stays in the stage (the horizon came first) or was closed with its job.
func (g *gen) passAssessment(r *rand.Rand, ji *jobInfo, a *Application, t, horizon time.Time) (time.Time, bool) {
	h := splitmix(uint64(a.ID) ^ 0x7e57)
	exit := ms(t.Add(6*time.Hour + time.Duration(h%uint64(5*24*time.Hour))))
	if (h>>40)%20 == 0 {
		// As in other stages, some applications are never moved on.
		exit = maxTime
	}
	if closed := ji.job.ClosedAt; !closed.IsZero() && exit.After(closed) {
		if !closed.After(horizon) {
			g.reject(r, a, "Position closed", latest(closed, t))
		}
		return t, false
	}
	if exit.After(horizon) {
		return t, false
	}
	g.exitStage(a, exit)
	return exit, true
}

// AssessmentPartner is an Assessment Partner installed in the simulated
// account: where Greenhouse calls it and with which key.
type AssessmentPartner struct {
	// URL is the partner's address: Greenhouse calls URL + "/list_tests",
	// "/send_test" and "/test_status".
	URL string
	// Key is the API key the partner issued; Greenhouse sends it as the
	// HTTP Basic user name with a blank password.
	Key string
	// PollEvery is how often test_status is asked while a test is pending
	// (default hourly, as Greenhouse). A PATCH to the test's url makes
	// Greenhouse ask at once.
	PollEvery time.Duration
	// Client sends the calls (default: a 30 s timeout).
	Client *http.Client
}

// AssessmentResult is one test Greenhouse sent, and what came of it.
type AssessmentResult struct {
	// TakeHomeTestID is Greenhouse's id of the test: send_test's url ends
	// with it.
	TakeHomeTestID                    int64
	ApplicationID, CandidateID, JobID int64
	PartnerTestID, PartnerTestName    string
	PartnerInterviewID                string
	Status                            string
	// Score, ProfileURL and Metadata are test_status's answer once
	// complete; NoteID is the activity feed note that shows them.
	Score      float64
	ProfileURL string
	Metadata   map[string]any
	NoteID     int64
	SentAt     time.Time
	DoneAt     time.Time
	// Polls counts test_status calls; Callbacks the partner's PATCHes.
	Polls, Callbacks int
	// Error is the last failure talking to the partner.
	Error string

	attempts int
	due      time.Time // wall clock: when to send or ask next
}

// assessments is the simulator's side of the partner integration.
type assessments struct {
	mu      sync.Mutex
	partner *AssessmentPartner
	byApp   map[int64]*AssessmentResult
	byID    map[int64]*AssessmentResult
	seq     int64
	wake    chan struct{}
	tests   []partnerTest
	testsAt time.Time
}

type partnerTest struct {
	ID   string `json:"partner_test_id"`
	Name string `json:"partner_test_name"`
}

// poke wakes the worker.
func (as *assessments) poke() {
	select {
	case as.wake <- struct{}{}:
	default:
	}
}

// ConnectAssessmentPartner installs p and, until ctx ends, sends a test to
// every candidate in an assessment stage (those there now and those who
// get there later), asks for results and records them. It may be called
// once per Sim.
func (s *Sim) ConnectAssessmentPartner(ctx context.Context, p AssessmentPartner) error {
	u, err := url.Parse(p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("simulator: the assessment partner URL %q is not an http(s) URL", p.URL)
	}
	if p.Key == "" {
		return errors.New("simulator: the assessment partner needs an API key")
	}
	p.URL = strings.TrimRight(p.URL, "/")
	if p.PollEvery <= 0 {
		p.PollEvery = time.Hour
	}
	if p.Client == nil {
		p.Client = &http.Client{Timeout: 30 * time.Second}
	}
	as := &s.assess
	as.mu.Lock()
	if as.partner != nil {
		as.mu.Unlock()
		return errors.New("simulator: an assessment partner is already connected")
	}
	as.partner = &p
	as.byApp, as.byID, as.wake = map[int64]*AssessmentResult{}, map[int64]*AssessmentResult{}, make(chan struct{}, 1)
	as.mu.Unlock()
	// Stage changes (and unrejections) may put a candidate in the stage.
	s.Subscribe(func(Event) { as.poke() })
	go s.runAssessments(ctx)
	return nil
}

// Assessments returns the tests sent so far, oldest first.
func (s *Sim) Assessments() []AssessmentResult {
	as := &s.assess
	as.mu.Lock()
	defer as.mu.Unlock()
	out := make([]AssessmentResult, 0, len(as.byID))
	for _, r := range as.byID {
		c := *r
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].TakeHomeTestID < out[j].TakeHomeTestID })
	return out
}

// AdvanceToAssessment moves an active application from the stage before
// the assessment stage (Application Review) into it, as a recruiter would,
// and announces it with candidate_stage_change: application id, or with id
// 0 the oldest application waiting there. It returns the application's id,
// or false when there is none to move.
func (s *Sim) AdvanceToAssessment(id int64) (int64, bool) {
	var moved int64
	s.write(func(rc *renderCtx) []Event {
		g, st := s.g, s.st
		for _, a := range st.applications.rows {
			if (id != 0 && a.ID != id) || !s.activeInOpenJob(a) {
				continue
			}
			ji := g.jobs[a.JobID]
			i := slices.IndexFunc(ji.stages, func(x *JobInterviewStage) bool { return x.ID == a.StageID })
			if i < 0 || i+1 >= len(ji.stages) || ji.stages[i+1].Name != AssessmentStageName {
				continue
			}
			c, _ := st.candidates.get(a.CandidateID)
			g.moveTo(s.stepRand, c, ji, a, ji.stages[i+1], rc.now)
			moved = a.ID
			return []Event{event("candidate_stage_change", rc, map[string]any{"application": whApplication(rc, a, "name")})}
		}
		return nil
	})
	return moved, moved != 0
}

// assessmentRoutes registers the url Greenhouse gives the partner in
// send_test: a PATCH there (no body) makes Greenhouse ask test_status now.
// Greenhouse's docs leave its credentials unclear, so none are required:
// the test's id is what the partner was given.
func (s *Sim) assessmentRoutes() {
	s.mux.Handle("PATCH /integrations/testing_partners/take_home_tests/{id}", s.withLatency(http.HandlerFunc(s.takeHomeTestPatched)))
}

func (s *Sim) takeHomeTestPatched(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	as := &s.assess
	as.mu.Lock()
	res := as.byID[id]
	if res != nil && res.Status == AssessmentSent {
		res.Callbacks++
		res.due = time.Time{}
	}
	as.mu.Unlock()
	if res == nil {
		writeJSON(w, http.StatusNotFound, notFoundBody)
		return
	}
	as.poke()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// runAssessments is the worker: it queues the candidates in an assessment
// stage, sends their tests, asks for results when due, and sleeps until
// the next one is due or something changes.
func (s *Sim) runAssessments(ctx context.Context) {
	as := &s.assess
	for {
		s.queueAssessments()
		next := s.workAssessments(ctx)
		wait := time.Hour
		if !next.IsZero() {
			wait = max(time.Until(next), 0)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-as.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// queueAssessments finds the active applications in an assessment stage
// that have no test yet, and stops following tests whose application left
// the process.
func (s *Sim) queueAssessments() {
	type found struct{ app, cand, job int64 }
	var in []found
	active := map[int64]bool{}
	s.mu.RLock()
	for _, a := range s.st.applications.rows {
		if a.Status != StatusActive || a.Prospect {
			continue
		}
		active[a.ID] = true
		// Tests go out for open jobs: the partner lists only those.
		if stg, ok := s.st.stages.get(a.StageID); ok && stg.Name == AssessmentStageName && s.activeInOpenJob(a) {
			in = append(in, found{a.ID, a.CandidateID, a.JobID})
		}
	}
	s.mu.RUnlock()
	as := &s.assess
	as.mu.Lock()
	defer as.mu.Unlock()
	for _, f := range in {
		if as.byApp[f.app] != nil {
			continue
		}
		as.seq++
		res := &AssessmentResult{TakeHomeTestID: 7_700_000 + as.seq, ApplicationID: f.app, CandidateID: f.cand, JobID: f.job,
			Status: AssessmentQueued}
		as.byApp[f.app], as.byID[res.TakeHomeTestID] = res, res
	}
	for _, res := range as.byApp {
		if (res.Status == AssessmentQueued || res.Status == AssessmentSent) && !active[res.ApplicationID] {
			res.Status = AssessmentStopped
		}
	}
}

// workAssessments sends the queued tests and asks for the due results. It
// returns when the next one is due (zero: nothing is pending).
func (s *Sim) workAssessments(ctx context.Context) time.Time {
	as := &s.assess
	for ctx.Err() == nil {
		now := time.Now()
		as.mu.Lock()
		var res *AssessmentResult
		var next time.Time
		for _, r := range as.byID {
			if r.Status != AssessmentQueued && r.Status != AssessmentSent {
				continue
			}
			if !r.due.After(now) && (res == nil || r.TakeHomeTestID < res.TakeHomeTestID) {
				res = r
			}
			if next.IsZero() || r.due.Before(next) {
				next = r.due
			}
		}
		p := *as.partner
		as.mu.Unlock()
		if res == nil {
			return next
		}
		if res.Status == AssessmentQueued {
			s.sendTest(ctx, p, res)
		} else {
			s.pollTest(ctx, p, res)
		}
	}
	return time.Time{}
}

// update changes res under the lock.
func (as *assessments) update(res *AssessmentResult, fn func(r *AssessmentResult)) {
	as.mu.Lock()
	fn(res)
	as.mu.Unlock()
}

// retryLater notes a failed call: tried again later, given up after a
// few attempts at sending.
func (s *Sim) retryLater(p AssessmentPartner, res *AssessmentResult, err error) {
	s.assess.update(res, func(r *AssessmentResult) {
		r.Error = err.Error()
		r.attempts++
		wait := min(time.Duration(r.attempts)*5*time.Second, p.PollEvery)
		if r.Status == AssessmentSent {
			wait = p.PollEvery
		}
		r.due = time.Now().Add(wait)
		if r.Status == AssessmentQueued && r.attempts >= 5 {
			r.Status = AssessmentFailed
		}
	})
	s.log.Warn("greenhouse simulator: assessment partner call failed", slog.Int64("application_id", res.ApplicationID),
		slog.Any("error", err))
}

// call makes one authenticated call to the partner and decodes its JSON
// answer into out.
func (p AssessmentPartner) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.URL+path, rd)
	if err != nil {
		return err
	}
	req.SetBasicAuth(p.Key, "")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "Greenhouse (Shortlist simulator)")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &partnerError{status: resp.StatusCode, body: strings.TrimSpace(string(b))}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s %s: the answer is not the documented JSON: %w", method, path, err)
	}
	return nil
}

// partnerError is an answer other than 200.
type partnerError struct {
	status int
	body   string
}

func (e *partnerError) Error() string {
	return fmt.Sprintf("the partner answered HTTP %d: %.200s", e.status, e.body)
}

// partnerTests reads list_tests, at most once a minute.
func (s *Sim) partnerTests(ctx context.Context, p AssessmentPartner) ([]partnerTest, error) {
	as := &s.assess
	as.mu.Lock()
	if time.Since(as.testsAt) < time.Minute && as.tests != nil {
		t := as.tests
		as.mu.Unlock()
		return t, nil
	}
	as.mu.Unlock()
	var tests []partnerTest
	if err := p.call(ctx, http.MethodGet, "/list_tests", nil, &tests); err != nil {
		return nil, fmt.Errorf("list_tests: %w", err)
	}
	as.mu.Lock()
	as.tests, as.testsAt = tests, time.Now()
	as.mu.Unlock()
	return tests, nil
}

// sendTest calls send_test for res with the test the admin chose for the
// job's stage: the partner's test whose id is the job's, else the one
// named after the job.
func (s *Sim) sendTest(ctx context.Context, p AssessmentPartner, res *AssessmentResult) {
	tests, err := s.partnerTests(ctx, p)
	if err != nil {
		s.retryLater(p, res, err)
		return
	}
	s.mu.RLock()
	body, jobName, ok := s.sendTestBody(res)
	s.mu.RUnlock()
	if !ok {
		s.assess.update(res, func(r *AssessmentResult) { r.Status, r.Error = AssessmentStopped, "the application is gone" })
		return
	}
	var test *partnerTest
	for i, t := range tests {
		if t.ID == strconv.FormatInt(res.JobID, 10) || (test == nil && strings.HasSuffix(t.Name, ": "+jobName)) {
			test = &tests[i]
		}
	}
	if test == nil {
		s.assess.update(res, func(r *AssessmentResult) {
			r.Status, r.Error = AssessmentFailed, fmt.Sprintf("the partner lists no test for job %d (%s)", res.JobID, jobName)
		})
		s.log.Warn("greenhouse simulator: no assessment test for the job", slog.Int64("job_id", res.JobID), slog.String("job", jobName))
		return
	}
	body["partner_test_id"] = test.ID
	var out struct {
		PartnerInterviewID json.RawMessage `json:"partner_interview_id"`
	}
	if err := p.call(ctx, http.MethodPost, "/send_test", body, &out); err != nil {
		s.retryLater(p, res, fmt.Errorf("send_test: %w", err))
		return
	}
	pid := strings.Trim(string(out.PartnerInterviewID), `"`)
	if pid == "" || pid == "null" {
		s.retryLater(p, res, errors.New("send_test: the answer has no partner_interview_id"))
		return
	}
	s.assess.update(res, func(r *AssessmentResult) {
		r.Status, r.PartnerTestID, r.PartnerTestName, r.PartnerInterviewID = AssessmentSent, test.ID, test.Name, pid
		r.SentAt, r.Error, r.attempts, r.due = s.now(), "", 0, time.Now().Add(p.PollEvery)
	})
	s.log.Info("greenhouse simulator: assessment sent", slog.Int64("application_id", res.ApplicationID),
		slog.Int64("candidate_id", res.CandidateID), slog.Int64("job_id", res.JobID), slog.String("test", test.Name),
		slog.String("partner_interview_id", pid))
}

// sendTestBody is send_test's body for res (partner_test_id aside), and
// the job's name. Call it with s.mu held.
func (s *Sim) sendTestBody(res *AssessmentResult) (map[string]any, string, bool) {
	st := s.st
	a, ok := st.applications.get(res.ApplicationID)
	c, ok2 := st.candidates.get(res.CandidateID)
	j, ok3 := st.jobs.get(res.JobID)
	if !ok || !ok2 || !ok3 {
		return nil, "", false
	}
	base := s.baseURL
	if base == "" {
		base = "http://localhost"
	}
	cand := map[string]any{"first_name": c.FirstName, "last_name": c.LastName, "preferred_name": jstr(c.PreferredName),
		"resume_url": nil, "phone_number": nil, "email": nil,
		"greenhouse_profile_url": fmt.Sprintf("%s/people/%d?application_id=%d", appURL, c.ID, a.ID)}
	var resume *Attachment
	for _, at := range st.attachments.children("candidate_id", c.ID) {
		if at.Type == AttachmentResume && (resume == nil || !at.CreatedAt.Before(resume.CreatedAt)) {
			resume = at
		}
	}
	if resume != nil {
		cand["resume_url"] = s.fileURL(base, resume, s.now())
	}
	if len(c.PhoneNumbers) > 0 {
		cand["phone_number"] = c.PhoneNumbers[0].Value
	}
	if len(c.EmailAddresses) > 0 {
		cand["email"] = c.EmailAddresses[0].Value
	}
	sentBy := "greenhouse@" + strings.ToLower(asciiName(Company)) + ".example"
	if u, ok := st.users.get(a.RecruiterID); ok {
		sentBy = u.Email
	}
	return map[string]any{"candidate": cand, "sent_by": sentBy,
		"url": fmt.Sprintf("%s/integrations/testing_partners/take_home_tests/%d", base, res.TakeHomeTestID)}, j.Name, true
}

// pollTest asks test_status for res and records a complete result.
func (s *Sim) pollTest(ctx context.Context, p AssessmentPartner, res *AssessmentResult) {
	as := &s.assess
	as.mu.Lock()
	pid, sent := res.PartnerInterviewID, res.SentAt
	res.Polls++
	as.mu.Unlock()
	if s.now().Sub(sent) > maxAssessmentAge {
		as.update(res, func(r *AssessmentResult) { r.Status = AssessmentStopped })
		return
	}
	var out struct {
		Status     string         `json:"partner_status"`
		ProfileURL string         `json:"partner_profile_url"`
		Score      *float64       `json:"partner_score"`
		Metadata   map[string]any `json:"metadata"`
	}
	err := p.call(ctx, http.MethodGet, "/test_status?partner_interview_id="+url.QueryEscape(pid), nil, &out)
	var pe *partnerError
	switch {
	case errors.As(err, &pe) && pe.status == http.StatusNotFound:
		as.update(res, func(r *AssessmentResult) { r.Status, r.Error = AssessmentFailed, "test_status: "+err.Error() })
		return
	case err != nil:
		s.retryLater(p, res, fmt.Errorf("test_status: %w", err))
		return
	case out.Status != AssessmentComplete:
		as.update(res, func(r *AssessmentResult) { r.Error, r.due = "", time.Now().Add(p.PollEvery) })
		return
	case out.ProfileURL == "" || out.Score == nil:
		// Greenhouse would report this to response_error and keep asking.
		s.retryLater(p, res, errors.New("test_status: complete without partner_profile_url or partner_score"))
		return
	}
	noteID := s.recordAssessment(res, *out.Score, out.ProfileURL, out.Metadata)
	as.update(res, func(r *AssessmentResult) {
		r.Status, r.Score, r.ProfileURL, r.Metadata, r.NoteID, r.DoneAt, r.Error = AssessmentComplete, *out.Score,
			out.ProfileURL, out.Metadata, noteID, s.now(), ""
	})
	s.log.Info("greenhouse simulator: assessment scored", slog.Int64("application_id", res.ApplicationID),
		slog.Int64("candidate_id", res.CandidateID), slog.Int64("job_id", res.JobID), slog.Float64("score", *out.Score),
		slog.String("profile_url", out.ProfileURL), slog.Int64("note_id", noteID))
}

// recordAssessment adds the result to the candidate's activity feed and
// returns the note's id.
func (s *Sim) recordAssessment(res *AssessmentResult, score float64, profileURL string, meta map[string]any) int64 {
	var id int64
	s.write(func(rc *renderCtx) []Event {
		a, ok := s.st.applications.get(res.ApplicationID)
		if !ok {
			return nil
		}
		name := res.PartnerTestName
		if name == "" {
			name = AssessmentStageName
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: test complete, score %s.\nResults: %s", name, strconv.FormatFloat(score, 'f', -1, 64), profileURL)
		keys := make([]string, 0, len(meta))
		for k := range meta {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "\n%s: %v", k, meta[k])
		}
		n := &Note{Meta: Meta{CreatedAt: rc.now, UpdatedAt: rc.now}, CandidateID: a.CandidateID, ApplicationID: a.ID,
			UserID: a.RecruiterID, Type: "TAKE_HOME_TEST", Subject: name, Body: b.String(), Visibility: "public"}
		addRow(s.g, s.st.notes, resNotes, n, false)
		a.LastActivityAt = latest(a.LastActivityAt, rc.now)
		touch(&a.Meta, rc.now)
		if c, ok := s.st.candidates.get(a.CandidateID); ok {
			s.g.bumpCandidate(c, rc.now)
		}
		id = n.ID
		return nil
	})
	return id
}
