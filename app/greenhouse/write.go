package greenhouse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shortlist-hq/shortlist/db"
)

// Writes: putting a candidate on a job (as a prospect or in the job's first
// interview stage) and writing a note on a candidate, each as a given
// Greenhouse user, and writing an application's custom field as the
// connection itself (custom_fields.go). Harvest v3 names the acting user in
// the token's sub, so every user gets tokens of their own (fetched once,
// cached like the connection's); v1 names them in the On-Behalf-Of header.
//
//	v3: POST /v3/applications {candidate_id, job_id[, initial_stage_id]} or
//	    {candidate_id, prospect: true, job_ids}; POST /v3/notes
//	    {candidate_id, body, visibility, note_type}
//	v1: POST /v1/candidates/{id}/applications {job_id[, initial_stage_id]}
//	    or {prospect: true, job_ids}; POST /v1/candidates/{id}/activity_feed/notes
//	    {user_id, body, visibility}
//
// Every write goes through one sender, write. Greenhouse takes no
// idempotency key, so write sends a write at most once per call, and its
// error says which of two things happened:
//
//   - Maybe applied: the write left and no answer came back (a dropped
//     connection, a timeout, an answer too large to read) or Greenhouse
//     answered 5xx, which may come after the work was done. The error is
//     ErrInDoubt; it is ErrUnavailable as well unless the caller's own
//     context ended, and carries a 503's Retry-After. The caller must look
//     before it sends the write again: CandidateApplications or
//     CandidateNotes for an add, ApplicationCustomFieldValues for a custom
//     field.
//   - Not applied: any other error. Greenhouse refused the write
//     (ErrUnauthorized, ErrForbidden, ErrNotFound, ErrValidation), kept
//     answering 429 (ErrRateLimited), or the write never left (no token
//     could be fetched, the context ended first, the acting user is
//     missing).
//
// So errors.Is(err, ErrInDoubt) answers "may it have taken effect?", and
// ErrUnavailable or ErrRateLimited "is it worth trying again later?". The
// only answers after which write sends again are those that say Greenhouse
// did nothing: a 429 (waited out for as long as Retry-After says) and, once,
// a 401 to a cached v3 token (Greenhouse refuses a token before doing
// anything), sent again with a fresh token.

// Harvest v3 scopes the writes need.
const (
	ScopeApplicationsCreate = "harvest:applications:create"
	ScopeNotesCreate        = "harvest:notes:create"
)

// Note visibilities, as Greenhouse takes them on writes (v3 reads them back
// as publicly_visible, privately_visible and admin_only_visible; Shortlist
// stores the short words).
const (
	VisibilityPublic    = "public"
	VisibilityPrivate   = "private"
	VisibilityAdminOnly = "admin_only"
)

// maxWriteBody bounds the answer to a write: one record.
const maxWriteBody = 4 << 20

// NewApplication asks Greenhouse to put a candidate on a job.
type NewApplication struct {
	CandidateID, JobID int64
	// Prospect makes a prospect application considered for the job; else
	// it is a candidate application in the job's first interview stage, or
	// in InitialStageID when set.
	Prospect       bool
	InitialStageID int64
}

// NewNote is a note for a candidate's activity feed.
type NewNote struct {
	CandidateID int64
	Body        string
	// Visibility is VisibilityPublic, VisibilityPrivate or
	// VisibilityAdminOnly.
	Visibility string
}

// actorTokens caches a token source per acting user.
type actorTokens struct {
	mu sync.Mutex
	m  map[int64]*tokenSource
}

// tokenFor returns the token source acting as Greenhouse user userID.
func (c *Client) tokenFor(userID int64) *tokenSource {
	c.actors.mu.Lock()
	defer c.actors.mu.Unlock()
	if c.actors.m == nil {
		c.actors.m = map[int64]*tokenSource{}
	}
	ts := c.actors.m[userID]
	if ts == nil {
		ts = &tokenSource{c: c, sub: strconv.FormatInt(userID, 10)}
		c.actors.m[userID] = ts
	}
	return ts
}

// AddApplication puts a candidate on a job as Greenhouse user userID and
// returns the application Greenhouse created.
func (c *Client) AddApplication(ctx context.Context, userID int64, a NewApplication) (db.Application, error) {
	if a.CandidateID <= 0 || a.JobID <= 0 {
		return db.Application{}, fmt.Errorf("greenhouse: add application: candidate %d or job %d is not an id", a.CandidateID, a.JobID)
	}
	op := fmt.Sprintf("add candidate %d to job %d", a.CandidateID, a.JobID)
	if a.Prospect {
		op = fmt.Sprintf("add candidate %d to job %d as a prospect", a.CandidateID, a.JobID)
	}
	body := map[string]any{}
	if a.Prospect {
		body["prospect"] = true
		body["job_ids"] = []int64{a.JobID}
	} else {
		body["job_id"] = a.JobID
		if a.InitialStageID != 0 {
			body["initial_stage_id"] = a.InitialStageID
		}
	}
	path := fmt.Sprintf("candidates/%d/applications", a.CandidateID)
	if c.version == V3 {
		body["candidate_id"] = a.CandidateID
		path = "applications"
	}
	resp, err := c.writeAs(ctx, userID, writeReq{op: op, method: http.MethodPost, path: path, body: body,
		scope: ScopeApplicationsCreate, missing: "the candidate or job may have been deleted"})
	if err != nil {
		return db.Application{}, err
	}
	var b Batch
	if c.version == V3 {
		err = v3Maps[Applications].fn(compact(resp.body), &b)
	} else {
		err = v1Maps[Applications](compact(resp.body), &b)
	}
	if err == nil && (len(b.Applications) == 0 || b.Applications[0].ID == 0) {
		err = errors.New("no application id")
	}
	if err != nil {
		return db.Application{}, &Error{Op: op, Status: resp.status, Err: err,
			Message: "Greenhouse accepted the application but its answer could not be read; the next sync brings it"}
	}
	app := b.Applications[0]
	if app.CandidateID == 0 {
		app.CandidateID = a.CandidateID
	}
	return app, nil
}

// AddNote writes a note on a candidate as Greenhouse user userID and
// returns the note Greenhouse created.
func (c *Client) AddNote(ctx context.Context, userID int64, n NewNote) (db.Note, error) {
	if n.CandidateID <= 0 {
		return db.Note{}, fmt.Errorf("greenhouse: add note: candidate %d is not an id", n.CandidateID)
	}
	if !slices.Contains([]string{VisibilityPublic, VisibilityPrivate, VisibilityAdminOnly}, n.Visibility) {
		return db.Note{}, fmt.Errorf("greenhouse: add note: visibility %q is not public, private or admin_only", n.Visibility)
	}
	op := fmt.Sprintf("add a note to candidate %d", n.CandidateID)
	body := map[string]any{"body": n.Body, "visibility": n.Visibility}
	path := fmt.Sprintf("candidates/%d/activity_feed/notes", n.CandidateID)
	if c.version == V3 {
		body["candidate_id"] = n.CandidateID
		body["note_type"] = "NOTE"
		path = "notes"
	} else {
		// v1 names the author in the body as well as in On-Behalf-Of.
		body["user_id"] = userID
	}
	resp, err := c.writeAs(ctx, userID, writeReq{op: op, method: http.MethodPost, path: path, body: body,
		scope: ScopeNotesCreate, missing: "the candidate may have been deleted"})
	if err != nil {
		return db.Note{}, err
	}
	var note db.Note
	raw := compact(resp.body)
	if c.version == V3 {
		var b Batch
		if err = v3Maps[Notes].fn(raw, &b); err == nil && len(b.Notes) > 0 {
			note = b.Notes[0]
		}
	} else {
		var w v1Note
		if err = json.Unmarshal(raw, &w); err == nil {
			note = w.record(n.CandidateID, raw)
		}
	}
	if err == nil && note.ID == 0 {
		err = errors.New("no note id")
	}
	if err != nil {
		return db.Note{}, &Error{Op: op, Status: resp.status, Err: err,
			Message: "Greenhouse accepted the note but its answer could not be read; the next sync brings it"}
	}
	if note.CandidateID == 0 {
		note.CandidateID = n.CandidateID
	}
	if note.UserID == 0 {
		note.UserID = userID
	}
	return note, nil
}

// CandidateApplications reads every application of a candidate (prospect
// applications included), to learn whether a write already took effect.
// It reads with the connection's own credentials, as Harvest reads need a
// site admin.
func (c *Client) CandidateApplications(ctx context.Context, candidateID int64) ([]db.Application, error) {
	if c.version == V3 {
		var b Batch
		err := c.collect(ctx, Applications, ListOptions{CandidateIDs: []int64{candidateID}}, &b)
		return b.Applications, err
	}
	// v1 embeds the applications in the candidate.
	b, err := c.Get(ctx, Candidates, []int64{candidateID})
	return b.Applications, err
}

// writeReq is one write for write to send.
type writeReq struct {
	op     string // what it does, for messages: "add a note to candidate 5"
	method string // POST or PATCH
	path   string // the API path after the version, e.g. "applications/7"
	body   any    // sent as JSON
	// user is the Greenhouse user the write acts as; 0 acts as the
	// connection itself: its own token (sub Config.OnBehalfOf) in v3,
	// On-Behalf-Of Config.OnBehalfOf (GREENHOUSE_USER_ID) in v1.
	user int64
	// scope is the Harvest v3 scope the write needs, named when Greenhouse
	// refuses it (403).
	scope string
	// missing says what a 404 means, e.g. "the application may have been
	// deleted".
	missing string
}

// writeAs sends w as Greenhouse user userID, who must be named: writes on a
// Shortlist user's behalf never fall back to the connection's identity.
func (c *Client) writeAs(ctx context.Context, userID int64, w writeReq) (*response, error) {
	if userID <= 0 {
		return nil, &Error{Op: w.op, Kind: ErrForbidden,
			Message: "Shortlist writes to Greenhouse only as a named Greenhouse user, and none was given"}
	}
	w.user = userID
	return c.write(ctx, w)
}

// write sends a write at most once: see the notes at the top of the file
// for what is sent again and what its errors mean.
func (c *Client) write(ctx context.Context, w writeReq) (*response, error) {
	ts, onBehalfOf := c.tokens, c.cfg.OnBehalfOf
	if w.user > 0 {
		onBehalfOf = strconv.FormatInt(w.user, 10)
		if c.version == V3 {
			ts = c.tokenFor(w.user)
		}
	}
	if c.version == V1 && onBehalfOf == "" {
		return nil, &Error{Kind: ErrValidation, Op: w.op, Message: "Harvest v1 writes name the Greenhouse user they act for: " +
			"set the Greenhouse user id (GREENHOUSE_USER_ID, or \"Act as Greenhouse user id\" under My Company)"}
	}
	payload, err := json.Marshal(w.body)
	if err != nil {
		return nil, fmt.Errorf("greenhouse: %s: %w", w.op, err)
	}
	u := c.urlFor(w.path, nil)
	refreshed, waits := false, 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, c.opErr(w.op, err)
		}
		tok := ""
		if ts != nil {
			if tok, err = ts.get(ctx); err != nil {
				return nil, c.opErr(w.op, err)
			}
		}
		if err := c.paced(ctx); err != nil {
			return nil, c.opErr(w.op, err)
		}
		req, err := http.NewRequestWithContext(ctx, w.method, u, bytes.NewReader(payload))
		if err != nil {
			return nil, fmt.Errorf("greenhouse: %s: %w", w.op, err)
		}
		req.Header.Set("Content-Type", "application/json")
		c.authorize(req, tok)
		if c.version == V1 {
			req.Header.Set("On-Behalf-Of", onBehalfOf)
		}
		resp, err := c.do(toAPI, maxWriteBody, req)
		if err != nil {
			e := &Error{Kind: ErrInDoubt, Op: w.op, Err: errors.Join(ErrUnavailable, err), Attempts: 1,
				Message: fmt.Sprintf("Greenhouse did not answer the request to %s (%s); it may or may not have been applied", w.op, shortNetErr(err))}
			if ctx.Err() != nil {
				// Shortlist stopped waiting: Greenhouse was not at fault.
				e.Err = err
			}
			return nil, e
		}
		switch {
		case resp.status == http.StatusTooManyRequests:
			if err := c.waitOut429(ctx, toAPI, resp, &waits); err != nil {
				return nil, c.opErr(w.op, err)
			}
			continue
		case resp.status == http.StatusUnauthorized && ts != nil && !refreshed:
			// Greenhouse refuses a token before doing anything, so the
			// write is safe to send again with a fresh one.
			refreshed = true
			c.stats.refreshes.Add(1)
			ts.invalidate(tok)
			continue
		case resp.status >= 500:
			floor, _ := retryAfter(resp.header, c.now())
			return nil, &Error{Kind: ErrInDoubt, Op: w.op, Status: resp.status, Err: ErrUnavailable, Attempts: 1, RetryAfter: floor,
				Details: details(resp.body),
				Message: fmt.Sprintf("Greenhouse answered HTTP %d to the request to %s; it may or may not have been applied", resp.status, w.op)}
		case resp.status < 200 || resp.status > 299:
			return resp, c.writeStatusErr(w, resp)
		}
		return resp, nil
	}
}

// writeStatusErr explains a refused write in words the person who made it
// (or an owner) can act on, naming the scope or permission it needs.
func (c *Client) writeStatusErr(w writeReq, resp *response) error {
	e := &Error{Op: w.op, Status: resp.status, Details: details(resp.body)}
	switch resp.status {
	case http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
		e.Message = "Greenhouse rejected the client credentials (HTTP 401)"
		if c.version == V1 {
			e.Message = "Greenhouse rejected the API key (HTTP 401)"
		}
	case http.StatusForbidden:
		e.Kind = ErrForbidden
		as, user := "", ""
		if w.user > 0 {
			as = fmt.Sprintf(" as user %d", w.user)
		} else if c.cfg.OnBehalfOf != "" {
			as = " as user " + c.cfg.OnBehalfOf
		}
		if as != "" {
			user = ", and the Greenhouse user needs permission for it (a site admin, or on the job's hiring team)"
		}
		if c.version == V3 {
			e.Message = fmt.Sprintf("Greenhouse refused to %s%s (HTTP 403): the API credentials need the Harvest v3 scope %s "+
				"(an owner adds it in Greenhouse: Configure, Dev Center, API Credential Management)%s", w.op, as, w.scope, user)
		} else {
			e.Message = fmt.Sprintf("Greenhouse refused to %s%s (HTTP 403): the API key needs permission for %s /v1/%s "+
				"(Configure, Dev Center, API Credential Management)%s", w.op, as, w.method, routeOf(w.path), user)
		}
	case http.StatusNotFound:
		e.Kind = ErrNotFound
		e.Message = fmt.Sprintf("Greenhouse found nothing to %s (HTTP 404): %s", w.op, w.missing)
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Greenhouse refused to %s (HTTP %d)", w.op, resp.status)
	default:
		e.Message = fmt.Sprintf("Greenhouse answered HTTP %d to %s", resp.status, w.op)
	}
	return e
}

// routeOf is the route of an API path as Greenhouse's permission lists
// name it: candidates/5/applications is candidates/{id}/applications.
func routeOf(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if _, err := strconv.ParseInt(p, 10, 64); err == nil {
			parts[i] = "{id}"
		}
	}
	return strings.Join(parts, "/")
}
