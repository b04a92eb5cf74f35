package ingest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/app/ingest"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/db/sharedtest"
)

// fixture is Greenhouse's documented example of a webhook action.
func fixture(t testing.TB, action string) []byte {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "fixtures", "greenhouse", "webhook_"+action+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hookEnv is a database and a webhook processor with no Greenhouse
// connection, unless a syncer is given.
type hookEnv struct {
	db *db.DB
	wh *ingest.Webhooks
	n  int
}

func newHookEnv(t *testing.T, s *ingest.Syncer) *hookEnv {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "shortlist.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return &hookEnv{db: d, wh: ingest.NewWebhooks(d, func() *ingest.Syncer { return s }, nil)}
}

// deliver logs a body as the receiver would, then applies what is pending.
func (h *hookEnv) deliver(t *testing.T, body []byte) {
	t.Helper()
	h.n++
	wh, _ := greenhouse.ParseWebhook(body)
	_, _, err := h.db.StoreWebhookEvent(context.Background(), db.WebhookEvent{
		EventID: fmt.Sprintf("ev-%d", h.n), Action: wh.Action, CandidateID: wh.CandidateID(), Body: body,
		ReceivedAt: time.Date(2026, 1, 1, 0, 0, h.n, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.wh.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func (h *hookEnv) query(t *testing.T, q string, args ...any) string {
	t.Helper()
	conn, err := sql.Open("sqlite", h.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var out sql.NullString
	if err := conn.QueryRow(q, args...).Scan(&out); err != nil && err != sql.ErrNoRows {
		t.Fatalf("%s: %v", q, err)
	}
	return out.String
}

func (h *hookEnv) lastEvent(t *testing.T) db.WebhookEvent {
	t.Helper()
	evs, err := h.db.RecentWebhookEvents(context.Background(), 1)
	if err != nil || len(evs) == 0 {
		t.Fatalf("no event logged: %v", err)
	}
	return evs[0]
}

// TestEveryDocumentedActionIsApplied delivers Greenhouse's example payload
// of every documented action and checks what it did to the database.
func TestEveryDocumentedActionIsApplied(t *testing.T) {
	// Records the delete events name, so that deleting them is visible.
	seed := func(t *testing.T, h *hookEnv) {
		ctx := context.Background()
		err := h.db.Update(ctx, func(tx *db.Tx) error {
			db.Upsert(ctx, tx, []db.Candidate{{ID: 37031511, FirstName: "Jack", LastName: "Sparrow", Title: "Captain", Raw: []byte(`{"a":1}`)},
				{ID: 457456, FirstName: "Jack", LastName: "Sparrow", Raw: []byte(`{"a":2}`)}})
			db.Upsert(ctx, tx, []db.Application{{ID: 46194062, CandidateID: 37031511, JobID: 371417, Status: "active", Raw: []byte(`{}`)},
				{ID: 46196263, CandidateID: 37031511, JobID: 371417, Status: "active", Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Job{{ID: 209256, Name: "Project Manager", Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.JobPost{{ID: 258341, JobID: 284999, Title: "Software Engineer", Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.JobInterviewStage{{ID: 430608, JobID: 60453, Name: "Phone Screen", Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Offer{{ID: 506406, ApplicationID: 46194062, Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Interview{{ID: 31087450, Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Scorecard{{ID: 6036088, Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Department{{ID: 106, Name: "Creative", Raw: []byte(`{}`)}})
			db.Upsert(ctx, tx, []db.Office{{ID: 16492, Name: "New York", Raw: []byte(`{}`)}})
			_, err := db.UpsertAttachments(ctx, tx, []db.Attachment{{CandidateID: 37031511, Type: "resume", Filename: "cv.pdf",
				CreatedAt: time.Unix(1600000000, 0), Raw: []byte(`{}`)}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		action string
		query  string // SQL giving one value
		want   string
	}{
		{"new_candidate_application", "SELECT status || '/' || stage_name || '/' || job_id FROM applications WHERE id = 71980812", "active/Preliminary Phone Screen/274075"},
		// A prospect has no job: the webhook's jobs are its prospective jobs.
		{"new_prospect_application", "SELECT prospect || '/' || candidate_id || '/' || coalesce(job_id, 'null') || '/' || prospective_job_ids || '/' || " +
			"(SELECT group_concat(job_id) FROM application_prospective_jobs WHERE application_id = 979554) FROM applications WHERE id = 979554",
			"1/968190/null/[371417]/371417"},
		{"application_updated", "SELECT candidate_id FROM applications WHERE id = 22202940", "13857579"},
		{"candidate_stage_change", "SELECT stage_name FROM applications WHERE id = 265277", "Assessment"},
		{"hire_candidate", "SELECT status FROM applications WHERE id = 46194062", "hired"},
		{"unhire_candidate", "SELECT status FROM applications WHERE id = 265293", "active"},
		{"reject_candidate", "SELECT status || '/' || (rejected_at IS NOT NULL) FROM applications WHERE id = 265293", "rejected/1"},
		{"unreject_candidate", "SELECT status FROM applications WHERE id = 265293", "active"},
		{"update_candidate", "SELECT first_name FROM candidates WHERE id = 15696179", "Ronald"},
		{"delete_application", "SELECT count(*) FROM applications WHERE id = 46194062", "0"},
		{"delete_candidate", "SELECT (SELECT count(*) FROM candidates WHERE id = 37031511) + (SELECT count(*) FROM applications WHERE candidate_id = 37031511) + (SELECT count(*) FROM attachments WHERE candidate_id = 37031511)", "0"},
		{"merge_candidate", "SELECT (SELECT count(*) FROM candidates WHERE id = 37031511) || '/' || (SELECT count(*) FROM applications WHERE candidate_id = 457456)", "0/2"},
		{"candidate_anonymized", "SELECT first_name || '/' || title FROM candidates WHERE id = 37031511", "Anonymized/"},
		{"job_created", "SELECT name FROM jobs WHERE id = 371417", "Software Engineer"},
		{"job_updated", "SELECT name FROM jobs WHERE id = 100445", "Assistant Store Manager, NYC"},
		{"job_approved", "SELECT status FROM jobs WHERE id = 100445", "open"},
		{"job_deleted", "SELECT count(*) FROM jobs WHERE id = 209256", "0"},
		{"job_post_created", "SELECT title || '/' || job_id FROM job_posts WHERE id = 1815002", "A Cool Job/1842002"},
		{"job_post_updated", "SELECT title FROM job_posts WHERE id = 1813002", "A Cool Job"},
		{"job_post_deleted", "SELECT count(*) FROM job_posts WHERE id = 258341", "0"},
		{"job_interview_stage_deleted", "SELECT count(*) FROM job_interview_stages WHERE id = 430608", "0"},
		{"offer_created", "SELECT application_id FROM offers WHERE id = 12345", "234556"},
		{"offer_approved", "SELECT count(*) FROM offers WHERE id = 12345", "1"},
		{"offer_updated", "SELECT count(*) FROM offers WHERE id = 12345", "1"},
		{"offer_deleted", "SELECT count(*) FROM offers WHERE id = 506406", "0"},
		{"interview_deleted", "SELECT count(*) FROM interviews WHERE id = 31087450", "0"},
		{"scorecard_deleted", "SELECT count(*) FROM scorecards WHERE id = 6036088", "0"},
		{"department_deleted", "SELECT count(*) FROM departments WHERE id = 106", "0"},
		{"office_deleted", "SELECT count(*) FROM offices WHERE id = 16492", "0"},
	}
	if len(tests) != len(ingest.Actions) {
		t.Fatalf("%d cases for %d documented actions", len(tests), len(ingest.Actions))
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			if !slices.Contains(ingest.Actions, tt.action) {
				t.Fatalf("%s is not a documented action", tt.action)
			}
			h := newHookEnv(t, nil)
			seed(t, h)
			h.deliver(t, fixture(t, tt.action))
			ev := h.lastEvent(t)
			if ev.Status != db.EventApplied {
				t.Fatalf("event status %q (%s), want applied", ev.Status, ev.Error)
			}
			if got := h.query(t, tt.query); got != tt.want {
				t.Errorf("%s = %q, want %q", tt.query, got, tt.want)
			}
		})
	}
}

func TestUnknownActionsAreIgnored(t *testing.T) {
	for _, body := range []string{
		`{"action":"ping","payload":{"web_hook_id":1}}`,
		`{"action":"candidate_teleported","payload":{"candidate":{"id":5}}}`,
	} {
		h := newHookEnv(t, nil)
		h.deliver(t, []byte(body))
		if ev := h.lastEvent(t); ev.Status != db.EventIgnored {
			t.Errorf("%s: status %q, want ignored", body, ev.Status)
		}
		if got := h.query(t, "SELECT count(*) FROM candidates"); got != "0" {
			t.Errorf("%s stored a candidate", body)
		}
	}
}

// withActivity rewrites an application event's last activity (and stage),
// to make an older and a newer version of the same event.
func withActivity(t *testing.T, body []byte, at, stage string) []byte {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	app := env["payload"].(map[string]any)["application"].(map[string]any)
	app["last_activity_at"] = at
	app["current_stage"].(map[string]any)["name"] = stage
	out, _ := json.Marshal(env)
	return out
}

func TestOutOfOrderEventsEndInTheNewerState(t *testing.T) {
	base := fixture(t, "candidate_stage_change")
	older := withActivity(t, base, "2026-03-01T10:00:00Z", "Phone Screen")
	newer := withActivity(t, base, "2026-03-02T10:00:00Z", "Onsite")
	for _, order := range [][][]byte{{older, newer}, {newer, older}} {
		h := newHookEnv(t, nil)
		for _, b := range order {
			h.deliver(t, b)
		}
		if got := h.query(t, "SELECT stage_name FROM applications WHERE id = 265277"); got != "Onsite" {
			t.Errorf("stage = %q after delivering out of order, want the newer Onsite", got)
		}
	}

	// A delete, then a late retry of an update from before it: stays gone.
	h := newHookEnv(t, nil)
	h.deliver(t, withActivity(t, base, "2026-03-01T10:00:00Z", "Phone Screen"))
	del := []byte(`{"action":"delete_application","payload":{"application":{"id":265277,"candidate_id":265772}}}`)
	h.deliver(t, del)
	h.deliver(t, withActivity(t, base, "2025-12-01T10:00:00Z", "Phone Screen"))
	if got := h.query(t, "SELECT count(*) FROM applications WHERE id = 265277"); got != "0" {
		t.Error("a late, older event brought a deleted application back")
	}
}

func TestRetriedDeliveriesAreAppliedOnce(t *testing.T) {
	h := newHookEnv(t, nil)
	body := fixture(t, "new_candidate_application")
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		_, stored, err := h.db.StoreWebhookEvent(ctx, db.WebhookEvent{EventID: "same-id", Action: "new_candidate_application", Body: body})
		if err != nil {
			t.Fatal(err)
		}
		if stored != (i == 0) {
			t.Errorf("delivery %d stored = %v", i+1, stored)
		}
	}
	if _, err := h.wh.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	c, _ := h.db.WebhookEventCounts(ctx)
	if c[db.EventApplied] != 1 || len(c) != 1 {
		t.Errorf("event counts = %v, want one applied", c)
	}
}

// TestReplayReproducesState applies a history of events, then replays the
// whole log into an empty database and compares.
func TestReplayReproducesState(t *testing.T) {
	h := newHookEnv(t, nil)
	for _, a := range []string{"job_created", "new_candidate_application", "candidate_stage_change", "reject_candidate",
		"unreject_candidate", "job_post_created", "job_post_updated", "update_candidate", "offer_created", "offer_updated",
		"hire_candidate", "delete_application", "job_updated"} {
		h.deliver(t, fixture(t, a))
	}
	state := func(h *hookEnv) string {
		var parts []string
		for _, table := range db.Tables() {
			parts = append(parts, table+":"+h.query(t, "SELECT group_concat(x, ';') FROM (SELECT json_array(*) AS x FROM "+table+" ORDER BY 1)"))
		}
		return strings.Join(parts, "\n")
	}
	want := state(h)

	replay := newHookEnv(t, nil)
	evs, err := h.db.RecentWebhookEvents(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(evs)
	for _, ev := range evs {
		if _, _, err := replay.db.StoreWebhookEvent(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := replay.wh.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := state(replay); got != want {
		t.Errorf("replayed state differs:\n got %.400s\nwant %.400s", got, want)
	}
	// Replaying onto the same database changes nothing either.
	if err := h.db.ResetWebhookEvents(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.wh.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := state(h); got != want {
		t.Error("replaying the log over its own result changed the state")
	}
}

func TestMalformedPayloadIsRecordedNotApplied(t *testing.T) {
	h := newHookEnv(t, nil)
	h.deliver(t, []byte(`{"action":"candidate_stage_change","payload":{"application":{"candidate":{"id":"not a number"}}}}`))
	if ev := h.lastEvent(t); ev.Status == db.EventApplied {
		t.Errorf("a payload without an application id was applied")
	}
	// A broken event does not block the ones after it forever.
	for i := 0; i < 6; i++ {
		h.wh.Drain(context.Background())
	}
	h.deliver(t, fixture(t, "job_created"))
	if got := h.query(t, "SELECT count(*) FROM jobs WHERE id = 371417"); got != "1" {
		t.Error("an event after a broken one was never applied")
	}
}
