// Package simulator is a faithful, deterministic stand-in for the Greenhouse
// ATS, used by Shortlist's demo, tests and benchmarks because the real
// service cannot be reached from development machines.
//
// One [Sim] generates a complete tenant (the company "Brightline Health":
// departments, offices, users, sources, jobs with posts, pipelines and
// hiring teams, and two years of candidate history with applications,
// stage moves, interviews, scorecards, offers, hires, rejections, notes and
// resume files) from a seed, and serves it through:
//
//   - POST /token: OAuth2 client credentials for Harvest v3, JWT-shaped
//     bearer tokens that expire, and Greenhouse's refusals (400 with a
//     message for a malformed client id or grant type, 401
//     {"message":"Unauthorized","errorId":…} without credentials, 401
//     invalid_client for unknown ones);
//   - /v3/<resource>: Harvest v3 list routes as Greenhouse's reference
//     (harvest_v3_endpoints.json) has them: every route Shortlist reads,
//     plus custom fields and their options, candidate tags, rejection and
//     prospect details, user roles, job post locations and EEOC answers;
//     each record with exactly the reference's fields, every documented
//     parameter accepted and applied, anything else a 422; bare arrays, id
//     DESC, cursor pagination. A candidate can be shown as still being
//     processing ({"message": …}, see SetProcessing);
//   - /v1/...: Harvest v1 on the same records (embedded children, page
//     numbers, Link next/prev/last, Basic auth with the API key);
//   - /files/{id}/{name}: attachment downloads at signed, expiring URLs
//     (PDF, DOCX and text built on demand, never stored);
//   - the writes Shortlist makes (write.go): POST /v3/applications and
//     /v3/notes, and v1's POST /v1/candidates/{id}/applications and
//     …/activity_feed/notes with On-Behalf-Of, validated and permission
//     checked like Greenhouse's, announced by webhook, and logged with the
//     acting user (Writes, CreatedBy).
//
// Rate limits (v3 fixed 30 s window per client, v1 sliding 10 s window per
// key, a 60 s window on /token), injected latency and 5xx failures, an
// outage switch and missing permissions are configurable, so clients can
// be tested against the failures they will meet in production. Step and
// Run change the tenant over time and emit webhook-shaped events.
//
// The same Seed, Epoch and Candidates always produce the same ids, values
// and file bytes. Generated text comes from the package's own vocabulary;
// with Config.CorpusDir the simulator instead reads real job posts and
// resumes from a folder at run time.
//
// In tests, serve it with httptest (which binds 127.0.0.1) and tell it its
// address:
//
//	sim, _ := simulator.New(simulator.Config{Seed: 1, Candidates: 300})
//	srv := httptest.NewServer(sim.Handler())
//	sim.SetBaseURL(srv.URL)
//
// or use the simtest package, which does exactly that.
package simulator
