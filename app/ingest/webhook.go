package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// Actions lists the webhook actions Greenhouse documents; Webhooks applies
// every one of them. Anything else (the undocumented ping, new actions) is
// logged as ignored.
var Actions = []string{
	"new_candidate_application", "new_prospect_application", "application_updated", "delete_application",
	"candidate_stage_change", "hire_candidate", "unhire_candidate", "reject_candidate", "unreject_candidate",
	"update_candidate", "delete_candidate", "merge_candidate", "candidate_anonymized",
	"job_created", "job_updated", "job_deleted", "job_approved",
	"job_post_created", "job_post_updated", "job_post_deleted", "job_interview_stage_deleted",
	"offer_created", "offer_approved", "offer_updated", "offer_deleted",
	"interview_deleted", "scorecard_deleted", "department_deleted", "office_deleted",
}

// maxAttempts is how often an event that fails to apply is retried before
// it is marked failed (the periodic sync then reconciles what it carried).
const maxAttempts = 5

// drainWindow is how many pending events Drain reads at a time: the records
// they need from Harvest are fetched together, fetchChunk ids a request.
const drainWindow = 500

// fetchChunk is the most ids asked of Harvest at once: v3's ids= and
// candidate_ids= filters and v1's candidate_ids= take 50.
const fetchChunk = 50

// ErrWaiting is returned by Drain when Greenhouse could not give the
// records the next event needs (unavailable, or rate limiting past the
// client's patience): that event and the ones after it stay pending, and
// it does not count as a failed attempt.
var ErrWaiting = errors.New("webhook events wait for Greenhouse")

// Webhooks applies logged webhook deliveries to the database, in the order
// they arrived. Each event is applied in one transaction together with its
// "applied" mark, so an event is applied once or not at all, and the log
// can be replayed from the start to rebuild the same state.
//
// Records an event names but does not carry are read from Harvest in bulk:
// Drain reads a window of pending events, and when it reaches one that needs
// records it asks for them together with those the following events of the
// window need (up to fetchChunk ids a request), so a burst of N events
// costs about N/50 requests a route, not N. A fetch serves only events
// logged before it began, so what it brings is never older than an event
// it serves; a record it brings is stored in the transaction of each event
// that asked for it, in order, and upserts keep the newer copy by
// updated_at, so an earlier fetch cannot overwrite a later event.
type Webhooks struct {
	db  *db.DB
	log *slog.Logger
	// source gives the Harvest client and syncer in use (nil when not
	// connected): records an event names but does not carry are fetched.
	source func() *Syncer
	// Applied is called after each event commits (the indexer's cue).
	Applied func()
	wakeC   chan struct{}
	mu      sync.Mutex // one drain at a time
}

// NewWebhooks returns a processor for d; source returns the current syncer
// or nil.
func NewWebhooks(d *db.DB, source func() *Syncer, log *slog.Logger) *Webhooks {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Webhooks{db: d, log: log, source: source, wakeC: make(chan struct{}, 1)}
}

// Wake asks the processor to look for new events now.
func (w *Webhooks) Wake() {
	select {
	case w.wakeC <- struct{}{}:
	default:
	}
}

// Run applies events as they arrive until ctx ends. While Greenhouse cannot
// be read it retries with a growing pause (5 s up to 5 min) instead of on
// every delivery.
func (w *Webhooks) Run(ctx context.Context) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	var pause time.Duration
	for {
		_, err := w.Drain(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case errors.Is(err, ErrWaiting):
			pause = min(max(2*pause, 5*time.Second), 5*time.Minute)
			w.log.Warn("webhook events wait for Greenhouse", slog.Duration("retry_in", pause), slog.Any("error", err))
		case err != nil:
			pause = 0
			w.log.Error("apply webhooks", slog.Any("error", err))
		default:
			pause = 0
		}
		if pause > 0 {
			wait := time.NewTimer(pause)
			select {
			case <-ctx.Done():
				wait.Stop()
				return
			case <-wait.C:
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wakeC:
		case <-t.C:
		}
	}
}

// Drain applies every pending event it can and returns how many it
// handled. It stops early, leaving the rest pending, at an event that
// failed to apply (counted as an attempt; the error is logged and nil is
// returned) or whose records Greenhouse could not give (ErrWaiting).
func (w *Webhooks) Drain(ctx context.Context) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	done := 0
	for {
		evs, err := w.db.PendingWebhookEvents(ctx, drainWindow)
		if err != nil || len(evs) == 0 {
			return done, err
		}
		n, err := w.drain(ctx, evs)
		done += n
		if err != nil || n < len(evs) {
			return done, err
		}
	}
}

// event is a logged event with what to do about it.
type event struct {
	ev db.WebhookEvent
	wh greenhouse.Webhook
	p  *plan // nil when the event is settled without applying
	// status and note settle an event that is not applied (a payload that
	// cannot be read, an action Shortlist ignores).
	status, note string
}

// drain handles one window of events, in order, and returns how many it
// settled.
func (w *Webhooks) drain(ctx context.Context, evs []db.WebhookEvent) (int, error) {
	items := make([]*event, 0, len(evs))
	for _, ev := range evs {
		it, err := w.prepare(ctx, ev)
		if err != nil {
			// The database could not be read: handle the events before
			// this one, and try it again later.
			if ctx.Err() != nil {
				return 0, ctx.Err()
			}
			w.log.Warn("webhook event not planned; will retry", slog.String("event_id", ev.EventID), slog.Any("error", err))
			if nerr := w.db.NoteWebhookAttempt(ctx, ev.ID, err.Error(), maxAttempts); nerr != nil {
				return 0, errors.Join(err, nerr)
			}
			break
		}
		items = append(items, it)
	}
	f := &fetcher{log: w.log}
	src := w.source()
	if src != nil {
		f.gh = src.gh
	}
	done, files := 0, false
	defer func() {
		if files && src != nil {
			// Signed links expire: fetch the files now, not at the next sync.
			// The downloader logs and records its own failures.
			go src.FetchResumes(ctx)
		}
	}()
	for i, it := range items {
		if err := f.fetchFor(ctx, items, i); err != nil {
			if ctx.Err() != nil {
				return done, ctx.Err()
			}
			w.log.Warn("webhook event waits for Greenhouse", slog.String("action", it.wh.Action),
				slog.String("event_id", it.ev.EventID), slog.Any("error", err))
			if nerr := w.db.NoteWebhookWaiting(ctx, it.ev.ID, "waiting for Greenhouse: "+err.Error()); nerr != nil {
				return done, errors.Join(err, nerr)
			}
			return done, fmt.Errorf("%w: %w", ErrWaiting, err)
		}
		got, err := w.apply(ctx, it, f)
		if err != nil {
			if ctx.Err() != nil {
				return done, ctx.Err()
			}
			w.log.Warn("webhook event not applied; will retry", slog.String("action", it.wh.Action),
				slog.String("event_id", it.ev.EventID), slog.Any("error", err))
			if nerr := w.db.NoteWebhookAttempt(ctx, it.ev.ID, err.Error(), maxAttempts); nerr != nil {
				return done, errors.Join(err, nerr)
			}
			// Later events wait: applying them first would break order.
			return done, nil
		}
		files = files || got
		done++
		if w.Applied != nil {
			w.Applied()
		}
	}
	return done, nil
}

// retryError marks a planning failure that says nothing about the event
// (the database could not be read): the event is tried again, not failed.
type retryError struct{ error }

func (e retryError) Unwrap() error { return e.error }

// prepare decodes and plans an event. It fails only when the database
// cannot be read; a payload that cannot be read settles the event as failed.
func (w *Webhooks) prepare(ctx context.Context, ev db.WebhookEvent) (*event, error) {
	it := &event{ev: ev}
	wh, err := greenhouse.ParseWebhook(ev.Body)
	if err != nil {
		// The receiver checked this; a body that fails now is bad for good.
		it.status, it.note = db.EventFailed, err.Error()
		return it, nil
	}
	it.wh = wh
	p, err := w.plan(ctx, wh)
	var retry retryError
	switch {
	case errors.As(err, &retry):
		return nil, err
	case err != nil:
		it.status, it.note = db.EventFailed, err.Error()
	case p.ignored != "":
		it.status, it.note = db.EventIgnored, p.ignored
	default:
		it.p = p
	}
	return it, nil
}

// fetcher reads from Harvest, for one window of events, the records they
// name, many ids per request. It lives as long as the window: its copies
// are never used for events logged after it began.
type fetcher struct {
	gh  Greenhouse // nil when Greenhouse is not connected
	log *slog.Logger
	got greenhouse.Batch
	// asked holds the ids requested so far per resource; refused the reason
	// Greenhouse refused some for good (permission, bad request).
	asked   map[greenhouse.Resource]map[int64]bool
	refused map[greenhouse.Resource]map[int64]string
}

// resources lists the resources a plan needs, in a fixed order.
func (p *plan) resources() []greenhouse.Resource {
	if p == nil {
		return nil
	}
	rs := slices.Collect(maps.Keys(p.fetch))
	slices.Sort(rs)
	return rs
}

// fetchFor makes sure the records items[i] needs have been asked for,
// asking in the same requests for those the events after it need. It
// returns an error only when Greenhouse could not answer for now (the
// events must wait); a refusal for good is noted and the events are
// applied with what they carry.
func (f *fetcher) fetchFor(ctx context.Context, items []*event, i int) error {
	if f.gh == nil {
		return nil
	}
	for _, r := range items[i].p.resources() {
		ids := f.next(items[i:], r)
		if len(ids) == 0 {
			continue
		}
		b, err := f.gh.Get(ctx, r, ids)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !refusedForGood(err) {
				return fmt.Errorf("fetch %d %s: %w", len(ids), r, err)
			}
			f.log.Warn("webhook: Greenhouse refused to give records", slog.String("resource", string(r)), slog.Any("error", err))
		}
		if f.asked == nil {
			f.asked = map[greenhouse.Resource]map[int64]bool{}
			f.refused = map[greenhouse.Resource]map[int64]string{}
		}
		if f.asked[r] == nil {
			f.asked[r] = map[int64]bool{}
			f.refused[r] = map[int64]string{}
		}
		for _, id := range ids {
			f.asked[r][id] = true
			if err != nil {
				f.refused[r][id] = fmt.Sprintf("fetching %s from Greenhouse failed: %v", r, err)
			}
		}
		f.got.Add(b)
	}
	return nil
}

// next returns the ids of r to ask for now: none when items[0] needs none
// not asked for yet; otherwise first those items[0] needs (all of them, even
// past fetchChunk), then those of the events after it, up to fetchChunk in
// all.
func (f *fetcher) next(items []*event, r greenhouse.Resource) []int64 {
	if !slices.ContainsFunc(items[0].p.fetch[r], func(id int64) bool { return !f.asked[r][id] }) {
		return nil // asked with an earlier event's
	}
	var ids []int64
	seen := map[int64]bool{}
	for k, it := range items {
		if it.p == nil {
			continue
		}
		for _, id := range it.p.fetch[r] {
			if f.asked[r][id] || seen[id] {
				continue
			}
			if k > 0 && len(ids) >= fetchChunk {
				return ids
			}
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// refusedForGood reports whether Greenhouse's refusal will not change by
// asking again: then the event is applied with what it carries.
func refusedForGood(err error) bool {
	for _, kind := range []error{greenhouse.ErrForbidden, greenhouse.ErrNotFound, greenhouse.ErrValidation, greenhouse.ErrUnsupported} {
		if errors.Is(err, kind) {
			return true
		}
	}
	return false
}

// records returns the fetched records a plan asked for, and a note on
// those that could not be had.
func (f *fetcher) records(p *plan) (greenhouse.Batch, []string) {
	var out greenhouse.Batch
	var notes []string
	if len(p.fetch) > 0 && f.gh == nil {
		return out, []string{"Greenhouse is not connected: records the event names were not fetched"}
	}
	for _, r := range p.resources() {
		ids := p.fetch[r]
		out.Add(f.got.Only(r, ids))
		for _, id := range ids {
			if why := f.refused[r][id]; why != "" {
				notes = append(notes, why)
				break
			}
		}
	}
	return out, notes
}

// plan is what an event does to the database.
type plan struct {
	store   greenhouse.Batch // records carried by the payload
	deletes []deletion
	merge   *[2]int64 // from, into
	anon    *anonymization
	// fetch names records to read from Harvest: those the payload names but
	// does not carry in full or with a date.
	fetch map[greenhouse.Resource][]int64
	// ignored explains why nothing was done.
	ignored string
	// notes are parts of the payload that could not be used.
	notes []string
}

type deletion struct {
	table string
	id    int64
}

type anonymization struct {
	id     int64
	fields []string
}

func (p *plan) need(r greenhouse.Resource, id int64) {
	if id == 0 {
		return
	}
	if p.fetch == nil {
		p.fetch = map[greenhouse.Resource][]int64{}
	}
	for _, x := range p.fetch[r] {
		if x == id {
			return
		}
	}
	p.fetch[r] = append(p.fetch[r], id)
}

// apply applies one event in one transaction with its mark, storing the
// fetched records it asked for. It reports whether those held files.
func (w *Webhooks) apply(ctx context.Context, it *event, f *fetcher) (bool, error) {
	if it.p == nil {
		if it.status == db.EventIgnored {
			w.log.Info("webhook ignored", slog.String("action", it.wh.Action), slog.String("reason", it.note))
		}
		return false, w.finish(ctx, it.ev, it.status, it.note, nil)
	}
	p, ev, wh := it.p, it.ev, it.wh
	fetched, notes := f.records(p)
	notes = append(slices.Clip(p.notes), notes...)
	err := w.finish(ctx, ev, db.EventApplied, strings.Join(notes, "; "), func(tx *db.Tx) error {
		at := ev.ReceivedAt
		for _, d := range p.deletes {
			if _, err := tx.DeleteByID(ctx, d.table, d.id, at); err != nil {
				return err
			}
		}
		if p.merge != nil {
			if err := tx.MergeCandidates(ctx, p.merge[0], p.merge[1], at); err != nil {
				return err
			}
		}
		if _, err := storeBatch(ctx, tx, &p.store, storeOpts{dated: true}); err != nil {
			return err
		}
		// Harvest's copies are current and dated: they win over older
		// ones and lose to newer ones.
		if _, err := storeBatch(ctx, tx, &fetched, storeOpts{}); err != nil {
			return err
		}
		if p.anon != nil {
			if err := tx.AnonymizeCandidate(ctx, p.anon.id, p.anon.fields, at); err != nil {
				return err
			}
		}
		return w.erase(ctx, tx, ev, wh)
	})
	if err != nil {
		return false, err
	}
	return len(fetched.Attachments) > 0, nil
}

// erase keeps a deleted or anonymized person's data out of the webhook log:
// the events that carried it go, and the erasing event keeps only ids. An
// event about someone already deleted (a late Greenhouse retry) goes too.
func (w *Webhooks) erase(ctx context.Context, tx *db.Tx, ev db.WebhookEvent, wh greenhouse.Webhook) error {
	cid := wh.CandidateID()
	if cid == 0 {
		return nil
	}
	switch wh.Action {
	case "delete_candidate":
		minimal := fmt.Appendf(nil, `{"action":"delete_candidate","payload":{"person":{"id":%d}}}`, cid)
		return tx.EraseCandidateEvents(ctx, cid, ev.ID, minimal)
	case "candidate_anonymized":
		// Its own body holds only the id and the names of the fields.
		return tx.EraseCandidateEvents(ctx, cid, ev.ID, ev.Body)
	}
	gone, err := tx.CandidateDeleted(ctx, cid)
	if err != nil || !gone {
		return err
	}
	return tx.EraseCandidateEvents(ctx, cid, 0, nil)
}

// finish runs fn (if any) and marks the event in one transaction.
func (w *Webhooks) finish(ctx context.Context, ev db.WebhookEvent, status, note string, fn func(*db.Tx) error) error {
	return w.db.Update(ctx, func(tx *db.Tx) error {
		if fn != nil {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return tx.FinishWebhookEvent(ctx, ev.ID, status, note)
	})
}

// plan decodes an event's payload. Payload roots differ by action.
func (w *Webhooks) plan(ctx context.Context, wh greenhouse.Webhook) (*plan, error) {
	p := &plan{}
	var payload map[string]json.RawMessage
	if len(wh.Payload) > 0 && string(wh.Payload) != "null" {
		if err := json.Unmarshal(wh.Payload, &payload); err != nil {
			return nil, fmt.Errorf("payload: %w", err)
		}
	}
	obj := func(key string) (json.RawMessage, error) {
		v, ok := payload[key]
		if !ok || string(v) == "null" {
			return nil, fmt.Errorf("%s: payload.%s is missing", wh.Action, key)
		}
		return v, nil
	}
	id := func(raw json.RawMessage, key string) (int64, error) {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(raw, &v); err != nil {
			return 0, fmt.Errorf("%s: %w", wh.Action, err)
		}
		var n int64
		if err := json.Unmarshal(v[key], &n); err != nil || n == 0 {
			return 0, fmt.Errorf("%s: no %s", wh.Action, key)
		}
		return n, nil
	}
	del := func(root, table string) error {
		raw, err := obj(root)
		if err != nil {
			return err
		}
		n, err := id(raw, "id")
		if err != nil {
			return err
		}
		p.deletes = append(p.deletes, deletion{table, n})
		return nil
	}

	switch wh.Action {
	case "new_candidate_application", "new_prospect_application", "application_updated", "candidate_stage_change",
		"hire_candidate", "unhire_candidate", "reject_candidate", "unreject_candidate":
		raw, err := obj("application")
		if err != nil {
			return nil, err
		}
		return p, w.planApplication(ctx, p, raw, impliedStatus[wh.Action])
	case "update_candidate":
		raw, err := obj("candidate")
		if err != nil {
			return nil, err
		}
		return p, w.planCandidate(ctx, p, raw, time.Time{})
	case "delete_application":
		return p, del("application", "applications")
	case "delete_candidate":
		return p, del("person", "candidates")
	case "merge_candidate":
		raw, err := obj("person")
		if err != nil {
			return nil, err
		}
		from, err := id(raw, "id")
		if err != nil {
			return nil, err
		}
		into, err := id(raw, "new_candidate_id")
		if err != nil {
			return nil, err
		}
		p.merge = &[2]int64{from, into}
		p.need(greenhouse.Candidates, into)
		return p, nil
	case "candidate_anonymized":
		var v struct {
			CandidateID int64    `json:"candidate_id"`
			Fields      []string `json:"anonymized_fields"`
		}
		if err := json.Unmarshal(wh.Payload, &v); err != nil || v.CandidateID == 0 {
			return nil, fmt.Errorf("candidate_anonymized: no candidate_id")
		}
		p.anon = &anonymization{v.CandidateID, v.Fields}
		return p, nil
	case "job_created", "job_updated", "job_approved":
		raw, err := obj("job")
		if err != nil {
			return nil, err
		}
		b, err := greenhouse.DecodeV1(greenhouse.Jobs, raw)
		if err != nil {
			return nil, err
		}
		p.store.Add(b)
		for _, j := range b.Jobs {
			// The job webhook has no updated_at: Harvest has the dated copy.
			p.need(greenhouse.Jobs, j.ID)
		}
		return p, nil
	case "job_deleted":
		return p, del("job", "jobs")
	case "job_post_created", "job_post_updated":
		// The post's fields sit directly in the payload.
		b, err := greenhouse.DecodeV1(greenhouse.JobPosts, wh.Payload)
		if err != nil {
			return nil, err
		}
		p.store.Add(b)
		for _, jp := range b.JobPosts {
			if ok, err := w.db.Has(ctx, "jobs", jp.JobID); err != nil {
				return nil, retryError{err}
			} else if !ok {
				p.need(greenhouse.Jobs, jp.JobID)
			}
		}
		return p, nil
	case "job_post_deleted":
		return p, del("job_post", "job_posts")
	case "job_interview_stage_deleted":
		return p, del("job_interview_stage", "job_interview_stages")
	case "offer_created", "offer_approved", "offer_updated":
		b, err := greenhouse.DecodeV1(greenhouse.Offers, wh.Payload)
		if err != nil {
			return nil, err
		}
		p.store.Add(b)
		for _, o := range b.Offers {
			p.need(greenhouse.Offers, o.ID)
		}
		return p, nil
	case "offer_deleted":
		return p, del("offer", "offers")
	case "interview_deleted":
		return p, del("interview", "interviews")
	case "scorecard_deleted":
		return p, del("scorecard", "scorecards")
	case "department_deleted":
		return p, del("department", "departments")
	case "office_deleted":
		return p, del("office", "offices")
	}
	p.ignored = fmt.Sprintf("action %q is not one Shortlist acts on", wh.Action)
	return p, nil
}

// impliedStatus is the status an action leaves an application in, for
// payloads that leave it out (hire_candidate's does).
var impliedStatus = map[string]string{
	"hire_candidate": db.StatusHired, "reject_candidate": db.StatusRejected,
	"unhire_candidate": db.StatusActive, "unreject_candidate": db.StatusActive,
}

// planApplication handles the events whose payload is an application with
// its candidate and jobs nested.
func (w *Webhooks) planApplication(ctx context.Context, p *plan, raw json.RawMessage, status string) error {
	b, err := greenhouse.DecodeV1(greenhouse.Applications, raw)
	if err != nil {
		return err
	}
	if len(b.Applications) == 0 || b.Applications[0].ID == 0 {
		return errors.New("the application has no id")
	}
	if b.Applications[0].Status == "" && status != "" {
		b.Applications[0].Status = status
	}
	app := b.Applications[0]
	b.Attachments = nil // webhook attachments carry no upload time: see planCandidate
	p.store.Add(b)
	// A prospect's application names the jobs it is considered for.
	for _, id := range app.JobIDs() {
		if ok, err := w.db.Has(ctx, "jobs", id); err != nil {
			return retryError{err}
		} else if !ok {
			p.need(greenhouse.Jobs, id)
		}
	}
	var nested struct {
		Candidate json.RawMessage   `json:"candidate"`
		Jobs      []json.RawMessage `json:"jobs"`
	}
	if err := json.Unmarshal(raw, &nested); err != nil {
		return err
	}
	// The jobs inside are undated: they only fill in a job not known yet
	// (Harvest's full copy is fetched too), never overwrite one.
	for _, j := range nested.Jobs {
		jb, err := greenhouse.DecodeV1(greenhouse.Jobs, j)
		if err != nil {
			// Context only: the application applies without it.
			p.notes = append(p.notes, "a job inside the application could not be read: "+err.Error())
			continue
		}
		p.store.Add(greenhouse.Batch{Jobs: jb.Jobs})
	}
	if len(nested.Candidate) > 0 && string(nested.Candidate) != "null" {
		// The candidate inside is as of the event: date it by the
		// application's last activity.
		return w.planCandidate(ctx, p, nested.Candidate, app.LastActivityAt)
	}
	p.need(greenhouse.Candidates, app.CandidateID)
	return nil
}

// planCandidate stores the candidate a payload carries and decides whether
// to fetch it from Harvest: when it is new, when the payload is undated
// (it may be older than what is stored), or when it lists files Shortlist
// does not have (webhook attachments lack the upload time that identifies
// a file, and their links expire).
func (w *Webhooks) planCandidate(ctx context.Context, p *plan, raw json.RawMessage, asOf time.Time) error {
	b, err := greenhouse.DecodeV1(greenhouse.Candidates, raw)
	if err != nil {
		return err
	}
	if len(b.Candidates) == 0 {
		return errors.New("the candidate has no id")
	}
	c := b.Candidates[0]
	if c.UpdatedAt.IsZero() && !asOf.IsZero() {
		b.Candidates[0].UpdatedAt = asOf
	}
	known, err := w.db.Has(ctx, "candidates", c.ID)
	if err != nil {
		return retryError{err}
	}
	fetch := !known || b.Candidates[0].UpdatedAt.IsZero()
	for _, a := range b.Attachments {
		if has, err := w.db.HasAttachment(ctx, c.ID, a.Type, a.Filename); err != nil {
			return retryError{err}
		} else if !has {
			fetch = true
		}
	}
	// Children without ids (webhook educations and employments) or
	// without upload times (attachments) cannot be keyed: Harvest has them.
	b.Attachments = nil
	b.Educations = keep(b.Educations, func(e db.CandidateEducation) bool { return e.ID != 0 })
	b.Employments = keep(b.Employments, func(e db.CandidateEmployment) bool { return e.ID != 0 })
	p.store.Add(b)
	if fetch {
		p.need(greenhouse.Candidates, c.ID)
	}
	return nil
}

func keep[T any](xs []T, ok func(T) bool) []T {
	out := xs[:0]
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}
