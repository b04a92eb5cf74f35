package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// Acting in Greenhouse: a recruiter adds a rediscovered candidate to a job
// (as a prospect, or as a candidate in the job's first stage) or writes a
// note, from Discover, Candidate, Match or the API. Each request records an
// action in the outbox (db.Action) and wakes the sender (app/act), which
// sends it as the account's own Greenhouse user; pages poll the action
// until it is done or failed. Whoever may see the job and the candidate may
// act on them; an account linked to no Greenhouse user may not act at all.

// maxNoteLength bounds a note's text (Greenhouse keeps notes far shorter
// than this in practice).
const maxNoteLength = 10000

// errNoGreenhouseUser: the account is linked to no Greenhouse user, so
// there is no one to act as.
var errNoGreenhouseUser = db.Errorf(db.ErrForbidden,
	"You cannot act in Greenhouse yet: your Shortlist account is not linked to a Greenhouse user (none has your email). "+
		"An owner can link it under My Company, Users.")

// Greenhouse is the current Harvest client, nil when not connected.
func (a *App) Greenhouse() *greenhouse.Client {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.gh
}

// actor is who the request acts as: its account and the Greenhouse user
// that account is linked to (an active one).
func (s *server) actor(ctx context.Context) (db.Account, db.GreenhouseUser, error) {
	acct := requestAccount(ctx)
	if acct == nil {
		return db.Account{}, db.GreenhouseUser{}, errUnauthorized
	}
	u, err := s.DB.GreenhouseUserFor(ctx, acct.ID)
	if errors.Is(err, db.ErrNotFound) {
		return *acct, u, errNoGreenhouseUser
	}
	if err != nil {
		return *acct, u, err
	}
	if u.Deactivated {
		return *acct, u, db.Errorf(db.ErrForbidden, "You cannot act in Greenhouse: "+
			"the Greenhouse user your account is linked to (%s, #%d) is deactivated. An owner can link another under My Company, Users.",
			orText(u.Name, u.Email), u.ID)
	}
	return *acct, u, nil
}

// actingAs says whether the request's account can act in Greenhouse, and
// if not, why: for pages to show the actions or the reason.
func (s *server) actingAs(ctx context.Context) views.ActingAs {
	_, u, err := s.actor(ctx)
	if err != nil {
		_, msg := errorStatus(err)
		return views.ActingAs{Reason: msg}
	}
	return views.ActingAs{CanWrite: true, UserName: orText(u.Name, u.Email), UserID: u.ID}
}

// addAs is how a candidate is added to a job: "prospect" (the default) or
// "candidate".
func addKind(as string) (string, error) {
	switch strings.TrimSpace(as) {
	case "", "prospect":
		return db.ActionAddProspect, nil
	case "candidate":
		return db.ActionAddCandidate, nil
	}
	return "", invalid(`"as" must be "prospect" or "candidate", not %q`, as)
}

// queueAddToJob records adding candidate candID to job jobID as kind,
// after checking the account may act and may see both.
func (s *server) queueAddToJob(ctx context.Context, jobID, candID int64, kind string) (db.Action, error) {
	acct, u, err := s.actor(ctx)
	if err != nil {
		return db.Action{}, err
	}
	v, err := s.DB.ViewerFor(ctx, acct)
	if err != nil {
		return db.Action{}, err
	}
	if _, err := s.DB.JobDetailFor(ctx, v, jobID); err != nil {
		return db.Action{}, err
	}
	if err := s.seesCandidate(ctx, v, candID); err != nil {
		return db.Action{}, err
	}
	if s.Greenhouse() == nil {
		return db.Action{}, ErrNotConnected
	}
	a, err := s.DB.CreateAction(ctx, db.Action{Kind: kind, AccountID: acct.ID, AccountEmail: acct.Email, GreenhouseUserID: u.ID,
		CandidateID: candID, JobID: jobID})
	if err != nil {
		return a, err
	}
	s.Actions.Wake()
	return a, nil
}

// queueNote records writing a note on candidate candID.
func (s *server) queueNote(ctx context.Context, candID int64, body, visibility string) (db.Action, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return db.Action{}, invalid("write the note first: its text is empty")
	}
	if utf8.RuneCountInString(body) > maxNoteLength {
		return db.Action{}, invalid("the note is longer than %d characters", maxNoteLength)
	}
	switch visibility {
	case "":
		visibility = greenhouse.VisibilityPublic
	case greenhouse.VisibilityPublic, greenhouse.VisibilityPrivate, greenhouse.VisibilityAdminOnly:
	default:
		return db.Action{}, invalid(`the visibility must be "public", "private" or "admin_only", not %q`, visibility)
	}
	acct, u, err := s.actor(ctx)
	if err != nil {
		return db.Action{}, err
	}
	v, err := s.DB.ViewerFor(ctx, acct)
	if err != nil {
		return db.Action{}, err
	}
	if err := s.seesCandidate(ctx, v, candID); err != nil {
		return db.Action{}, err
	}
	if s.Greenhouse() == nil {
		return db.Action{}, ErrNotConnected
	}
	a, err := s.DB.CreateAction(ctx, db.Action{Kind: db.ActionAddNote, AccountID: acct.ID, AccountEmail: acct.Email,
		GreenhouseUserID: u.ID, CandidateID: candID, Body: body, Visibility: visibility})
	if err != nil {
		return a, err
	}
	s.Actions.Wake()
	return a, nil
}

// seesCandidate is nil when v may see the candidate, else not found.
func (s *server) seesCandidate(ctx context.Context, v db.Viewer, id int64) error {
	ok, err := s.DB.CandidateVisible(ctx, v, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("candidate %d: %w", id, db.ErrNotFound)
	}
	return nil
}

// requestAction loads an action the request's account may see: its own,
// or anyone's for an owner. Others' are not found.
func (s *server) requestAction(ctx context.Context, id int64) (db.Action, error) {
	acct := requestAccount(ctx)
	if acct == nil {
		return db.Action{}, errUnauthorized
	}
	a, err := s.DB.Action(ctx, id)
	if err != nil {
		return a, err
	}
	if a.AccountID != acct.ID && !isOwner(acct) {
		return db.Action{}, fmt.Errorf("action %d: %w", id, db.ErrNotFound)
	}
	return a, nil
}

// actionView is an action as pages show it.
func (s *server) actionView(ctx context.Context, a db.Action) views.ActionView {
	v := views.ActionView{ID: a.ID, Kind: a.Kind, State: a.State, Outcome: a.Outcome, CandidateID: a.CandidateID,
		JobID: a.JobID, Attempts: a.Attempts, CreatedAt: a.CreatedAt, FinishedAt: a.FinishedAt, ResultID: a.ResultID,
		AccountEmail: a.AccountEmail, GreenhouseUserID: a.GreenhouseUserID, ResponseStatus: a.ResponseStatus, Visibility: a.Visibility}
	if a.JobID != 0 {
		if jd, err := s.DB.JobDetail(ctx, a.JobID); err == nil {
			v.JobName = jd.Name
		}
	}
	return v
}

// pendingAdds are the account's unfinished adds of the given candidates
// to a job, by candidate, so a page shows them after a reload.
func (s *server) pendingAdds(ctx context.Context, accountID, jobID int64, candIDs []int64) (map[int64]views.ActionView, error) {
	acts, err := s.DB.OpenActions(ctx, accountID, candIDs)
	if err != nil {
		return nil, err
	}
	out := map[int64]views.ActionView{}
	for _, a := range acts {
		if a.JobID == jobID && a.Kind != db.ActionAddNote {
			out[a.CandidateID] = s.actionView(ctx, a)
		}
	}
	return out, nil
}

// csrfFor is the request session's CSRF token, for forms built outside a
// layout.
func csrfFor(r *http.Request) string {
	if st := sessionFrom(r.Context()); st != nil {
		return st.csrfToken()
	}
	return ""
}

// discoverAct is what Discover needs to act on its rows.
func (s *server) discoverAct(r *http.Request, p views.DiscoverProps) (views.DiscoverAct, error) {
	ctx := r.Context()
	if p.Job == nil || len(p.Rows) == 0 {
		return views.DiscoverAct{}, nil
	}
	a := views.DiscoverAct{ActingAs: s.actingAs(ctx), CSRF: csrfFor(r), JobID: p.Job.ID, Back: discoverURL(p.Query)}
	if !a.CanWrite {
		return a, nil
	}
	ids := make([]int64, len(p.Rows))
	for i, row := range p.Rows {
		ids[i] = row.ID
	}
	pending, err := s.pendingAdds(ctx, requestAccount(ctx).ID, p.Job.ID, ids)
	for id, v := range pending {
		v.InRow = true
		pending[id] = v
	}
	a.Pending = pending
	return a, err
}

// candidateAct is what the candidate and match pages need to act on a
// candidate: job is the job to offer adding them to (nil for none), and
// withNotes lists the candidate's notes.
func (s *server) candidateAct(r *http.Request, v db.Viewer, prof db.CandidateProfile, job *views.JobRef, withNotes bool) (views.CandidateAct, error) {
	ctx := r.Context()
	c := prof.Candidate
	a := views.CandidateAct{ActingAs: s.actingAs(ctx), CSRF: csrfFor(r), CandidateID: c.ID, Job: job, Back: r.URL.RequestURI(),
		ShowNotes: withNotes}
	if job != nil {
		for _, app := range prof.Applications {
			if slices.Contains(app.JobIDs(), job.ID) && app.Status == db.StatusActive {
				a.OnJob = true
			}
		}
		if a.CanWrite {
			pending, err := s.pendingAdds(ctx, requestAccount(ctx).ID, job.ID, []int64{c.ID})
			if err != nil {
				return a, err
			}
			if p, ok := pending[c.ID]; ok {
				a.Pending = &p
			}
		}
	}
	if withNotes {
		var err error
		if a.Notes, err = s.noteViews(ctx, v, c.ID); err != nil {
			return a, err
		}
	}
	return a, nil
}

// noteViews are a candidate's notes as the request's account may read
// them: everything for an owner, else public notes and their own.
func (s *server) noteViews(ctx context.Context, v db.Viewer, candID int64) ([]db.NoteView, error) {
	return s.DB.CandidateNotes(ctx, candID, v.All, v.GreenhouseUserID)
}
