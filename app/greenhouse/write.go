package greenhouse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/shortlist-hq/shortlist/db"
)

// Writes: putting a candidate on a job (as a prospect or in the job's first
// interview stage) and writing a note on a candidate, each as a given
// Greenhouse user. Harvest v3 names the acting user in the token's sub, so
// every user gets tokens of their own (fetched once, cached like the
// connection's); v1 names them in the On-Behalf-Of header.
//
//	v3: POST /v3/applications {candidate_id, job_id[, initial_stage_id]} or
//	    {candidate_id, prospect: true, job_ids}; POST /v3/notes
//	    {candidate_id, body, visibility, note_type}
//	v1: POST /v1/candidates/{id}/applications {job_id[, initial_stage_id]}
//	    or {prospect: true, job_ids}; POST /v1/candidates/{id}/activity_feed/notes
//	    {user_id, body, visibility}
//
// Greenhouse takes no idempotency key, so a write is sent at most once per
// call: an answer that never came, or a 5xx, may hide a write that took
// effect, and is returned as ErrUnavailable for the caller to check
// (CandidateApplications, CandidateNotes) before it tries again. Only 429s,
// which Greenhouse answers before doing anything, are waited out and sent
// again here.

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
	resp, err := c.write(ctx, op, ScopeApplicationsCreate, userID, path, body)
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
	resp, err := c.write(ctx, op, ScopeNotesCreate, userID, path, body)
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

// write POSTs body as JSON to an API path as user userID. See the notes at
// the top of the file for what is retried.
func (c *Client) write(ctx context.Context, op, scope string, userID int64, path string, body any) (*response, error) {
	if userID <= 0 {
		return nil, &Error{Op: op, Kind: ErrForbidden,
			Message: "Shortlist writes to Greenhouse only as a named Greenhouse user, and none was given"}
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("greenhouse: %s: %w", op, err)
	}
	u := c.urlFor(path, nil)
	var ts *tokenSource
	if c.version == V3 {
		ts = c.tokenFor(userID)
	}
	refreshed := false
	for {
		tok := ""
		if ts != nil {
			if tok, err = ts.get(ctx); err != nil {
				return nil, c.opErr(op, err)
			}
		}
		resp, err := c.sendWrite(ctx, func(ctx context.Context) (*http.Request, error) {
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(payload))
			if err != nil {
				return nil, err
			}
			req.Header.Set("Accept", "application/json")
			req.Header.Set("Content-Type", "application/json")
			if c.version == V3 {
				req.Header.Set("Authorization", "Bearer "+tok)
			} else {
				req.SetBasicAuth(c.cfg.APIKey, "")
				req.Header.Set("On-Behalf-Of", strconv.FormatInt(userID, 10))
			}
			return req, nil
		})
		if err != nil {
			return nil, c.opErr(op, err)
		}
		if resp.status == http.StatusUnauthorized && ts != nil && !refreshed {
			// Greenhouse refuses a token before doing anything, so the
			// write is safe to send again with a fresh one.
			refreshed = true
			c.stats.refreshes.Add(1)
			ts.invalidate(tok)
			continue
		}
		if resp.status < 200 || resp.status > 299 {
			return resp, c.writeStatusErr(op, scope, path, userID, resp)
		}
		return resp, nil
	}
}

// sendWrite sends a write once, pacing on the rate-limit budget and waiting
// out 429s (Retry-After), which Greenhouse answers without acting. Any
// other failure, which may come after the write took effect, is returned
// as it is: a 5xx or a transport failure as ErrUnavailable with the
// Retry-After Greenhouse gave, other statuses as a response.
func (c *Client) sendWrite(ctx context.Context, newReq func(context.Context) (*http.Request, error)) (*response, error) {
	waits := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if d := c.pace.reserve(c.now()); d > 0 {
			c.stats.pacing.Add(int64(d))
			if err := c.wait(ctx, d); err != nil {
				return nil, err
			}
		}
		req, err := newReq(ctx)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", userAgent)
		c.stats.requests.Add(1)
		hresp, err := c.http.Do(req)
		var body []byte
		if err == nil {
			body, err = readBody(hresp, maxWriteBody)
			c.pace.update(hresp.Header)
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &Error{Kind: ErrUnavailable, Err: err, Attempts: 1,
				Message: fmt.Sprintf("Greenhouse did not answer (%s); the write may or may not have arrived", shortNetErr(err))}
		}
		switch {
		case hresp.StatusCode == http.StatusTooManyRequests:
			c.stats.rateLimited.Add(1)
			waits++
			d, ok := retryAfter(hresp.Header, c.now())
			if !ok {
				d = jittered(waits)
			}
			if waits > maxRateLimitWaits {
				return nil, &Error{Kind: ErrRateLimited, Status: hresp.StatusCode, Attempts: waits, RetryAfter: d,
					Message: fmt.Sprintf("Greenhouse kept rate-limiting the client (HTTP 429) after %d waits", waits-1)}
			}
			c.log.Debug("greenhouse: write rate limited", slog.Duration("wait", d))
			if err := c.wait(ctx, d); err != nil {
				return nil, err
			}
			continue
		case hresp.StatusCode >= 500:
			floor, _ := retryAfter(hresp.Header, c.now())
			return nil, &Error{Kind: ErrUnavailable, Status: hresp.StatusCode, Attempts: 1, RetryAfter: floor, Details: details(body),
				Message: fmt.Sprintf("Greenhouse answered HTTP %d; the write may or may not have taken effect", hresp.StatusCode)}
		}
		return &response{status: hresp.StatusCode, header: hresp.Header, body: body}, nil
	}
}

// writeStatusErr explains a refused write in words the person who made it
// (or an owner) can act on, naming the scope or permission it needs.
func (c *Client) writeStatusErr(op, scope, path string, userID int64, resp *response) error {
	e := &Error{Op: op, Status: resp.status, Details: details(resp.body)}
	switch resp.status {
	case http.StatusUnauthorized:
		e.Kind = ErrUnauthorized
		e.Message = "Greenhouse rejected the client credentials (HTTP 401)"
		if c.version == V1 {
			e.Message = "Greenhouse rejected the API key (HTTP 401)"
		}
	case http.StatusForbidden:
		e.Kind = ErrForbidden
		if c.version == V3 {
			e.Message = fmt.Sprintf("Greenhouse refused to %s as user %d (HTTP 403): the API credentials need the Harvest v3 scope %s "+
				"(an owner adds it in Greenhouse: Configure, Dev Center, API Credential Management), and the Greenhouse user "+
				"needs permission for it (a site admin, or on the job's hiring team)", op, userID, scope)
		} else {
			e.Message = fmt.Sprintf("Greenhouse refused to %s as user %d (HTTP 403): the API key needs permission for POST /v1/%s "+
				"(Configure, Dev Center, API Credential Management), and the Greenhouse user needs permission for it", op, userID, path)
		}
	case http.StatusNotFound:
		e.Kind = ErrNotFound
		e.Message = fmt.Sprintf("Greenhouse found nothing to %s (HTTP 404): the candidate or job may have been deleted", op)
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		e.Kind = ErrValidation
		e.Message = fmt.Sprintf("Greenhouse refused to %s (HTTP %d)", op, resp.status)
	default:
		e.Message = fmt.Sprintf("Greenhouse answered HTTP %d to %s", resp.status, op)
	}
	return e
}
