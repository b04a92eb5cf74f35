package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// payloadRoot describes where each action keeps its record, following
// fixtures/webhook_*.json.
var payloadRoot = map[string][]string{
	"new_candidate_application": {"application", "application.candidate", "application.jobs", "application.current_stage"},
	"new_prospect_application":  {"application", "application.candidate"},
	"candidate_stage_change":    {"application", "application.candidate", "application.jobs", "application.current_stage"},
	"reject_candidate":          {"application", "application.candidate", "application.rejection_reason"},
	"unreject_candidate":        {"application", "application.candidate"},
	"hire_candidate":            {"application", "application.candidate", "application.offer", "application.job", "application.opening"},
	"update_candidate":          {"candidate"},
	"job_created":               {"job", "job.hiring_team", "job.openings"},
	"job_updated":               {"job", "job.hiring_team"},
	"job_post_created":          {"id", "title", "content", "job_id", "live"},
	"job_post_updated":          {"id", "title", "content", "job_id", "live"},
	"offer_created":             {"id", "application_id", "offer_status"},
}

func dig(m map[string]any, path string) (any, bool) {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = mm[k]; !ok || cur == nil {
			return nil, false
		}
	}
	return cur, true
}

func TestStepEvents(t *testing.T) {
	e := newEnv(t, Config{})
	var mu sync.Mutex
	var got []Event
	e.sim.Subscribe(func(ev Event) {
		mu.Lock()
		got = append(got, ev)
		mu.Unlock()
	})
	before := e.sim.Counts()
	e.clock.Add(time.Hour)
	now := e.clock.Now().UTC().Truncate(time.Millisecond)
	events := e.sim.Step(150)
	if len(got) != len(events) {
		t.Fatalf("subscriber saw %d events, Step returned %d", len(got), len(events))
	}
	seen := map[string]int{}
	for _, ev := range events {
		seen[ev.Action]++
		var body map[string]any
		if err := json.Unmarshal(ev.Payload, &body); err != nil {
			t.Fatalf("%s: payload is not JSON: %v", ev.Action, err)
		}
		if body["action"] != ev.Action || !ev.At.Equal(now) {
			t.Fatalf("%s: envelope action %v at %v", ev.Action, body["action"], ev.At)
		}
		payload, _ := body["payload"].(map[string]any)
		roots, ok := payloadRoot[ev.Action]
		if !ok {
			t.Fatalf("unexpected action %s", ev.Action)
		}
		for _, p := range roots {
			if _, ok := dig(payload, p); !ok {
				t.Fatalf("%s: payload lacks %s: %s", ev.Action, p, trunc(ev.Payload))
			}
		}
	}
	for _, a := range []string{"new_candidate_application", "candidate_stage_change", "reject_candidate", "update_candidate"} {
		if seen[a] == 0 {
			t.Errorf("150 steps produced no %s: %v", a, seen)
		}
	}
	after := e.sim.Counts()
	if after["candidates"] <= before["candidates"] || after["applications"] <= before["applications"] {
		t.Fatalf("counts did not grow: %v -> %v", before, after)
	}

	// The changes are visible through the API with the step's timestamp.
	ts := now.Format(tsLayout)
	recent := e.pageAllV3("/v3/applications?per_page=500&updated_at=gte|" + ts)
	if len(recent) == 0 {
		t.Fatal("no application updated by Step")
	}
	for _, ev := range events {
		if ev.Action != "candidate_stage_change" {
			continue
		}
		var body struct {
			Payload struct {
				Application struct {
					ID           int64 `json:"id"`
					CurrentStage struct {
						ID   int64  `json:"id"`
						Name string `json:"name"`
					} `json:"current_stage"`
				} `json:"application"`
			} `json:"payload"`
		}
		json.Unmarshal(ev.Payload, &body)
		app := body.Payload.Application
		_, b := e.v3(fmt.Sprintf("/v3/application_stages?application_ids=%d&current=true", app.ID))
		cur := records(t, b)
		if len(cur) != 1 {
			t.Fatalf("application %d has %d current stages", app.ID, len(cur))
		}
		if int64(cur[0]["job_interview_stage_id"].(float64)) != app.CurrentStage.ID && !strings.Contains(string(ev.Payload), "rejected") {
			// A later step may have moved it again; only the history must agree.
			_, b = e.v3(fmt.Sprintf("/v3/application_stages?application_ids=%d", app.ID))
			found := false
			for _, s := range records(t, b) {
				if int64(s["job_interview_stage_id"].(float64)) == app.CurrentStage.ID && s["entered_at"] == ts {
					found = true
				}
			}
			if !found {
				t.Fatalf("application %d: no stage record entered at %s for %s", app.ID, ts, app.CurrentStage.Name)
			}
		}
		break
	}
}

// Each change kind, forced, changes the records its event describes.
func TestEachChangeKind(t *testing.T) {
	for _, k := range changeKinds {
		t.Run(k.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			e.clock.Add(time.Hour)
			s := e.sim
			s.mu.Lock()
			rc := &renderCtx{s: s, st: s.st, base: e.srv.URL, now: ms(s.now())}
			events := k.apply(s, s.stepRand, rc)
			s.mu.Unlock()
			if len(events) == 0 {
				t.Fatalf("%s found nothing to change", k.name)
			}
			found := false
			for _, ev := range events {
				found = found || ev.Action == k.name
				checkWebhookFixture(t, ev)
			}
			if !found {
				t.Fatalf("events %v lack %s", actions(events), k.name)
			}
			ts := rc.now.Format(tsLayout)
			var body map[string]any
			json.Unmarshal(events[len(events)-1].Payload, &body)
			p := body["payload"].(map[string]any)
			var res string
			var id any
			switch {
			case p["application"] != nil:
				res, id = "applications", p["application"].(map[string]any)["id"]
			case p["candidate"] != nil:
				res, id = "candidates", p["candidate"].(map[string]any)["id"]
			case p["job"] != nil:
				res, id = "jobs", p["job"].(map[string]any)["id"]
			default:
				res, id = "job_posts", p["id"]
			}
			_, b := e.v3(fmt.Sprintf("/v3/%s?ids=%d", res, int64(id.(float64))))
			recs := records(t, b)
			if len(recs) != 1 || recs[0]["updated_at"] != ts {
				t.Fatalf("%s %v after %s: %v", res, id, k.name, recs)
			}
			if k.name == "hire_candidate" && recs[0]["status"] != "hired" {
				t.Fatalf("hired application reads %v", recs[0]["status"])
			}
			if k.name == "job_updated" && recs[0]["status"] != "closed" {
				t.Fatalf("closed job reads %v", recs[0]["status"])
			}
		})
	}
}

// checkWebhookFixture compares an event with the documented example of
// its action: every key of the example must be in the event, at every
// level both have (tenant-specific custom fields aside).
func checkWebhookFixture(t *testing.T, ev Event) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sharedDir(t, "fixtures", "greenhouse"), "webhook_"+ev.Action+".json"))
	if err != nil {
		t.Logf("no fixture for %s: %v", ev.Action, err)
		return
	}
	var fixture, got any
	if err := json.Unmarshal(raw, &fixture); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(ev.Payload, &got); err != nil {
		t.Fatal(err)
	}
	var missing []string
	compareKeys("", fixture, got, &missing)
	if len(missing) > 0 {
		t.Errorf("%s: keys of the documented example missing: %v", ev.Action, missing)
	}
}

func actions(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Action)
	}
	return out
}

func TestRun(t *testing.T) {
	s, err := New(Config{Seed: 1, Candidates: 50, Epoch: testEpoch})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	n := 0
	s.Subscribe(func(Event) {
		mu.Lock()
		n++
		mu.Unlock()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
	defer cancel()
	s.Run(ctx, 10*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if n < 3 {
		t.Fatalf("Run made %d changes in 120 ms at 10 ms intervals", n)
	}
}
