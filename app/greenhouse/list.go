package greenhouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shortlist-hq/shortlist/db"
)

// maxIDs is the most ids v3 accepts in one ids= filter.
const maxIDs = 50

// List walks resource r page by page, calling fn with each page's records.
// It stops at the last page, at fn's first error (returned as is), or when
// ctx ends. A sync persists Page.Next after storing each page, so that a
// later List with ListOptions.Resume carries on from there.
func (c *Client) List(ctx context.Context, r Resource, opts ListOptions, fn func(Page) error) error {
	return c.walk(ctx, r, opts, c.decodePage, fn)
}

// walk is List with the page decoder given.
func (c *Client) walk(ctx context.Context, r Resource, opts ListOptions, decode func(Resource, []byte) (Batch, deferral, error), fn func(Page) error) error {
	op := "list " + r.label()
	var u string
	resumed := opts.Resume != ""
	if resumed {
		if err := c.checkLink(opts.Resume, r); err != nil {
			return fmt.Errorf("%w: %s: %v", ErrBadResume, op, err)
		}
		u = opts.Resume
	} else {
		var err error
		if u, err = c.firstURL(r, opts); err != nil {
			return err
		}
	}
	for u != "" {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("greenhouse: %s: %w", op, err)
		}
		resp, err := c.apiGet(ctx, r, op, u)
		if err != nil {
			// A cursor Greenhouse no longer accepts is a reason to restart
			// the walk, not to stop syncing.
			if resumed && (errors.Is(err, ErrValidation) || errors.Is(err, ErrNotFound)) {
				return fmt.Errorf("%w: %w", ErrBadResume, err)
			}
			return err
		}
		resumed = false
		b, d, err := decode(r, resp.body)
		if err != nil {
			return fmt.Errorf("greenhouse: %s: reading the answer: %w", op, err)
		}
		if err := c.resolveOptions(ctx, &b); err != nil {
			return fmt.Errorf("greenhouse: %s: naming schools, degrees and disciplines: %w", op, err)
		}
		next, err := c.nextLink(resp.header, u, r)
		if err != nil {
			return fmt.Errorf("greenhouse: %s: %w", op, err)
		}
		if next == u {
			return fmt.Errorf("greenhouse: %s: the next page link points at the same page", op)
		}
		if d.count > 0 {
			c.log.Debug("greenhouse: records still being processed left for a later pass",
				slog.String("resource", string(r)), slog.Int("count", d.count))
		}
		page := Page{Batch: b, Next: next, Deferred: d.count, DeferredFloor: d.floor, DeferredAtEnd: d.atEnd, FirstCreatedAt: d.first}
		if err := fn(page); err != nil {
			return err
		}
		u = next
	}
	return nil
}

// collect walks r to the end, adding every page to b.
func (c *Client) collect(ctx context.Context, r Resource, opts ListOptions, b *Batch) error {
	return c.List(ctx, r, opts, func(p Page) error {
		b.Add(p.Batch)
		return nil
	})
}

// urlFor builds an API URL below /<version>/.
func (c *Client) urlFor(path string, q url.Values) string {
	u := c.base.String() + "/" + c.version + "/" + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// endpoint is the list URL of r for the connected version.
func (c *Client) endpoint(r Resource, suffix string, q url.Values) string {
	if c.version == V3 {
		return c.urlFor(string(r)+suffix, q)
	}
	return c.urlFor(v1Routes[r].path+suffix, q)
}

// filterTime renders an UpdatedAfter bound. Truncating to the second keeps
// the bound inclusive: it can only widen the window, never skip a record.
func filterTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// firstURL is the URL of a walk's first page: filters and page size. Later
// pages come from the Link header.
func (c *Client) firstURL(r Resource, o ListOptions) (string, error) {
	if len(o.IDs) > maxIDs {
		return "", fmt.Errorf("greenhouse: list %s: %d ids given, Greenhouse takes at most %d per request (Get splits larger sets)", r.label(), len(o.IDs), maxIDs)
	}
	// A walk by ids fits on one page.
	q := url.Values{"per_page": {strconv.Itoa(max(c.cfg.PerPage, len(o.IDs)))}}
	if r == RejectionReasons {
		// Applications may point at Greenhouse's default reasons too.
		q.Set("include_defaults", "true")
	}
	if c.version == V3 {
		if !o.UpdatedAfter.IsZero() {
			q.Set("updated_at", "gte|"+filterTime(o.UpdatedAfter))
		}
		for name, ids := range map[string][]int64{"ids": o.IDs, "candidate_ids": o.CandidateIDs,
			"job_ids": o.JobIDs, "application_ids": o.ApplicationIDs} {
			if len(ids) > 0 {
				q.Set(name, joinIDs(ids))
			}
		}
		return c.endpoint(r, "", q), nil
	}
	rt, ok := v1Routes[r]
	if !ok {
		return "", c.v1NoRoute(r)
	}
	// Without the total count Greenhouse answers faster; we follow next links
	// and never need rel="last".
	q.Set("skip_count", "true")
	if rt.since != "" && !o.UpdatedAfter.IsZero() {
		q.Set(rt.since, filterTime(o.UpdatedAfter))
	}
	switch {
	case len(o.IDs) > 0 && r == Candidates:
		q.Set("candidate_ids", joinIDs(o.IDs))
	case len(o.IDs) > 0 || len(o.CandidateIDs) > 0 || len(o.JobIDs) > 0 || len(o.ApplicationIDs) > 0:
		return "", fmt.Errorf("%w: Harvest v1 cannot list %s by id; use Get", ErrUnsupported, r.label())
	}
	return c.endpoint(r, "", q), nil
}

func (c *Client) v1NoRoute(r Resource) error {
	switch r {
	case Notes:
		return fmt.Errorf("%w: Harvest v1 serves notes per candidate only; use CandidateNotes", ErrUnsupported)
	case CandidateEducations, CandidateEmployments, Attachments:
		return fmt.Errorf("%w: Harvest v1 has no list of %s; they come with each candidate", ErrUnsupported, r.label())
	case JobHiringManagers, JobOwners, Openings:
		return fmt.Errorf("%w: Harvest v1 has no list of %s; they come with each job", ErrUnsupported, r.label())
	}
	return fmt.Errorf("%w: Harvest v1 has no list of %s", ErrUnsupported, r.label())
}

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// listPath is the URL path of r's list route, which every page of a walk of
// r shares.
func (c *Client) listPath(r Resource) string {
	p := c.base.EscapedPath() + "/" + c.version + "/"
	if c.version == V3 {
		return p + string(r)
	}
	return p + v1Routes[r].path
}

// checkLink makes sure a URL to follow (a next link or a saved resume
// position) is a page of r on the configured host: the bearer token or API
// key must never go anywhere else.
func (c *Client) checkLink(link string, r Resource) error {
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Errorf("unreadable link: %w", err)
	}
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) {
		return fmt.Errorf("the link goes to %s://%s, not to the configured %s://%s", u.Scheme, u.Host, c.base.Scheme, c.base.Host)
	}
	if u.EscapedPath() != c.listPath(r) {
		return fmt.Errorf("the link is for %s, not for %s", u.Path, c.listPath(r))
	}
	return nil
}

// nextLink finds rel="next" in the Link headers and resolves it against the
// page's URL. v3 sends only next; v1 sends next, prev and last.
func (c *Client) nextLink(h http.Header, cur string, r Resource) (string, error) {
	next := ""
	for _, v := range h.Values("Link") {
		for _, l := range parseLinks(v) {
			if l.rel("next") {
				next = l.url
			}
		}
	}
	if next == "" {
		return "", nil
	}
	base, err := url.Parse(cur)
	if err != nil {
		return "", err
	}
	ref, err := url.Parse(next)
	if err != nil {
		return "", fmt.Errorf("unreadable next link %q: %w", next, err)
	}
	abs := base.ResolveReference(ref).String()
	if err := c.checkLink(abs, r); err != nil {
		return "", fmt.Errorf("refusing to follow the next link: %w", err)
	}
	return abs, nil
}

type link struct {
	url  string
	rels []string
}

func (l link) rel(name string) bool {
	return slices.ContainsFunc(l.rels, func(s string) bool { return strings.EqualFold(s, name) })
}

// parseLinks reads an RFC 8288 Link header. It scans rather than splitting
// on commas because URLs may hold commas (candidate_ids=1,2).
func parseLinks(h string) []link {
	var out []link
	for {
		start := strings.IndexByte(h, '<')
		if start < 0 {
			return out
		}
		end := strings.IndexByte(h[start:], '>')
		if end < 0 {
			return out
		}
		l := link{url: strings.TrimSpace(h[start+1 : start+end])}
		h = h[start+end+1:]
		// Parameters run to the next comma outside quotes.
		i, quoted := 0, false
		for ; i < len(h); i++ {
			if h[i] == '"' {
				quoted = !quoted
			} else if h[i] == ',' && !quoted {
				break
			}
		}
		for _, p := range strings.Split(h[:i], ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "rel") {
				l.rels = append(l.rels, strings.Fields(strings.Trim(strings.TrimSpace(v), `"`))...)
			}
		}
		out = append(out, l)
		if i >= len(h) {
			return out
		}
		h = h[i+1:]
	}
}

func splitArray(body []byte) ([]json.RawMessage, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		return nil, fmt.Errorf("expected a JSON array: %w", err)
	}
	return items, nil
}

// undeferred adapts a decoder of answers that never hold records still
// being processed (v1) to walk.
func undeferred(decode func(Resource, []byte) (Batch, error)) func(Resource, []byte) (Batch, deferral, error) {
	return func(r Resource, body []byte) (Batch, deferral, error) {
		b, err := decode(r, body)
		return b, deferral{}, err
	}
}

func (c *Client) decodePage(r Resource, body []byte) (Batch, deferral, error) {
	if c.version == V3 {
		return decodeV3(r, body)
	}
	b, err := decodeV1List(r, body)
	return b, deferral{}, err
}

// v3Children are the child resources a v3 Get fetches with its parents, so
// Get returns the same kinds in both versions (v1 embeds these). Candidates
// also bring their applications, which v1 embeds in a candidate too.
var v3Children = map[Resource][]struct {
	r   Resource
	set func(*ListOptions, []int64)
}{
	Candidates: {
		{CandidateEducations, byCandidate}, {CandidateEmployments, byCandidate},
		{Attachments, byCandidate}, {Applications, byCandidate},
	},
	Jobs:         {{JobHiringManagers, byJob}, {JobOwners, byJob}, {Openings, byJob}},
	Applications: {{Attachments, byApplication}, {ApplicationStages, byApplication}},
}

func byCandidate(o *ListOptions, ids []int64)   { o.CandidateIDs = ids }
func byJob(o *ListOptions, ids []int64)         { o.JobIDs = ids }
func byApplication(o *ListOptions, ids []int64) { o.ApplicationIDs = ids }

// Get fetches records of r by id, for webhooks that mention records the
// database does not have. Ids Greenhouse does not know are left out, not
// reported. Candidates come with their educations, employments, attachments
// and applications; jobs with hiring managers, owners and openings;
// applications with attachments (and, in v3, stage history), in both
// versions. v3 asks 50 ids at a time (one request per route: the records,
// then each kind of child); v1 asks candidates 50 at a time too (the list
// route's candidate_ids) and everything else one by one, as v1 has no other
// id filter.
func (c *Client) Get(ctx context.Context, r Resource, ids []int64) (Batch, error) {
	var b Batch
	if c.version == V3 {
		for chunk := range slices.Chunk(ids, maxIDs) {
			if err := c.collect(ctx, r, ListOptions{IDs: chunk}, &b); err != nil {
				return b, err
			}
			for _, ch := range v3Children[r] {
				var o ListOptions
				ch.set(&o, chunk)
				if err := c.collect(ctx, ch.r, o, &b); err != nil {
					return b, err
				}
			}
		}
		return b, nil
	}
	rt, ok := v1Routes[r]
	if !ok {
		return b, c.v1NoRoute(r)
	}
	if r == Candidates {
		// The list answers the same objects as GET /v1/candidates/{id}:
		// read them whole, applications included.
		for chunk := range slices.Chunk(ids, maxIDs) {
			err := c.walk(ctx, r, ListOptions{IDs: chunk}, undeferred(decodeV1Whole), func(p Page) error {
				b.Add(p.Batch)
				return nil
			})
			if err != nil {
				return b, err
			}
		}
		return b, nil
	}
	if !rt.show {
		// Lookup lists without a show route are short: read them whole.
		var all Batch
		if err := c.collect(ctx, r, ListOptions{}, &all); err != nil {
			return b, err
		}
		want := func(id int64) bool { return slices.Contains(ids, id) }
		for _, x := range all.Sources {
			if want(x.ID) {
				b.Sources = append(b.Sources, x)
			}
		}
		for _, x := range all.RejectionReasons {
			if want(x.ID) {
				b.RejectionReasons = append(b.RejectionReasons, x)
			}
		}
		for _, x := range all.CloseReasons {
			if want(x.ID) {
				b.CloseReasons = append(b.CloseReasons, x)
			}
		}
		return b, nil
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return b, fmt.Errorf("greenhouse: read %s: %w", r.label(), err)
		}
		op := fmt.Sprintf("read %s %d", r.label(), id)
		resp, err := c.apiGet(ctx, r, op, c.endpoint(r, "/"+strconv.FormatInt(id, 10), nil))
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return b, err
		}
		if err := decodeV1One(r, resp.body, &b); err != nil {
			return b, fmt.Errorf("greenhouse: %s: reading the answer: %w", op, err)
		}
	}
	return b, nil
}

// CandidateNotes reads the notes on one candidate. In v3 they are a
// resource (GET /v3/notes?candidate_ids=); v1 has them only in the
// candidate's activity feed, so a v1 sync reads notes per candidate.
func (c *Client) CandidateNotes(ctx context.Context, candidateID int64) ([]db.Note, error) {
	if c.version == V3 {
		var b Batch
		err := c.collect(ctx, Notes, ListOptions{CandidateIDs: []int64{candidateID}}, &b)
		return b.Notes, err
	}
	op := fmt.Sprintf("read the activity feed of candidate %d", candidateID)
	resp, err := c.apiGet(ctx, Notes, op, c.urlFor(fmt.Sprintf("candidates/%d/activity_feed", candidateID), nil))
	if err != nil {
		return nil, err
	}
	notes, err := decodeV1ActivityFeed(resp.body, candidateID)
	if err != nil {
		return nil, fmt.Errorf("greenhouse: %s: reading the answer: %w", op, err)
	}
	return notes, nil
}
